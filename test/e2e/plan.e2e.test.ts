import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, Download, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../server/logger'
import { startServer, type RunningServer } from '../../server/server'
import { call, invite, joinAsGuest, signup, type Person } from '../helpers/auth'
import { isolatedContext, launchBrowser, PHONE_VIEWPORT, waitForBoard, type IsolatedContext, type RequestRecorder } from './browser'

const clientRoot = resolve('dist/client')
/** Screenshots for a person to look at (not compared by the test). */
const shots = resolve('test-results/screenshots')

interface ShapeInfo {
  id: string
  props: Record<string, unknown>
}

/** Every shape of a type on the open page, from tldraw's store. */
function shapes(page: Page, type: string): Promise<ShapeInfo[]> {
  return page.evaluate(
    (type) =>
      window
        .rembug!.editor.getCurrentPageShapes()
        .filter((shape) => shape.type === type)
        .map((shape) => ({ id: shape.id, props: shape.props as Record<string, unknown> })),
    type,
  )
}

/** The plan panel, found as a screen reader user would: the complementary landmark named by its heading. */
const planPanel = (page: Page) => page.getByRole('complementary', { name: 'Rencana forum' })

/** Presses Tab until the plan toggle has focus (proving it is in the tab order), then returns how many presses it took. */
async function tabToPlanButton(page: Page): Promise<number> {
  for (let presses = 1; presses <= 60; presses++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate(() => document.activeElement?.id === 'plan-button')) return presses
  }
  throw new Error('the plan button was not reached with Tab')
}

/** Clicks an export button and answers the downloaded file's bytes and name. */
async function download(page: Page, button: Locator): Promise<{ bytes: Buffer; name: string }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), button.click()])
  return { bytes: readFileSync((await (file as Download).path())!), name: (file as Download).suggestedFilename() }
}

/** Whether the shape's whole box is on screen and clear of the plan panel. */
function shapeInView(page: Page, id: string): Promise<{ onScreen: boolean; clearOfPanel: boolean }> {
  return page.evaluate((id) => {
    const editor = window.rembug!.editor
    const bounds = editor.getShapePageBounds(id as never)!
    const topLeft = editor.pageToScreen({ x: bounds.x, y: bounds.y })
    const bottomRight = editor.pageToScreen({ x: bounds.maxX, y: bounds.maxY })
    const screen = editor.getViewportScreenBounds()
    const panel = document.querySelector('.plan-panel')?.getBoundingClientRect()
    return {
      onScreen: topLeft.x >= screen.x - 1 && topLeft.y >= screen.y - 1 && bottomRight.x <= screen.maxX + 1 && bottomRight.y <= screen.maxY + 1,
      clearOfPanel: !panel || topLeft.x >= panel.right - 1 || bottomRight.x <= panel.left + 1 || topLeft.y >= panel.bottom - 1 || bottomRight.y <= panel.top + 1,
    }
  }, id)
}

/** Waits until tldraw's camera has stopped moving (the locate animation is 320 ms). */
async function cameraSettled(page: Page): Promise<void> {
  let last = ''
  await expect
    .poll(
      async () => {
        const now = JSON.stringify(await page.evaluate(() => window.rembug!.editor.getCamera()))
        const settled = now === last
        last = now
        return settled
      },
      { interval: 150, timeout: 5_000 },
    )
    .toBe(true)
}

