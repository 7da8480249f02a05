import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../server/logger'
import { startServer, type RunningServer } from '../../server/server'
import { call, invite, joinAsGuest, signup } from '../helpers/auth'
import { startCuttableProxy, type CuttableProxy } from '../helpers/cuttableProxy'
import { isolatedContext, launchBrowser, PHONE_VIEWPORT, waitForBoard, type IsolatedContext } from './browser'

const clientRoot = resolve('dist/client')
const shots = resolve('test-results/screenshots')

/** Makes a note through the editor's API (the way a tap with the note tool ends), with a text to find it by. */
function addNote(page: Page, text: string, x: number): Promise<void> {
  return page.evaluate(
    ({ text, x }) => {
      const editor = window.rembug!.editor
      editor.createShape({ type: 'note', x, y: 100, props: { richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] } } })
    },
    { text, x },
  )
}

function noteTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const editor = window.rembug!.editor
    return editor
      .getCurrentPageShapes()
      .filter((shape) => shape.type === 'note')
      .map((shape) => editor.getShapeUtil(shape).getText(shape) ?? '')
      .sort()
  })
}

function badge(page: Page) {
  return page.locator('[data-testid="connection-state"]')
}

describe('offline: a participant who loses the connection keeps working', () => {
  let server: RunningServer
  let dataDir: string
  let browser: Browser
  let a: IsolatedContext
  let b: IsolatedContext
  let pageA: Page
  let pageB: Page
  let boardUrl: string
  /** B reaches the server through this, so the test can cut B's link like a lost Wi-Fi. */
  let link: CuttableProxy

  /** The network goes: the link drops (board socket too) and the browser knows it is offline. */
  async function goOffline() {
    link.cut()
    await b.context.setOffline(true)
  }
  async function goOnline() {
    link.restore()
    await b.context.setOffline(false)
  }

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true })
    dataDir = mkdtempSync(join(tmpdir(), 'rembug-offline-'))
    server = await startServer({ host: '127.0.0.1', port: 0, dataDir, log: createLogger('warn'), clientRoot })
    const siti = await signup(server.url, { name: 'Siti', email: 'siti@example.org' })
    const created = await call<{ id: string }>(server.url, siti, 'POST', '/api/boards', { title: 'Balai Desa' })
    boardUrl = `${server.url}/b/${created.body.id}`
    const budi = await joinAsGuest(server.url, (await invite(server.url, siti, created.body.id, 'editor')).code, 'Budi', 'swasta')
    browser = await launchBrowser()
    a = await isolatedContext(browser, server.url, { cookie: siti.cookie })
    const port = Number(new URL(server.url).port)
    link = await startCuttableProxy({ host: '127.0.0.1', port })
    b = await isolatedContext(browser, link.url, { cookie: budi.cookie, viewport: PHONE_VIEWPORT })
    pageA = await a.context.newPage()
    pageB = await b.context.newPage()
    await pageA.goto(boardUrl)
    await pageB.goto(boardUrl.replace(server.url, link.url))
    await Promise.all([waitForBoard(pageA), waitForBoard(pageB)])
    // The service worker takes over the page once it is active; the next load is served through it.
    await pageB.waitForFunction(() => navigator.serviceWorker.ready.then(() => true), undefined, { timeout: 15_000 })
  })

  afterAll(async () => {
    await browser?.close()
    await link?.close()
    await server?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('edits made while the network is cut wait, are counted, and merge on the other page when it returns', async () => {
    await goOffline()
    await expect.poll(() => badge(pageB).getAttribute('data-state'), { timeout: 15_000 }).not.toBe('connected')
    await addNote(pageB, 'Dicatat tanpa sinyal', 0)
    await addNote(pageB, 'Kedua, masih luring', 300)
    await expect.poll(() => badge(pageB).getAttribute('data-pending')).toBe('2')
    expect(await badge(pageB).textContent()).toContain('2 perubahan menunggu')
    await pageB.screenshot({ path: join(shots, 'offline-pending-phone.png') })
    // Meanwhile A keeps editing too.
    await addNote(pageA, 'Dari fasilitator', 600)
    await pageA.waitForTimeout(500)
    expect(await noteTexts(pageA)).toEqual(['Dari fasilitator'])

    await goOnline()
    await expect.poll(() => noteTexts(pageA), { timeout: 20_000 }).toEqual(['Dari fasilitator', 'Dicatat tanpa sinyal', 'Kedua, masih luring'])
    await expect.poll(() => noteTexts(pageB), { timeout: 20_000 }).toEqual(['Dari fasilitator', 'Dicatat tanpa sinyal', 'Kedua, masih luring'])
    await expect.poll(() => badge(pageB).getAttribute('data-state'), { timeout: 20_000 }).toBe('connected')
    expect(await badge(pageB).getAttribute('data-pending')).toBe('0')
  })

  it('opens again from this device without any connection, and what is edited there merges later', async () => {
    await goOffline()
    await pageB.reload()
    // The shell from the service worker, the board from IndexedDB: the editor is there although the server is not.
    await pageB.waitForFunction(() => Boolean(window.rembug?.editor), undefined, { timeout: 30_000 })
    await expect.poll(() => noteTexts(pageB), { timeout: 15_000 }).toEqual(['Dari fasilitator', 'Dicatat tanpa sinyal', 'Kedua, masih luring'])
    expect(await badge(pageB).getAttribute('data-state')).not.toBe('connected')
    await addNote(pageB, 'Setelah dimuat ulang', 900)
    await expect.poll(() => badge(pageB).getAttribute('data-pending')).toBe('1')

    await goOnline()
    await expect.poll(() => noteTexts(pageA), { timeout: 30_000 }).toContain('Setelah dimuat ulang')
    expect((await noteTexts(pageA)).length).toBe(4)
  })

  it('asked nothing of any other host', () => {
    expect(a.foreignRequests).toEqual([])
    expect(b.foreignRequests).toEqual([])
  })
})
