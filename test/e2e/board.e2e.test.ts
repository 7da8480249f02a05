import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../server/logger'
import { startServer, type RunningServer } from '../../server/server'
import { call, invite, joinAsGuest, signup, type Person } from '../helpers/auth'
import { createNoteThroughUi, isolatedContext, launchBrowser, noteTexts, waitForBoard, type IsolatedContext, type RequestRecorder } from './browser'

const clientRoot = resolve('dist/client')

/** Every script file a page loads from now on. */
function recordScripts(page: Page): string[] {
  const scripts: string[] = []
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.push(response.url())
  })
  return scripts
}

describe('live board in two browsers', () => {
  let server: RunningServer
  let dataDir: string
  let browser: Browser
  /** Siti: an account that owns the board. */
  let siti: Person
  let a: IsolatedContext
  let pageA: Page
  let pageB: Page
  let boardUrl: string
  /** Requests each person's browser tried outside the server, and requests that failed. */
  const recorders: RequestRecorder[] = []

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rembug-e2e-'))
    server = await startServer({ host: '127.0.0.1', port: 0, dataDir, log: createLogger('warn'), clientRoot })
    // A signs up and makes the board; B is a guest who joins it with an editor invite's code. Names come from the server.
    siti = await signup(server.url, { name: 'Siti', email: 'siti@example.org' })
    const created = await call<{ id: string }>(server.url, siti, 'POST', '/api/boards', { title: 'Lokakarya Desa A' })
    expect(created.status).toBe(201)
    const boardId = created.body.id
    boardUrl = `${server.url}/b/${boardId}`
    const budi = await joinAsGuest(server.url, (await invite(server.url, siti, boardId, 'editor')).code, 'Budi', 'masyarakat_sipil')
    expect({ boardId: budi.boardId, role: budi.role }).toEqual({ boardId, role: 'editor' })

    browser = await launchBrowser()
    a = await isolatedContext(browser, server.url, { cookie: siti.cookie })
    const b = await isolatedContext(browser, server.url, { cookie: budi.cookie })
    recorders.push(a, b)
    pageA = await a.context.newPage()
    pageB = await b.context.newPage()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('serves a landing page without a session that does not download tldraw', async () => {
    const landing = await isolatedContext(browser, server.url)
    recorders.push(landing)
    const page = await landing.context.newPage()
    const scripts = recordScripts(page)
    await page.goto(server.url)
    await page.getByRole('heading', { name: 'Gabung ke papan' }).waitFor({ timeout: 10_000 })
    await page.getByRole('link', { name: 'Daftar' }).waitFor()
    expect(scripts.length).toBeGreaterThan(0)
    expect(scripts.filter((url) => /BoardPage/.test(url))).toEqual([])
    await landing.context.close()
  })

  it("serves A's home page that lists the board and does not download tldraw", async () => {
    const page = await a.context.newPage()
    const scripts = recordScripts(page)
    await page.goto(server.url)
    await page.getByRole('link', { name: 'Lokakarya Desa A' }).waitFor({ timeout: 10_000 })
    expect(await page.getByText('Masuk sebagai Siti').isVisible()).toBe(true)
    expect(scripts.length).toBeGreaterThan(0)
    expect(scripts.filter((url) => /BoardPage/.test(url))).toEqual([])
    await page.close()
  })

  it('opens the board connected for the account and for the guest', async () => {
    await pageA.goto(boardUrl)
    await waitForBoard(pageA)
    await pageB.goto(boardUrl)
    await waitForBoard(pageB)
    // The names tldraw shows are the server's, not a device's.
    expect(await pageA.evaluate(() => window.rembug!.editor.user.getName())).toBe('Siti')
    expect(await pageB.evaluate(() => window.rembug!.editor.user.getName())).toBe('Budi')
  })

  it('shows a sticky note made in A in B', async () => {
    await createNoteThroughUi(pageA, { x: 500, y: 400 }, 'Pelatihan keterampilan')
    await expect.poll(() => noteTexts(pageA), { timeout: 10_000 }).toEqual(['Pelatihan keterampilan'])
    await expect.poll(() => noteTexts(pageB), { timeout: 10_000 }).toEqual(['Pelatihan keterampilan'])
    expect(await pageB.getByText('Pelatihan keterampilan').first().isVisible()).toBe(true)
  })

  it("shows A's cursor and name in B", async () => {
    await pageA.mouse.move(300, 300)
    await pageA.mouse.move(320, 310, { steps: 5 })
    await pageB.waitForSelector('.tl-collaborators__item .tl-nametag', { timeout: 10_000 })
    expect(await pageB.locator('.tl-collaborators__item .tl-nametag').first().textContent()).toContain('Siti')
    const aPointer = await pageA.evaluate(() => window.rembug!.editor.inputs.getCurrentPagePoint().toJson())
    // Presence is throttled: the last position arrives within a tick or two.
    await expect
      .poll(
        () =>
          pageB.evaluate(() => {
            const presence = window.rembug!.editor.getCollaborators()[0]
            return presence ? { name: presence.userName, x: Math.round(presence.cursor?.x ?? NaN), y: Math.round(presence.cursor?.y ?? NaN) } : null
          }),
        { timeout: 5_000 },
      )
      .toEqual({ name: 'Siti', x: Math.round(aPointer.x), y: Math.round(aPointer.y) })
  })

  it("follows A's viewport in B", async () => {
    const aUserId: string = await pageA.evaluate(() => String(window.rembug!.editor.user.getRecordId()))
    await pageB.evaluate((id: string) => {
      window.rembug!.editor.startFollowingUser(id as never)
    }, aUserId)
    await pageA.evaluate(() => {
      window.rembug!.editor.setCamera({ x: -2000, y: -1500, z: 1 })
    })
    const centerOf = (page: Page) => page.evaluate(() => window.rembug!.editor.getViewportPageBounds().center.toJson())
    const target = await centerOf(pageA)
    await expect
      .poll(async () => {
        const center = await centerOf(pageB)
        return Math.hypot(center.x - target.x, center.y - target.y)
      }, { timeout: 10_000 })
      .toBeLessThan(5)
    await pageB.evaluate(() => {
      window.rembug!.editor.stopFollowingUser()
    })
  })

  it('measures how long a change takes from A to B', async () => {
    // B records when each new position arrives; A stamps when it made it. Same machine, same clock.
    await pageB.evaluate(() => {
      const editor = window.rembug!.editor
      const arrivals: Record<string, number> = {}
      ;(window as unknown as { arrivals: typeof arrivals }).arrivals = arrivals
      editor.store.listen(
        ({ changes }) => {
          for (const [, to] of Object.values(changes.updated)) {
            if (to.typeName === 'shape' && to.type === 'note') arrivals[String(Math.round(to.x))] = Date.now()
          }
        },
        { source: 'remote' },
      )
    })
    const sent: Record<string, number> = {}
    for (let i = 1; i <= 20; i++) {
      const x = 1000 + i * 10
      sent[String(x)] = await pageA.evaluate((nx) => {
        const editor = window.rembug!.editor
        const note = editor.getCurrentPageShapes().find((s) => s.type === 'note')!
        const at = Date.now()
        editor.updateShape({ id: note.id, type: 'note', x: nx })
        return at
      }, x)
      await pageA.waitForTimeout(50)
    }
    await expect
      .poll(() => pageB.evaluate(() => Object.keys((window as unknown as { arrivals: Record<string, number> }).arrivals).length), {
        timeout: 10_000,
      })
      .toBeGreaterThanOrEqual(20)
    const received = await pageB.evaluate(() => (window as unknown as { arrivals: Record<string, number> }).arrivals)
    const latencies = Object.entries(sent).map(([x, at]) => received[x]! - at).sort((p, q) => p - q)
    expect(latencies.every((ms) => Number.isFinite(ms) && ms >= 0)).toBe(true)
    // Reported, not asserted: timing targets live in the benchmarks.
    console.log(`A→B change latency over ${latencies.length} moves: median ${latencies[latencies.length >> 1]} ms, max ${latencies.at(-1)} ms`)
  })

  it('keeps the note when B reloads', async () => {
    await pageB.reload()
    await waitForBoard(pageB)
    await expect.poll(() => noteTexts(pageB), { timeout: 10_000 }).toEqual(['Pelatihan keterampilan'])
  })

  it('made no request outside the server', async () => {
    expect(recorders.length).toBe(3)
    expect(recorders.flatMap((r) => r.foreignRequests)).toEqual([])
    expect(recorders.flatMap((r) => r.failedRequests)).toEqual([])
  })
})