describe('the plan panel, in the browser', () => {
  let server: RunningServer
  let dataDir: string
  let browser: Browser
  let siti: Person
  let desktop: IsolatedContext
  let page: Page
  let boardId: string
  const recorders: RequestRecorder[] = []

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true })
    dataDir = mkdtempSync(join(tmpdir(), 'rembug-plan-'))
    server = await startServer({ host: '127.0.0.1', port: 0, dataDir, log: createLogger('warn'), clientRoot })
    siti = await signup(server.url, { name: 'Siti', email: 'siti@example.org' })
    const created = await call<{ id: string }>(server.url, siti, 'POST', '/api/boards', { title: 'Forum Desa A', template: 'example-desa-a' })
    expect(created.status).toBe(201)
    boardId = created.body.id
    browser = await launchBrowser()
    desktop = await isolatedContext(browser, server.url, { cookie: siti.cookie, viewport: { width: 1440, height: 900 } })
    recorders.push(desktop)
    page = await desktop.context.newPage()
    await page.goto(`${server.url}/b/${boardId}`)
    await waitForBoard(page)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('opens from the keyboard and shows the example’s stakeholders, vision, actions and indicators', async () => {
    const presses = await tabToPlanButton(page)
    expect(presses).toBeGreaterThan(0)
    expect(await page.locator('#plan-button').getAttribute('aria-expanded')).toBe('false')
    await page.keyboard.press('Enter')
    const panel = planPanel(page)
    await panel.waitFor({ timeout: 10_000 })
    expect(await page.locator('#plan-button').getAttribute('aria-expanded')).toBe('true')
    // Focus moves into the panel, and Tab goes on from there.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('plan-panel')

    expect(await panel.getByRole('heading', { level: 2 }).textContent()).toBe('Rencana forum')
    const sections = await panel.getByRole('heading', { level: 3 }).allTextContents()
    expect(sections.map((s) => s.replace(/\s*\d+$/, ''))).toEqual([
      'Unduh',
      'Perlu dilengkapi',
      'Pemangku kepentingan per sektor',
      'Peta pengaruh dan kepentingan',
      'Visi dan misi',
      'Aksi',
      'Jadwal aksi',
      'Indikator',
      'Catatan diskusi',
    ])

    // Every stakeholder of the board is in the table of its sector.
    const stakeholders = await shapes(page, 'stakeholder')
    expect(stakeholders.length).toBeGreaterThanOrEqual(7)
    const government = panel.getByRole('table', { name: /^Pemerintah \(\d+\)/ })
    expect((await government.getByRole('rowheader').allTextContents()).sort()).toEqual(
      stakeholders
        .filter((s) => s.props.sector === 'pemerintah')
        .map((s) => s.props.name)
        .sort(),
    )
    for (const stakeholder of stakeholders) {
      await panel.getByRole('button', { name: `Tampilkan di papan: ${stakeholder.props.name as string}`, exact: true }).first().waitFor({ timeout: 2_000 })
    }
    // Influence and interest show as P and K (as on the cards); their full names stay for screen readers.
    for (const header of ['Nama', 'Lembaga', 'Peran', 'Pengaruh', 'Kepentingan', 'Kuadran']) {
      expect(await government.getByRole('columnheader', { name: header, exact: true }).count()).toBe(1)
    }

    // The actions table: goal, who, due (dd/mm/yyyy), budget (Rp), status; and the total.
    const actions = panel.getByRole('table', { name: /^Rencana aksi/ })
    const training = actions.getByRole('row', { name: /Melatih 60 perempuan/ })
    expect(await training.getByRole('cell').allTextContents()).toEqual(['Pemerintah Desa A', '30/06/2027', 'Rp 45.000.000APBDes', 'Selesai'])
    expect(await actions.locator('tfoot').textContent()).toContain('Rp 176.000.000')

    // The adopted vision, the indicators with progress, and the charts as images with a name.
    await panel.getByRole('button', { name: /^Tampilkan di papan: Perempuan Desa A mandiri secara ekonomi/ }).waitFor()
    const indicators = panel.getByRole('table', { name: /^Indikator pemantauan/ })
    expect(await indicators.getByRole('row', { name: /Perempuan yang lulus/ }).textContent()).toContain('97%')
    expect(await panel.getByRole('img', { name: /^Peta pengaruh dan kepentingan: \d+ pemangku kepentingan$/ }).count()).toBe(1)
    expect(await panel.getByRole('img', { name: /^Jadwal 4 aksi, \d\d\/\d\d\/\d{4} sampai \d\d\/\d\d\/\d{4}$/ }).count()).toBe(1)
    await page.screenshot({ path: join(shots, 'plan-panel-desktop.png') })
    await panel.locator('.plan-chart-section').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(shots, 'plan-chart-desktop.png') })
    await panel.locator('.plan-timeline-section').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(shots, 'plan-timeline-desktop.png') })
    // Widened, the tables show as tables (narrower, each row is a small card).
    const widen = panel.getByRole('button', { name: 'Lebarkan panel' })
    await widen.click()
    expect(await widen.getAttribute('aria-pressed')).toBe('true')
    await panel.getByRole('heading', { name: 'Aksi', exact: true }).scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(shots, 'plan-panel-wide-desktop.png') })
    await widen.click()
    await panel.evaluate((element) => element.scrollTo({ top: 0 }))
  })

  it('updates live when someone else edits an action in another page', async () => {
    const other = await desktop.context.newPage()
    await other.goto(`${server.url}/b/${boardId}`)
    await waitForBoard(other)
    const training = (await shapes(other, 'action')).find((a) => String(a.props.goal).startsWith('Melatih 60 perempuan'))!
    await other.evaluate((id) => {
      const editor = window.rembug!.editor
      editor.updateShape({ id: id as never, type: 'action', props: { goal: 'Melatih 80 perempuan menjahit sebelum 31 Juli 2027' } })
    }, training.id)
    const panel = planPanel(page)
    await panel.getByRole('button', { name: 'Tampilkan di papan: Melatih 80 perempuan menjahit sebelum 31 Juli 2027' }).waitFor({ timeout: 10_000 })
    expect(await panel.getByText(/Melatih 60 perempuan/).count()).toBe(0)

    // A new action with no owner and no due date shows up as two things to complete.
    await other.evaluate(() => {
      const editor = window.rembug!.editor
      editor.createShape({ type: 'action', x: -3000, y: -3000, props: { goal: 'Aksi baru tanpa pemilik' } })
    })
    const problems = panel.locator('.plan-problem-list')
    await problems.getByRole('button', { name: 'Tampilkan di papan: Aksi baru tanpa pemilik' }).first().waitFor({ timeout: 10_000 })
    expect(await problems.locator('li').allTextContents()).toEqual(
      expect.arrayContaining(['Aksi tanpa penanggung jawabAksi baru tanpa pemilik', 'Aksi tanpa tenggatAksi baru tanpa pemilik']),
    )
    await other.close()
  })

  it('shows a problem’s card and a stakeholder on the board: selected, zoomed to, clear of the panel', async () => {
    const panel = planPanel(page)
    await panel.locator('.plan-problem-list').getByRole('button', { name: 'Tampilkan di papan: Aksi baru tanpa pemilik' }).first().click()
    const created = (await shapes(page, 'action')).find((a) => a.props.goal === 'Aksi baru tanpa pemilik')!
    expect(await page.evaluate(() => window.rembug!.editor.getSelectedShapeIds())).toEqual([created.id])
    await cameraSettled(page)
    expect(await shapeInView(page, created.id)).toEqual({ onScreen: true, clearOfPanel: true })
    // The card form opens on the right for the selected card, beside the plan.
    await page.getByRole('complementary', { name: 'Aksi' }).waitFor({ timeout: 5_000 })
    expect(await panel.isVisible()).toBe(true)
    await page.screenshot({ path: join(shots, 'plan-locate-desktop.png') })

    const cooperative = (await shapes(page, 'stakeholder')).find((s) => String(s.props.name).startsWith('Koperasi'))!
    await panel.getByRole('button', { name: `Tampilkan di papan: ${cooperative.props.name as string}` }).first().click()
    expect(await page.evaluate(() => window.rembug!.editor.getSelectedShapeIds())).toEqual([cooperative.id])
    await cameraSettled(page)
    expect(await shapeInView(page, cooperative.id)).toEqual({ onScreen: true, clearOfPanel: true })
  })

  it('switches page to show a card that sits on another page', async () => {
    const { first, second } = await page.evaluate(() => {
      const editor = window.rembug!.editor
      const first = editor.getCurrentPageId()
      editor.createPage({ name: 'Halaman dua' })
      const second = editor.getPages().find((p) => p.name === 'Halaman dua')!.id
      editor.createShape({ type: 'stakeholder', parentId: second, x: 100, y: 100, props: { name: 'Dinas di halaman dua', sector: 'pemerintah' } })
      return { first: first as string, second: second as string }
    })
    expect(await page.evaluate(() => window.rembug!.editor.getCurrentPageId())).toBe(first)
    const button = planPanel(page).getByRole('button', { name: 'Tampilkan di papan: Dinas di halaman dua' })
    await button.waitFor({ timeout: 10_000 })
    await button.click()
    expect(await page.evaluate(() => window.rembug!.editor.getCurrentPageId())).toBe(second)
    const selected = await page.evaluate(() => window.rembug!.editor.getSelectedShapes().map((s) => (s.props as { name?: string }).name))
    expect(selected).toEqual(['Dinas di halaman dua'])
    await page.evaluate((first) => {
      window.rembug!.editor.setCurrentPage(first as never)
    }, first)
  })

  it('closes with Escape and gives focus back to the toggle', async () => {
    await planPanel(page).getByRole('button', { name: 'Tutup panel rencana' }).focus()
    await page.keyboard.press('Escape')
    await planPanel(page).waitFor({ state: 'detached', timeout: 5_000 })
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('plan-button')
    await page.keyboard.press('Enter')
    await planPanel(page).waitFor({ timeout: 5_000 })
  })

  it('downloads the CSV and the Word document through the buttons, with a status line', async () => {
    const panel = planPanel(page)
    const csv = await download(page, panel.getByRole('button', { name: 'CSV', exact: true }))
    expect(csv.name).toMatch(/\.csv$/)
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(csv.bytes.toString('utf8')).toContain('Melatih 80 perempuan')
    await expect.poll(() => panel.getByTestId('plan-export-status').textContent()).toMatch(/\.csv sudah diunduh \(/)

    const docx = await download(page, panel.getByRole('button', { name: 'Word', exact: true }))
    expect(docx.name).toMatch(/\.docx$/)
    expect(docx.bytes.length).toBeGreaterThan(2_000)
    expect(docx.bytes.subarray(0, 2).toString('latin1')).toBe('PK')
    await expect.poll(() => panel.getByTestId('plan-export-status').textContent()).toMatch(/\.docx sudah diunduh/)
  })

  it('exports the board page as a PNG drawn in the browser', async () => {
    const png = await download(page, planPanel(page).getByRole('button', { name: 'PNG', exact: true }))
    expect(png.name).toMatch(/-papan\.png$/)
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(png.bytes.length).toBeGreaterThan(10_000)
  })

  it('follows the UI language, and so does the Markdown report', async () => {
    await page.getByLabel('Bahasa').selectOption('en')
    const panel = page.getByRole('complementary', { name: 'Forum plan' })
    await panel.waitFor({ timeout: 5_000 })
    await panel.getByRole('heading', { name: 'Stakeholders by sector' }).waitFor()
    const markdown = await download(page, panel.getByRole('button', { name: 'Markdown', exact: true }))
    expect(markdown.name).toMatch(/\.md$/)
    expect(markdown.bytes.toString('utf8')).toContain('Local Partnership Forum Action Plan')
    await page.getByLabel('Language').selectOption('id')
    await planPanel(page).waitFor({ timeout: 5_000 })
  })

  it('prints the plan alone, with the notes unfolded', async () => {
    await page.evaluate(() => {
      window.rembug!.editor.selectNone()
    })
    await page.emulateMedia({ media: 'print' })
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')))
    expect(await page.locator('.tl-container').isVisible()).toBe(false)
    expect(await planPanel(page).getByText('Modal awal untuk usaha rumahan').isVisible()).toBe(true)
    await page.screenshot({ path: join(shots, 'plan-print.png'), fullPage: true })
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')))
    await page.emulateMedia({ media: 'screen' })
    expect(await page.locator('.tl-container').isVisible()).toBe(true)
  })

  it('is a bottom sheet on a phone, and a viewer can open it and download', async () => {
    const code = (await invite(server.url, siti, boardId, 'viewer')).code
    const budi = await joinAsGuest(server.url, code, 'Budi', 'masyarakat_sipil')
    const phone = await isolatedContext(browser, server.url, { cookie: budi.cookie, viewport: PHONE_VIEWPORT })
    recorders.push(phone)
    const phonePage = await phone.context.newPage()
    await phonePage.goto(`${server.url}/b/${boardId}`)
    await waitForBoard(phonePage)
    await phonePage.getByTestId('readonly-badge').waitFor()
    await phonePage.getByRole('button', { name: 'Rencana' }).click()
    const panel = planPanel(phonePage)
    await panel.waitFor({ timeout: 10_000 })
    const box = (await panel.boundingBox())!
    expect(box.width).toBe(PHONE_VIEWPORT.width)
    expect(Math.round(box.y + box.height)).toBe(PHONE_VIEWPORT.height)
    await phonePage.screenshot({ path: join(shots, 'plan-panel-phone.png') })
    await panel.getByRole('heading', { name: 'Aksi', exact: true }).scrollIntoViewIfNeeded()
    await phonePage.screenshot({ path: join(shots, 'plan-panel-phone-actions.png') })

    const csv = await download(phonePage, panel.getByRole('button', { name: 'CSV', exact: true }))
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])

    // Showing a card on a phone closes the sheet so the card can be seen.
    const cooperative = (await shapes(phonePage, 'stakeholder')).find((s) => String(s.props.name).startsWith('Koperasi'))!
    await panel.getByRole('button', { name: `Tampilkan di papan: ${cooperative.props.name as string}` }).first().click()
    await panel.waitFor({ state: 'detached', timeout: 5_000 })
    expect(await phonePage.evaluate(() => window.rembug!.editor.getSelectedShapeIds())).toEqual([cooperative.id])
    await cameraSettled(phonePage)
    expect((await shapeInView(phonePage, cooperative.id)).onScreen).toBe(true)
    await phonePage.screenshot({ path: join(shots, 'plan-locate-phone.png') })
  })

  it('needed nothing beyond the server, and no request failed', () => {
    for (const recorder of recorders) {
      expect(recorder.foreignRequests).toEqual([])
      expect(recorder.failedRequests).toEqual([])
    }
  })
})
