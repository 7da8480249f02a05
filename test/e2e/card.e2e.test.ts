/**
 * The light card page (`/card/:code`) on a phone throttled to slow 2G, with the facilitator's board open in a desktop
 * browser: join, send a card, see it land on the board; then lose the connection, send a card that waits on the
 * phone, and see it arrive once the connection is back. `npm run test:e2e` builds the client first.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, CDPSession, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../server/logger'
import { startServer, type RunningServer } from '../../server/server'
import { call, invite, signup } from '../helpers/auth'
import { isolatedContext, launchBrowser, noteTexts, PHONE_VIEWPORT, waitForBoard, type IsolatedContext } from './browser'

const clientRoot = resolve('dist/client')
const shots = resolve('test-results/screenshots')

/**
 * Slow 2G as the Network Information API defines its `slow-2g` effective connection type (WICG netinfo, the table
 * of effective connection types, which Chromium reports as `navigator.connection.effectiveType`): a round trip of
 * 2,000 ms or more and at most 50 kbit/s. Applied to both directions; 50 kbit/s is 6,250 bytes a second.
 */
const SLOW_2G = { offline: false, latency: 2_000, downloadThroughput: (50 * 1000) / 8, uploadThroughput: (50 * 1000) / 8 }

interface Transfer {
  url: string
  bytes: number
}

