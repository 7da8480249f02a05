import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../shared/codes'
import { originGuard } from './origin'

/** A tiny app: the guard in front of one GET and one POST route, ApiErrors turned into JSON as the real app does. */
function appWith(allowed: readonly string[] = []) {
  const app = new Hono()
  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.toBody(), error.status)
    throw error
  })
  app.use('*', originGuard(allowed))
  app.get('/thing', (c) => c.text('read'))
  app.post('/thing', (c) => c.text('written'))
  app.put('/thing', (c) => c.text('written'))
  app.patch('/thing', (c) => c.text('written'))
  app.delete('/thing', (c) => c.text('written'))
  return app
}

const HOST = 'rembug.example:8787'
const OWN = `http://${HOST}`

function send(app: Hono, method: string, headers: Record<string, string>) {
  return app.request(`http://${HOST}/thing`, { method, headers: { host: HOST, ...headers } })
}

async function expectBadOrigin(response: Response) {
  expect(response.status).toBe(403)
  const body = (await response.json()) as { error: { code: string; message: string } }
  expect(body.error.code).toBe('bad_origin')
  expect(body.error.message.length).toBeGreaterThan(0)
}

describe('originGuard', () => {
  it('lets a GET through without an Origin header', async () => {
    const response = await send(appWith(), 'GET', {})
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('read')
  })

  it('lets a GET through even with a foreign Origin (reads change nothing)', async () => {
    expect((await send(appWith(), 'GET', { origin: 'https://evil.example' })).status).toBe(200)
  })

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('refuses a %s without an Origin header with 403 bad_origin', async (method) => {
    await expectBadOrigin(await send(appWith(), method, {}))
  })

  it.each([
    ['another host', 'https://evil.example'],
    ['the same host on another port', 'http://rembug.example:9999'],
    ['the same host without the port', 'http://rembug.example'],
    ['a subdomain of the host', 'http://a.rembug.example:8787'],
    ['the host as a prefix of another host', 'http://rembug.example.evil.example:8787'],
    ['the opaque origin "null"', 'null'],
  ])('refuses a POST from %s with 403 bad_origin', async (_case, origin) => {
    await expectBadOrigin(await send(appWith(), 'POST', { origin }))
  })

  it('lets a POST through from the same host and port as the Host header', async () => {
    const response = await send(appWith(), 'POST', { origin: OWN })
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('written')
  })

  it('compares the host case-insensitively', async () => {
    expect((await send(appWith(), 'POST', { origin: 'http://REMBUG.example:8787' })).status).toBe(200)
  })

  it('refuses a WebSocket upgrade (a GET with upgrade: websocket) without an Origin header', async () => {
    await expectBadOrigin(await send(appWith(), 'GET', { upgrade: 'websocket', connection: 'Upgrade' }))
  })

  it('refuses a WebSocket upgrade from a foreign origin, whatever the case of the upgrade header', async () => {
    await expectBadOrigin(await send(appWith(), 'GET', { upgrade: 'WebSocket', origin: 'https://evil.example' }))
  })

  it('lets a WebSocket upgrade through from the own origin', async () => {
    expect((await send(appWith(), 'GET', { upgrade: 'websocket', origin: OWN })).status).toBe(200)
  })

  it('lets a POST through from an extra allowed origin, and still refuses others', async () => {
    const app = appWith(['http://localhost:5173'])
    expect((await send(app, 'POST', { origin: 'http://localhost:5173' })).status).toBe(200)
    expect((await send(app, 'GET', { upgrade: 'websocket', origin: 'http://localhost:5173' })).status).toBe(200)
    await expectBadOrigin(await send(app, 'POST', { origin: 'http://localhost:5174' }))
  })

  it.each([
    ['not a URL', 'rembug.example:8787'],
    ['garbage', '%%%'],
    ['a non-http scheme with the same host', `ftp://${HOST}`],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['an empty string', ''],
  ])('refuses a POST with a malformed Origin (%s) with 403 bad_origin', async (_case, origin) => {
    await expectBadOrigin(await send(appWith(), 'POST', { origin }))
  })
})
