import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../server/logger'
import { startServer, type RunningServer } from '../../server/server'
import { invite, joinAsGuest, signup, type Person } from '../helpers/auth'
import { isolatedContext, launchBrowser, PHONE_VIEWPORT, waitForBoard, type IsolatedContext, type RequestRecorder } from './browser'

const clientRoot = resolve('dist/client')
/** Screenshots for a person to look at (not compared by the test). */
const shots = resolve('test-results/screenshots')

interface CardState {
  id: string
  x: number
  y: number
  props: Record<string, unknown>
}

/** Every card of a type on the open page, from tldraw's store. */
function cards(page: Page, type: string): Promise<CardState[]> {
  return page.evaluate(
    (type) =>
      window
        .rembug!.editor.getCurrentPageShapes()
        .filter((shape) => shape.type === type)
        .map((shape) => ({ id: shape.id, x: shape.x, y: shape.y, props: shape.props as Record<string, unknown> })),
    type,
  )
}

/** The screen point of a page point, for clicking where a shape is. */
async function screenPointOf(page: Page, shapeId: string): Promise<{ x: number; y: number }> {
  return page.evaluate((id) => {
    const editor = window.rembug!.editor
    const bounds = editor.getShapePageBounds(id as never)!
    return editor.pageToViewport({ x: bounds.center.x, y: bounds.center.y })
  }, shapeId)
}

/** Brings a frame of the template into view (the step number in its meta). */
async function showStep(page: Page, step: number): Promise<void> {
  await page.evaluate((step) => {
    const editor = window.rembug!.editor
    const frame = editor.getCurrentPageShapes().find((shape) => shape.type === 'frame' && (shape.meta as { forumStep?: number }).forumStep === step)!
    editor.zoomToBounds(editor.getShapePageBounds(frame)!, { inset: 24, immediate: true })
  }, step)
}

/** Places a card with its toolbar tool: a click on the tool, then a click on the canvas at a page point. */
async function placeCard(page: Page, tool: string, at: { x: number; y: number }): Promise<void> {
  await page.locator(`[data-testid="tools.${tool}"]`).click()
  await page.waitForFunction((tool) => window.rembug!.editor.getCurrentToolId() === tool, tool, { timeout: 5_000 })
  const point = await page.evaluate((at) => window.rembug!.editor.pageToViewport(at), at)
  await page.mouse.click(point.x, point.y)
}

/** A page point inside the template: a frame's origin plus an offset, or a point on a shape with meta/type. */
function stepPoint(page: Page, step: number, offset: { x: number; y: number }) {
  return page.evaluate(
    ({ step, offset }) => {
      const editor = window.rembug!.editor
      const frame = editor.getCurrentPageShapes().find((shape) => shape.type === 'frame' && (shape.meta as { forumStep?: number }).forumStep === step)!
      return { x: frame.x + offset.x, y: frame.y + offset.y }
    },
    { step, offset },
  )
}