describe('the light card page on a phone at slow 2G', () => {
  let server: RunningServer
  let dataDir: string
  let browser: Browser
  let desk: IsolatedContext
  let phone: IsolatedContext
  let board: Page
  let card: Page
  let cdp: CDPSession
  let code: string
  const transfers: Transfer[] = []

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true })
    dataDir = mkdtempSync(join(tmpdir(), 'rembug-card-'))
    server = await startServer({ host: '127.0.0.1', port: 0, dataDir, log: createLogger('warn'), clientRoot })
    const siti = await signup(server.url, { name: 'Siti', email: 'siti@example.org' })
    const created = await call<{ id: string }>(server.url, siti, 'POST', '/api/boards', { title: 'Forum Desa A', template: 'forum' })
    code = (await invite(server.url, siti, created.body.id, 'editor')).code.replace('-', '')
    browser = await launchBrowser()

    desk = await isolatedContext(browser, server.url, { cookie: siti.cookie, viewport: { width: 1440, height: 900 } })
    board = await desk.context.newPage()
    await board.goto(`${server.url}/b/${created.body.id}`)
    await waitForBoard(board)

    phone = await isolatedContext(browser, server.url, { viewport: PHONE_VIEWPORT })
    card = await phone.context.newPage()
    cdp = await phone.context.newCDPSession(card)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', SLOW_2G)
    const urls = new Map<string, string>()
    cdp.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, event.request.url))
    cdp.on('Network.loadingFinished', (event) => transfers.push({ url: urls.get(event.requestId) ?? '?', bytes: event.encodedDataLength }))
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('loads in a few kilobytes, joins, and a card sent from it appears on the facilitator’s board', async () => {
    const started = Date.now()
    await card.goto(`${server.url}/card/${code}`, { timeout: 60_000 })
    await card.getByLabel('Nama', { exact: true }).waitFor({ timeout: 60_000 })
    const loadMs = Date.now() - started
    const pageBytes = transfers.filter((t) => !t.url.includes('/api/')).reduce((sum, t) => sum + t.bytes, 0)
    console.log(`light card page at slow 2G: join form after ${(loadMs / 1000).toFixed(1)} s; page files ${(pageBytes / 1024).toFixed(1)} KB transferred:`)
    for (const t of transfers) console.log(`  ${t.url.replace(server.url, '')}: ${t.bytes} B`)
    // No tldraw, no React app: the page, its script(s) and the API.
    expect(transfers.filter((t) => !t.url.includes('/api/')).map((t) => new URL(t.url).pathname)).toEqual(
      expect.arrayContaining([`/card/${code}`, expect.stringMatching(/^\/assets\/card-.*\.js$/)]),
    )
    expect(transfers.some((t) => /BoardPage|main-.*\.js/.test(t.url))).toBe(false)
    expect(pageBytes).toBeLessThan(50 * 1024)

    await card.getByText('Forum Desa A').waitFor()
    await card.screenshot({ path: join(shots, 'card-phone-join.png') })
    await card.getByLabel('Nama', { exact: true }).fill('Budi')
    await card.getByLabel(/^Sektor/).selectOption('masyarakat_sipil')
    await card.getByRole('button', { name: 'Lanjut' }).click()
    await card.getByLabel('Isi kartu').waitFor({ timeout: 30_000 })
    await expect.poll(() => card.evaluate(() => document.activeElement?.id)).toBe('text')

    await card.getByLabel('Isi kartu').fill('Air bersih untuk dusun 3')
    await card.getByText('24 dari 500 karakter').waitFor()
    await card.getByLabel('Kebutuhan').check()
    await card.screenshot({ path: join(shots, 'card-phone-compose.png') })
    await card.getByRole('button', { name: 'Kirim kartu' }).click()
    // Saved first: in the list at once, waiting, then sent.
    const item = card.locator('li.card', { hasText: 'Air bersih untuk dusun 3' })
    await item.waitFor({ timeout: 5_000 })
    await item.getByText('Terkirim').waitFor({ timeout: 30_000 })
    await card.getByText('Kartu terkirim ke papan.').waitFor()

    await board.waitForFunction(
      () => window.rembug!.editor.getCurrentPageShapes().some((s) => s.type === 'note' && window.rembug!.editor.getShapeUtil(s).getText(s) === 'Air bersih untuk dusun 3'),
      undefined,
      { timeout: 15_000 },
    )
    const note = await board.evaluate(() => {
      const editor = window.rembug!.editor
      const shape = editor.getCurrentPageShapes().find((s) => s.type === 'note')!
      const parent = editor.getShape(shape.parentId as never)!
      return { color: (shape.props as { color: string }).color, parent: (parent.props as { name?: string }).name, meta: shape.meta }
    })
    expect(note).toEqual({ color: 'yellow', parent: 'Kotak masuk kartu', meta: { cardAuthor: 'Budi', cardCategory: 'needs' } })
    await board.evaluate(() => {
      const editor = window.rembug!.editor
      const shape = editor.getCurrentPageShapes().find((s) => s.type === 'note')!
      editor.zoomToBounds(editor.getShapePageBounds(editor.getShape(shape.parentId as never)!)!, { inset: 40, immediate: true })
    })
    await board.screenshot({ path: join(shots, 'card-board-desktop.png') })
  })

  it('keeps a card sent offline waiting on the phone, and sends it when the connection returns', async () => {
    await cdp.send('Network.emulateNetworkConditions', { ...SLOW_2G, offline: true })
    await card.getByLabel('Isi kartu').fill('Pelatihan menjahit untuk kelompok perempuan\nbaris kedua')
    await card.getByLabel('Gagasan').check()
    await card.getByRole('button', { name: 'Kirim kartu' }).click()
    const item = card.locator('li.card', { hasText: 'Pelatihan menjahit' })
    await item.getByText('Menunggu koneksi').waitFor({ timeout: 10_000 })
    await card.getByText('Menunggu koneksi (1)').waitFor()
    // It is in localStorage, not only on screen.
    const stored = await card.evaluate(() => Object.entries(localStorage).filter(([key]) => key.startsWith('rembug.cards.')).map(([, value]) => value).join(''))
    expect(stored).toContain('Pelatihan menjahit')
    await card.screenshot({ path: join(shots, 'card-phone-waiting.png'), fullPage: true })
    // Nothing reached the board while offline.
    expect((await noteTexts(board)).some((t) => t.startsWith('Pelatihan'))).toBe(false)

    await cdp.send('Network.emulateNetworkConditions', SLOW_2G)
    await item.getByText('Terkirim').waitFor({ timeout: 60_000 })
    await expect.poll(() => card.getByText(/Menunggu koneksi \(/).count()).toBe(0)
    await board.waitForFunction(
      () => window.rembug!.editor.getCurrentPageShapes().some((s) => s.type === 'note' && (window.rembug!.editor.getShapeUtil(s).getText(s) ?? '').startsWith('Pelatihan menjahit')),
      undefined,
      { timeout: 15_000 },
    )
    expect((await noteTexts(board)).filter((t) => t.startsWith('Pelatihan'))).toHaveLength(1)
    await card.screenshot({ path: join(shots, 'card-phone-sent.png'), fullPage: true })
  })

  it('fits a 320-pixel-wide phone and switches to English', async () => {
    await card.setViewportSize({ width: 320, height: 640 })
    const overflow = await card.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await card.getByRole('button', { name: 'Switch to English' }).click()
    await card.getByLabel('Card text').waitFor()
    await card.getByText('Cards from this device').waitFor()
    expect(await card.evaluate(() => [document.documentElement.lang, localStorage.getItem('rembug.lang')])).toEqual(['en', 'en'])
    await card.screenshot({ path: join(shots, 'card-phone-320-en.png'), fullPage: true })
    await card.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click()
    await card.getByLabel('Isi kartu').waitFor()
  })

  it('is offered on the join page', async () => {
    const join = await desk.context.newPage()
    await join.goto(`${server.url}/join/${code}`)
    const link = join.getByRole('link', { name: 'Pakai halaman kartu ringan' })
    expect(await link.getAttribute('href')).toBe(`/card/${code}`)
    await join.close()
  })

  it('asked nothing of any host but the server', () => {
    expect(phone.foreignRequests).toEqual([])
    expect(desk.foreignRequests).toEqual([])
    // While offline the phone's attempts failed; nothing else did.
    expect(phone.failedRequests.filter((r) => !/\/cards .*ERR_INTERNET_DISCONNECTED/.test(r))).toEqual([])
    expect(desk.failedRequests).toEqual([])
    const total = transfers.reduce((sum, t) => sum + t.bytes, 0)
    console.log(`light card page: ${transfers.length} requests, ${(total / 1024).toFixed(1)} KB transferred in all`)
  })
})
