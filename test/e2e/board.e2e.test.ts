import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../server/logger'
import { startServer, type RunningServer } from '../../server/server'
import { isolatedContext, launchBrowser, presetIdentity, waitForBoard } from './browser'

const clientRoot = resolve('dist/client')

/** The text of every note on the page, read from tldraw's store. */
function noteTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const editor = window.rembug!.editor
    return editor
      .getCurrentPageShapes()
      .filter((shape) => shape.type === 'note')
      .map((shape) => editor.getShapeUtil(shape).getText(shape) ?? '')
  })
}

describe('live board in two browsers', () => {
  let server: RunningServer
  let dataDir: string
  let browser: Browser
  let pageA: Page
  let pageB: Page
  let boardUrl: string
  /** Requests each person's browser tried outside the server, and requests that failed. */
  const recorders: Array<{ foreignRequests: string[]; failedRequests: string[] }> = []

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rembug-e2e-'))
    server = await startServer({ host: '127.0.0.1', port: 0, dataDir, log: createLogger('warn'), clientRoot })
    const response = await fetch(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Lokakarya Desa A' }),
    })
    const board = (await response.json()) as { id: string }
    boardUrl = `${server.url}/b/${board.id}`
    browser = await launchBrowser()

    const a = await isolatedContext(browser, server.url)
    const b = await isolatedContext(browser, server.url)
    await presetIdentity(b.context, { id: 'person-b', name: 'Budi', color: '#1971c2' })
    recorders.push(a, b)
    pageA = await a.context.newPage()
    pageB = await b.context.newPage()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('serves a home page that lists the board and does not download tldraw', async () => {
    const home = await isolatedContext(browser, server.url)
    recorders.push(home)
    const page = await home.context.newPage()
    const scripts: string[] = []
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.push(response.url())
    })
    await page.goto(server.url)
    await page.getByRole('link', { name: 'Lokakarya Desa A' }).waitFor({ timeout: 10_000 })
    expect(scripts.length).toBeGreaterThan(0)
    expect(scripts.filter((url) => /BoardPage/.test(url))).toEqual([])
    await home.context.close()
  })

  it('asks A for a name once, then opens the board connected', async () => {
    await pageA.goto(boardUrl)
    await pageA.fill('#display-name', 'Siti')
    await pageA.click('button[type="submit"]')
    await waitForBoard(pageA)
    await pageB.goto(boardUrl)
    await waitForBoard(pageB)
    const stored = await pageA.evaluate(() => JSON.parse(localStorage.getItem('rembug.identity') ?? '{}') as { name?: string })
    expect(stored.name).toBe('Siti')
  })

  it('shows a sticky note made in A in B', async () => {
    // Draw it as a person would: the note tool, a click on the canvas, typing, Escape.
    await pageA.keyboard.press('n')
    await pageA.mouse.click(500, 400)
    // Type only once the note's text editor has focus, as a person waits for the caret.
    await pageA.waitForFunction(() => {
      const editing = window.rembug!.editor.getEditingShapeId() !== null
      return editing && document.activeElement?.getAttribute('contenteditable') === 'true'
    })
    await pageA.keyboard.type('Pelatihan keterampilan')
    await pageA.keyboard.press('Escape')
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