describe('the forum method on the board, in two browsers', () => {
  let server: RunningServer
  let dataDir: string
  let browser: Browser
  let siti: Person
  let a: IsolatedContext
  let b: IsolatedContext
  let pageA: Page
  let pageB: Page
  let boardUrl: string
  const recorders: RequestRecorder[] = []

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true })
    dataDir = mkdtempSync(join(tmpdir(), 'rembug-forum-'))
    server = await startServer({ host: '127.0.0.1', port: 0, dataDir, log: createLogger('warn'), clientRoot })
    siti = await signup(server.url, { name: 'Siti', email: 'siti@example.org' })
    browser = await launchBrowser()
    a = await isolatedContext(browser, server.url, { cookie: siti.cookie, viewport: { width: 1440, height: 900 } })
    recorders.push(a)
    pageA = await a.context.newPage()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('makes a board from the five-step template in one go from the home page', async () => {
    await pageA.goto(server.url)
    await pageA.getByLabel('Judul papan', { exact: true }).fill('Forum Desa A')
    // The template is what a new board starts from unless the facilitator picks a blank one.
    expect(await pageA.getByRole('radio', { name: /Templat Forum Kemitraan Lokal/ }).isChecked()).toBe(true)
    await pageA.getByRole('button', { name: 'Buat papan' }).click()
    await pageA.waitForURL(/\/b\/[a-z0-9]+$/, { timeout: 15_000 })
    boardUrl = pageA.url()
    await waitForBoard(pageA)
    const frames = await cards(pageA, 'frame')
    expect(frames.map((f) => f.props.name).sort()).toEqual([
      '1 · Pemangku Kepentingan',
      '2 · Forum Diskusi',
      '3 · Visi & Misi',
      '4 · Rencana Aksi',
      '5 · Monitor & Evaluasi',
    ])
    expect(await cards(pageA, 'powergrid')).toHaveLength(1)

    // Budi joins with a code from his phone.
    const boardId = boardUrl.split('/b/')[1]!
    const budi = await joinAsGuest(server.url, (await invite(server.url, siti, boardId, 'editor')).code, 'Budi', 'masyarakat_sipil')
    b = await isolatedContext(browser, server.url, { cookie: budi.cookie, viewport: PHONE_VIEWPORT })
    recorders.push(b)
    pageB = await b.context.newPage()
    await pageB.goto(boardUrl)
    await waitForBoard(pageB)
    expect(await cards(pageB, 'frame')).toHaveLength(5)
  })

  it('adds a stakeholder card in page A through the toolbar and the side panel, and page B sees it', async () => {
    await showStep(pageA, 1)
    // In the government lane: the lane sets the sector.
    const lane = await pageA.evaluate(() => {
      const editor = window.rembug!.editor
      const shape = editor.getCurrentPageShapes().find((s) => (s.meta as { forumLane?: string }).forumLane === 'pemerintah')!
      const bounds = editor.getShapePageBounds(shape)!
      return { x: bounds.x + 200, y: bounds.y + 120 }
    })
    await placeCard(pageA, 'stakeholder', lane)
    const panel = pageA.getByRole('complementary', { name: 'Pemangku Kepentingan' })
    await panel.waitFor({ timeout: 10_000 })
    const [card] = await cards(pageA, 'stakeholder')
    expect(card!.props.sector).toBe('pemerintah')
    await panel.getByLabel('Nama', { exact: true }).fill('Dinas Pendidikan')
    await panel.getByLabel('Nama', { exact: true }).press('Enter')
    await panel.getByLabel('Lembaga / organisasi').fill('Pemerintah Kabupaten')
    await panel.getByLabel('Lembaga / organisasi').press('Enter')
    // Name and organisation are two edits, so they may reach page B in two room batches: wait for the second.
    await pageB.waitForFunction(
      () =>
        window.rembug!.editor
          .getCurrentPageShapes()
          .some((s) => s.type === 'stakeholder' && (s.props as { organisation: string }).organisation === 'Pemerintah Kabupaten'),
      undefined,
      { timeout: 10_000 },
    )
    expect((await cards(pageA, 'stakeholder'))[0]!.props).toMatchObject({ name: 'Dinas Pendidikan', organisation: 'Pemerintah Kabupaten' })
    expect((await cards(pageB, 'stakeholder'))[0]!.props).toMatchObject({ name: 'Dinas Pendidikan', organisation: 'Pemerintah Kabupaten', sector: 'pemerintah' })
  })

  it('sets influence and interest by dragging the card on the grid, and moves it when they are edited', async () => {
    const [card] = await cards(pageA, 'stakeholder')
    // The top-right cell of the grid: influence 5, interest 5.
    const target = await pageA.evaluate(() => {
      const editor = window.rembug!.editor
      const grid = editor.getCurrentPageShapes().find((s) => s.type === 'powergrid')!
      const bounds = editor.getShapePageBounds(grid)!
      const plot = { x: bounds.x + 64, y: bounds.y, w: bounds.w - 64, h: bounds.h - 64 }
      return editor.pageToViewport({ x: plot.x + plot.w * 0.9, y: plot.y + plot.h * 0.1 })
    })
    await pageA.keyboard.press('Escape')
    const from = await screenPointOf(pageA, card!.id)
    await pageA.mouse.move(from.x, from.y + 30)
    await pageA.mouse.down()
    await pageA.mouse.move((from.x + target.x) / 2, (from.y + 30 + target.y) / 2, { steps: 8 })
    await pageA.mouse.move(target.x, target.y + 30, { steps: 8 })
    await pageA.mouse.up()
    await pageA.waitForFunction(() => {
      const s = window.rembug!.editor.getCurrentPageShapes().find((shape) => shape.type === 'stakeholder')!
      return (s.props as { influence: number }).influence === 5
    }, undefined, { timeout: 5_000 })
    expect((await cards(pageA, 'stakeholder'))[0]!.props).toMatchObject({ influence: 5, interest: 5 })
    await pageB.waitForFunction(() => {
      const s = window.rembug!.editor.getCurrentPageShapes().find((shape) => shape.type === 'stakeholder')!
      return (s.props as { influence: number; interest: number }).influence === 5 && (s.props as { interest: number }).interest === 5
    }, undefined, { timeout: 10_000 })

    // Editing influence in the panel moves the card down the grid.
    const before = (await cards(pageA, 'stakeholder'))[0]!
    const panel = pageA.getByRole('complementary', { name: 'Pemangku Kepentingan' })
    await panel.waitFor()
    await panel.getByLabel('Pengaruh (1–5)').selectOption('1')
    await pageA.waitForFunction((y) => window.rembug!.editor.getCurrentPageShapes().find((s) => s.type === 'stakeholder')!.y > y + 200, before.y, { timeout: 5_000 })
    const after = (await cards(pageA, 'stakeholder'))[0]!
    expect(after.props).toMatchObject({ influence: 1, interest: 5 })
    await pageA.screenshot({ path: join(shots, 'forum-step1-desktop.png') })
  })

  it('adds an action card in page A with its owner, and page B edits its due date in the panel (dd/mm/yyyy)', async () => {
    await showStep(pageA, 4)
    await placeCard(pageA, 'action', await stepPoint(pageA, 4, { x: 300, y: 300 }))
    const panel = pageA.getByRole('complementary', { name: 'Aksi' })
    await panel.waitFor({ timeout: 10_000 })
    await panel.getByLabel('Tujuan', { exact: true }).fill('Pelatihan guru membaca')
    await panel.getByLabel('Tujuan', { exact: true }).blur()
    const stakeholder = (await cards(pageA, 'stakeholder'))[0]!
    await panel.getByLabel('Penanggung jawab', { exact: true }).selectOption(stakeholder.id)
    await panel.getByLabel('Anggaran').fill('Rp 5.000.000')
    await panel.getByLabel('Anggaran').press('Enter')
    await pageA.waitForFunction(() => {
      const s = window.rembug!.editor.getCurrentPageShapes().find((shape) => shape.type === 'action')
      return s && (s.props as { budget: number | null }).budget === 5_000_000
    }, undefined, { timeout: 5_000 })
    const action = (await cards(pageA, 'action'))[0]!
    expect(action.props).toMatchObject({ goal: 'Pelatihan guru membaca', ownerId: stakeholder.id, budget: 5_000_000 })
    await pageA.screenshot({ path: join(shots, 'forum-action-panel-desktop.png') })

    // Page B (a phone) finds the card, taps it, and sets the due date in the panel.
    await pageB.waitForFunction((id) => Boolean(window.rembug!.editor.getShape(id as never)), action.id, { timeout: 10_000 })
    await pageB.evaluate((id) => {
      const editor = window.rembug!.editor
      editor.zoomToBounds(editor.getShapePageBounds(id as never)!, { inset: 40, immediate: true })
    }, action.id)
    const spot = await screenPointOf(pageB, action.id)
    await pageB.mouse.click(spot.x, spot.y - 40)
    const phonePanel = pageB.getByRole('complementary', { name: 'Aksi' })
    await phonePanel.waitFor({ timeout: 10_000 })
    const due = phonePanel.getByLabel('Tenggat')
    await due.fill('31/02/2027')
    await due.press('Enter')
    // Not a date: nothing is written, and the field says so.
    await expect.poll(() => due.getAttribute('aria-invalid')).toBe('true')
    expect((await cards(pageB, 'action'))[0]!.props.dueDate).toBeNull()
    await due.fill('31/12/2027')
    await due.press('Enter')
    await pageA.waitForFunction((id) => (window.rembug!.editor.getShape(id as never)!.props as { dueDate: string | null }).dueDate === '2027-12-31', action.id, { timeout: 10_000 })
    await pageB.screenshot({ path: join(shots, 'forum-action-panel-phone.png') })
    // Shown back the way it was typed.
    expect(await due.inputValue()).toBe('31/12/2027')
  })

  it('switches to English — the app, the cards and tldraw’s own menus — and remembers it on this device', async () => {
    await pageA.keyboard.press('Escape')
    await pageA.getByLabel('Bahasa').selectOption('en')
    await pageA.getByRole('button', { name: '+ 5-step template' }).waitFor({ timeout: 5_000 })
    expect(await pageA.locator('[data-testid="tools.stakeholder"]').getAttribute('aria-label')).toMatch(/^Stakeholder/)
    expect(await pageA.locator('[data-testid="tools.select"]').getAttribute('aria-label')).toMatch(/^Select/)
    await pageA.reload()
    await waitForBoard(pageA)
    expect(await pageA.evaluate(() => document.documentElement.lang)).toBe('en')
    expect(await pageA.locator('[data-testid="tools.select"]').getAttribute('aria-label')).toMatch(/^Select/)
    const action = (await cards(pageA, 'action'))[0]!
    await pageA.evaluate((id) => {
      window.rembug!.editor.select(id as never)
    }, action.id)
    await pageA.getByRole('complementary', { name: 'Action' }).getByLabel('Due', { exact: true }).waitFor({ timeout: 5_000 })
    await showStep(pageA, 1)
    await pageA.screenshot({ path: join(shots, 'forum-step1-desktop-en.png') })
    // Back to Bahasa Indonesia: tldraw's own menus follow.
    await pageA.getByLabel('Language').selectOption('id')
    await expect.poll(() => pageA.locator('[data-testid="tools.select"]').getAttribute('aria-label')).toMatch(/^Pilih/)
  })

  it('opens a finished example from the home page in one click; every record loads in the editor', async () => {
    const page = await a.context.newPage()
    await page.goto(server.url)
    await page.getByTestId('example-wilayah-b').click()
    await page.waitForURL(/\/b\/[a-z0-9]+$/, { timeout: 15_000 })
    await waitForBoard(page)
    const counts = await page.evaluate(() => {
      const shapes = window.rembug!.editor.getCurrentPageShapes()
      const count = (type: string) => shapes.filter((s) => s.type === type).length
      return { stakeholder: count('stakeholder'), action: count('action'), indicator: count('indicator'), statement: count('statement'), arrow: count('arrow'), invalid: window.rembug!.session.$invalidRecords.get() }
    })
    expect(counts.invalid).toBe(0)
    expect(counts.stakeholder).toBeGreaterThanOrEqual(4)
    expect(counts.action).toBeGreaterThanOrEqual(3)
    expect(counts.indicator).toBeGreaterThanOrEqual(2)
    expect(counts.statement).toBeGreaterThanOrEqual(3)
    expect(counts.arrow).toBeGreaterThanOrEqual(3)
    await page.evaluate(() => {
      window.rembug!.editor.zoomToFit({ immediate: true })
    })
    await page.screenshot({ path: join(shots, 'example-wilayah-b-desktop.png') })

    // A card's main text is edited in place: double-click, type, Enter.
    const statement = (await cards(page, 'statement'))[0]!
    await page.evaluate((id) => {
      const editor = window.rembug!.editor
      editor.zoomToBounds(editor.getShapePageBounds(id as never)!, { inset: 80, immediate: true })
    }, statement.id)
    const spot = await screenPointOf(page, statement.id)
    await page.mouse.dblclick(spot.x, spot.y)
    const input = page.locator('textarea.card-input')
    await input.waitFor({ timeout: 5_000 })
    await input.fill('Semua anak Wilayah B gemar membaca')
    await input.press('Enter')
    await expect.poll(async () => (await cards(page, 'statement')).find((c) => c.id === statement.id)!.props.text).toBe('Semua anak Wilayah B gemar membaca')
    await page.close()
  })

  it('needed nothing beyond the server, and no request failed', () => {
    for (const recorder of recorders) {
      expect(recorder.foreignRequests).toEqual([])
      expect(recorder.failedRequests).toEqual([])
    }
  })
})
