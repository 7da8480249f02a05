import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RECORDS_KEY, type RecordEntry } from '../../shared/boardDoc'
import { createLogger } from '../../server/logger'
import { startServer, type RunningServer } from '../../server/server'
import { loadStoredDoc } from '../helpers/server'
import { createNoteThroughUi, isolatedContext, launchBrowser, noteTexts, PHONE_VIEWPORT, waitForBoard, type RequestRecorder } from './browser'

const clientRoot = resolve('dist/client')
/** The record the viewer page forces into its own doc; it must never leave that page. */
const FORCED_ID = 'shape:forced-by-viewer'
const FORCED_TEXT = 'Tulisan pengamat'

/** Ids of the records the server has stored for the board (snapshot and update log, as read from storage). */
async function storedRecordIds(server: RunningServer, boardId: string): Promise<string[]> {
  const doc = await loadStoredDoc(server.storage, boardId)
  return doc.getArray<RecordEntry>(RECORDS_KEY).toArray().map((entry) => entry.key)
}

/** Ids of the shapes on a page's tldraw store. */
function shapeIds(page: Page): Promise<string[]> {
  return page.evaluate(() => window.rembug!.editor.getCurrentPageShapes().map((shape) => String(shape.id)))
}

/** Opens the share dialog, makes an invite for `role` and answers the code the invite card shows. */
async function createInviteInShareDialog(page: Page, role: 'editor' | 'viewer'): Promise<string> {
  await page.getByTestId('share-button').click()
  const dialog = page.getByRole('dialog', { name: 'Undang peserta' })
  await dialog.waitFor()
  await dialog.getByRole('radio', { name: role === 'editor' ? /^Editor/ : /^Pengamat/ }).check()
  await dialog.getByRole('button', { name: 'Buat undangan' }).click()
  const card = dialog.getByTestId('invite-card')
  await card.waitFor({ timeout: 10_000 })
  expect(await card.textContent()).toContain(role === 'editor' ? 'Editor' : 'Pengamat')
  const code = (await card.getByTestId('invite-code').textContent())?.trim() ?? ''
  expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/)
  return code
}

async function closeShareDialog(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Undang peserta' })
  await dialog.getByRole('button', { name: 'Tutup' }).click()
  await dialog.waitFor({ state: 'detached' })
}

describe('accounts, invites, guests and roles in real browsers', () => {
  let server: RunningServer
  let dataDir: string
  let browser: Browser
  let facilitator: Page
  let guest: Page
  let viewer: Page
  let boardId: string
  let editorCode: string
  const recorders: RequestRecorder[] = []

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rembug-e2e-access-'))
    server = await startServer({ host: '127.0.0.1', port: 0, dataDir, log: createLogger('warn'), clientRoot })
    browser = await launchBrowser()
    const f = await isolatedContext(browser, server.url)
    const g = await isolatedContext(browser, server.url, { viewport: PHONE_VIEWPORT })
    const v = await isolatedContext(browser, server.url)
    recorders.push(f, g, v)
    facilitator = await f.context.newPage()
    guest = await g.context.newPage()
    viewer = await v.context.newPage()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('lets a facilitator sign up and make a board from the home page', async () => {
    await facilitator.goto(`${server.url}/signup`)
    await facilitator.getByLabel('Nama', { exact: true }).fill('Rina Fasilitator')
    await facilitator.getByLabel('E-mail').fill('rina@example.org')
    await facilitator.getByLabel('Kata sandi').fill('rahasia-sekali')
    await facilitator.getByRole('button', { name: 'Daftar' }).click()
    // Signed up: the account's home, with the form for a new board.
    await facilitator.waitForURL(`${server.url}/`)
    await facilitator.getByText('Masuk sebagai Rina Fasilitator').waitFor({ timeout: 10_000 })
    await facilitator.getByLabel('Judul papan', { exact: true }).fill('Forum Desa Sukamaju')
    await facilitator.getByRole('button', { name: 'Buat papan' }).click()
    await facilitator.waitForURL(/\/b\/[^/]+$/)
    boardId = new URL(facilitator.url()).pathname.split('/').pop()!
    await waitForBoard(facilitator)
    expect(await facilitator.getByText('Forum Desa Sukamaju').first().isVisible()).toBe(true)
    expect(await facilitator.getByTestId('readonly-badge').count()).toBe(0)
  })

  it('shows an editor invite with its code and QR code in the share dialog', async () => {
    editorCode = await createInviteInShareDialog(facilitator, 'editor')
    const qr = facilitator.getByTestId('invite-qr')
    await qr.waitFor({ timeout: 10_000 })
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/)
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
    expect(await facilitator.getByLabel('Tautan undangan').inputValue()).toBe(`${server.url}/join/${editorCode.replace('-', '')}`)
    await closeShareDialog(facilitator)
  })

  it('lets a guest on a phone join with the code typed in lower case, a name and a sector', async () => {
    await guest.goto(`${server.url}/join`)
    await guest.getByLabel('Kode undangan').fill(editorCode.toLowerCase())
    await guest.getByRole('button', { name: 'Lanjut' }).click()
    await guest.waitForURL(`${server.url}/join/${editorCode.replace('-', '')}`)
    await guest.getByText('Forum Desa Sukamaju').waitFor({ timeout: 10_000 })
    await guest.getByLabel('Nama tampilan').fill('Dewi')
    await guest.getByLabel(/^Sektor/).selectOption({ label: 'Akademisi' })
    await guest.getByRole('button', { name: 'Masuk ke papan' }).click()
    await guest.waitForURL(`${server.url}/b/${boardId}`)
    await waitForBoard(guest)
    expect(await guest.getByTestId('readonly-badge').count()).toBe(0)
    // A guest does not manage invites.
    expect(await guest.getByTestId('share-button').count()).toBe(0)
  })

  it('carries edits both ways between the facilitator and the guest', async () => {
    await createNoteThroughUi(facilitator, { x: 600, y: 400 }, 'Air bersih')
    await expect.poll(() => noteTexts(guest), { timeout: 10_000 }).toEqual(['Air bersih'])
    await createNoteThroughUi(guest, { x: 150, y: 600 }, 'Jalan desa')
    await expect.poll(() => noteTexts(facilitator), { timeout: 10_000 }).toEqual(['Air bersih', 'Jalan desa'])
    await expect.poll(() => noteTexts(guest), { timeout: 10_000 }).toEqual(['Air bersih', 'Jalan desa'])
  })

  it("lists the guest with role and sector in the facilitator's people panel", async () => {
    await facilitator.getByTestId('people-button').click()
    const panel = facilitator.getByTestId('people-panel')
    await panel.waitFor()
    const dewi = panel.getByRole('listitem').filter({ hasText: 'Dewi' })
    await dewi.waitFor({ timeout: 10_000 })
    expect(await dewi.locator('.role-badge').textContent()).toBe('Editor')
    expect(await dewi.textContent()).toContain('Akademisi')
    const self = panel.getByRole('listitem').filter({ hasText: 'Rina Fasilitator' })
    expect(await self.textContent()).toContain('(Anda)')
    expect(await self.locator('.role-badge').textContent()).toBe('Pemilik')
    await panel.getByRole('button', { name: 'Tutup' }).click()
    await panel.waitFor({ state: 'detached' })
  })

  it('keeps a viewer read-only, in the UI and on the server', async () => {
    const viewerCode = await createInviteInShareDialog(facilitator, 'viewer')
    await closeShareDialog(facilitator)
    // The viewer opens the invite's link (what the QR code holds).
    await viewer.goto(`${server.url}/join/${viewerCode.replace('-', '')}`)
    await viewer.getByText('Pengamat dapat melihat papan tetapi tidak dapat mengubahnya.').waitFor({ timeout: 10_000 })
    await viewer.getByLabel('Nama tampilan').fill('Proyektor')
    await viewer.getByRole('button', { name: 'Masuk ke papan' }).click()
    await viewer.waitForURL(`${server.url}/b/${boardId}`)
    await waitForBoard(viewer)
    await viewer.getByTestId('readonly-badge').waitFor()
    expect(await viewer.getByTestId('readonly-badge').textContent()).toContain('Hanya melihat')
    await expect.poll(() => noteTexts(viewer), { timeout: 10_000 }).toEqual(['Air bersih', 'Jalan desa'])
    const before = (await shapeIds(facilitator)).sort()

    // Through the UI: the note tool does not start and a click makes nothing.
    await viewer.keyboard.press('n')
    await viewer.mouse.click(900, 600)
    await viewer.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
    expect(await viewer.evaluate(() => window.rembug!.editor.getEditingShapeId())).toBeNull()
    expect((await shapeIds(viewer)).sort()).toEqual(before)

    // Forced: switch tldraw to read-write and put a note into the store; it reaches the page's own Yjs doc, which
    // sends it to the server.
    await viewer.evaluate(
      ({ id, text }) => {
        const editor = window.rembug!.editor
        editor.updateInstanceState({ isReadonly: false })
        const template = editor.getCurrentPageShapes().find((shape) => shape.type === 'note')!
        const richText = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] }
        editor.store.put([{ ...template, id: id as never, x: template.x + 400, props: { ...template.props, richText } } as never])
      },
      { id: FORCED_ID, text: FORCED_TEXT },
    )
    await viewer.waitForFunction(
      (id) => window.rembug!.session.doc.getArray<{ key: string }>('records').toArray().some((entry) => entry.key === id),
      FORCED_ID,
      { timeout: 5_000 },
    )
    // Once the viewer's later presence reaches the facilitator, the server has read (and dropped) that write.
    await viewer.evaluate(() => window.rembug!.session.provider.awareness.setLocalStateField('marker', 'after-forced-write'))
    await facilitator.waitForFunction(
      () => [...window.rembug!.session.provider.awareness.getStates().values()].some((state) => state.marker === 'after-forced-write'),
      undefined,
      { timeout: 10_000 },
    )
    // A later edit by the facilitator is stored and reaches the viewer: the viewer is still connected and reading.
    await createNoteThroughUi(facilitator, { x: 950, y: 250 }, 'Sesudah')
    await expect.poll(() => noteTexts(viewer), { timeout: 10_000 }).toEqual(['Air bersih', 'Jalan desa', 'Sesudah', FORCED_TEXT])
    // Everything the facilitator's page shows is stored, the new note included.
    await expect.poll(async () => {
      const stored = await storedRecordIds(server, boardId)
      return (await shapeIds(facilitator)).every((id) => stored.includes(id))
    }, { timeout: 10_000 }).toBe(true)

    expect(await noteTexts(facilitator)).toEqual(['Air bersih', 'Jalan desa', 'Sesudah'])
    expect(await shapeIds(facilitator)).not.toContain(FORCED_ID)
    expect(await shapeIds(guest)).not.toContain(FORCED_ID)
    expect(await storedRecordIds(server, boardId)).not.toContain(FORCED_ID)
    expect(await viewer.getByTestId('connection-state').getAttribute('data-state')).toBe('connected')
  })

  it("shows the guest that access was removed when the facilitator revokes the guest's invite", async () => {
    await facilitator.getByTestId('share-button').click()
    const dialog = facilitator.getByRole('dialog', { name: 'Undang peserta' })
    await dialog.getByRole('button', { name: `Cabut undangan ${editorCode}` }).click()
    await dialog.locator('.invite-list li[data-state="revoked"]').filter({ hasText: editorCode }).waitFor({ timeout: 10_000 })
    await guest.getByTestId('access-removed').waitFor({ timeout: 10_000 })
    expect(await guest.getByTestId('access-removed').textContent()).toContain('Akses Anda ke papan ini telah dicabut.')
    // The viewer (another invite) and the facilitator keep the board.
    expect(await viewer.getByTestId('connection-state').getAttribute('data-state')).toBe('connected')
    await closeShareDialog(facilitator)
    expect(await facilitator.getByTestId('connection-state').getAttribute('data-state')).toBe('connected')
  })

  it('made no request outside the server', async () => {
    expect(recorders.length).toBe(3)
    expect(recorders.flatMap((r) => r.foreignRequests)).toEqual([])
    expect(recorders.flatMap((r) => r.failedRequests)).toEqual([])
  })
})
