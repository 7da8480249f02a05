import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../server/logger'
import { startServer, type RunningServer } from '../../server/server'
import { call, invite, joinAsGuest, signup, type Person } from '../helpers/auth'
import { isolatedContext, launchBrowser, PHONE_VIEWPORT, waitForBoard, type IsolatedContext, type RequestRecorder } from './browser'

const clientRoot = resolve('dist/client')
/** Screenshots for a person to look at (not compared by the test). */
const shots = resolve('test-results/screenshots')

/** The page bounds of a step's frame, and the page bounds of what the page's viewport shows. */
function viewOf(page: Page, step: number) {
  return page.evaluate((step) => {
    const editor = window.rembug!.editor
    const frame = editor.getCurrentPageShapes().find((shape) => shape.type === 'frame' && (shape.meta as { forumStep?: number }).forumStep === step)!
    const f = editor.getShapePageBounds(frame)!
    const v = editor.getViewportPageBounds()
    return { frame: { x: f.center.x, y: f.center.y }, view: { x: v.center.x, y: v.center.y, w: v.w } }
  }, step)
}

/** Whether the page's view is centred on a step's frame (within a tenth of the view's width). */
async function looksAtStep(page: Page, step: number): Promise<boolean> {
  const { frame, view } = await viewOf(page, step)
  return Math.hypot(frame.x - view.x, frame.y - view.y) < view.w / 10
}

/** The seconds a page's timer shows (`m:ss`). */
async function timerSeconds(page: Page): Promise<number> {
  const text = (await page.getByTestId('timer-text').first().textContent()) ?? ''
  const match = /(\d+):(\d\d)/.exec(text)
  if (!match) throw new Error(`no time in "${text}"`)
  return Number(match[1]) * 60 + Number(match[2])
}

describe('facilitating a workshop: facilitator, participant and projector in three browsers', () => {
  let server: RunningServer
  let dataDir: string
  let browser: Browser
  let siti: Person
  let budi: Person
  let boardId: string
  let fac: IsolatedContext
  let part: IsolatedContext
  let proj: IsolatedContext
  let facPage: Page
  let partPage: Page
  let projPage: Page
  const recorders: RequestRecorder[] = []
  const pageErrors: string[] = []

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true })
    dataDir = mkdtempSync(join(tmpdir(), 'rembug-facilitation-'))
    server = await startServer({ host: '127.0.0.1', port: 0, dataDir, log: createLogger('warn'), clientRoot })
    siti = await signup(server.url, { name: 'Siti', email: 'siti@example.org' })
    const board = await call<{ id: string }>(server.url, siti, 'POST', '/api/boards', { title: 'Forum Desa A', template: 'forum' })
    boardId = board.body.id
    budi = await joinAsGuest(server.url, (await invite(server.url, siti, boardId, 'editor')).code, 'Budi', 'masyarakat_sipil')
    browser = await launchBrowser()
    fac = await isolatedContext(browser, server.url, { cookie: siti.cookie, viewport: { width: 1440, height: 900 } })
    part = await isolatedContext(browser, server.url, { cookie: budi.cookie, viewport: PHONE_VIEWPORT })
    // The screen in the hall, signed in on the facilitator's account (as a facilitator sets it up).
    proj = await isolatedContext(browser, server.url, { cookie: siti.cookie, viewport: { width: 1920, height: 1080 } })
    recorders.push(fac, part, proj)
    facPage = await fac.context.newPage()
    partPage = await part.context.newPage()
    projPage = await proj.context.newPage()
    for (const page of [facPage, partPage, projPage]) page.on('pageerror', (error) => pageErrors.push(error.message))
    await facPage.goto(`${server.url}/b/${boardId}`)
    await partPage.goto(`${server.url}/b/${boardId}`)
    await projPage.goto(`${server.url}/b/${boardId}/projector`)
    await Promise.all([waitForBoard(facPage), waitForBoard(partPage)])
    await projPage.waitForFunction(() => Boolean(window.rembug?.editor), undefined, { timeout: 30_000 })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('starting a phase moves the participant and the projector to its frame, and the phase bar shows it', async () => {
    // Everyone starts somewhere else: step 5 in view.
    expect(await looksAtStep(partPage, 3)).toBe(false)
    await facPage.getByTestId('phase-step-3').click()
    await partPage.waitForFunction(
      () => document.querySelector('[data-testid="phase-bar"] li[aria-current="step"]')?.textContent?.includes('3') === true,
      undefined,
      { timeout: 10_000 },
    )
    await expect.poll(() => looksAtStep(partPage, 3), { timeout: 10_000 }).toBe(true)
    await expect.poll(() => looksAtStep(projPage, 3), { timeout: 10_000 }).toBe(true)
    await expect.poll(async () => (await projPage.getByTestId('projector-phase').textContent()) ?? '', { timeout: 10_000 }).toContain('3')
    // A participant cannot start a phase: the bar shows where the group is, without buttons that act.
    expect(await partPage.locator('[data-testid="phase-bar"] button.phase-step').count()).toBe(0)
  })

  it('the timer runs on all three pages, the same on each', async () => {
    await facPage.getByTestId('facilitation-button').click()
    await facPage.getByTestId('facilitation-panel').waitFor()
    await facPage.getByTestId('timer-preset-5').click()
    await facPage.getByTestId('timer-start').click()
    for (const page of [facPage, partPage, projPage]) {
      await page.getByTestId('timer-text').first().waitFor({ timeout: 10_000 })
    }
    const first = await Promise.all([facPage, partPage, projPage].map(timerSeconds))
    for (const seconds of first) {
      expect(seconds).toBeGreaterThan(280)
      expect(seconds).toBeLessThanOrEqual(300)
    }
    expect(Math.max(...first) - Math.min(...first)).toBeLessThanOrEqual(1)
    // It counts down on every page.
    await expect.poll(() => timerSeconds(partPage), { timeout: 10_000 }).toBeLessThan(first[1]!)
    await expect.poll(() => timerSeconds(projPage), { timeout: 10_000 }).toBeLessThan(first[2]!)
    await facPage.getByTestId('timer-pause').click()
    await partPage.waitForFunction(() => document.querySelector('[data-testid="timer-display"][data-running="false"]') !== null, undefined, { timeout: 10_000 })
    const paused = await timerSeconds(partPage)
    await partPage.waitForTimeout(1_500)
    expect(await timerSeconds(partPage)).toBe(paused)
  })

  it('the projector shows the join QR and code, and cannot edit', async () => {
    await projPage.getByTestId('projector-qr').waitFor({ timeout: 10_000 })
    const code = ((await projPage.getByTestId('projector-code').textContent()) ?? '').trim()
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/)
    // The code is a real invite of this board.
    const preview = await call<{ boardTitle: string; role: string }>(server.url, null, 'GET', `/api/invites/${code.replace('-', '')}`)
    expect(preview.body).toMatchObject({ boardTitle: 'Forum Desa A', role: 'editor' })
    expect(await projPage.getByTestId('timer-text').first().isVisible()).toBe(true)

    // No editing: the editor is read-only, and a shape forced into its store never reaches the board.
    const before = await facPage.evaluate(() => window.rembug!.editor.getCurrentPageShapes().length)
    const readonly = await projPage.evaluate(() => window.rembug!.editor.getIsReadonly())
    expect(readonly).toBe(true)
    await projPage.evaluate(() => {
      const { session } = window.rembug!
      const id = 'shape:projector-wrote-this'
      // Straight into the doc, past tldraw: the server must drop it.
      const records = session.doc.getArray('records')
      records.push([{ key: id, val: { id, typeName: 'shape' } }])
    })
    await facPage.waitForTimeout(1_500)
    expect(await facPage.evaluate(() => window.rembug!.editor.getCurrentPageShapes().length)).toBe(before)
    expect(await facPage.evaluate(() => window.rembug!.session.doc.getArray('records').toArray().some((e) => (e as { key: string }).key === 'shape:projector-wrote-this'))).toBe(false)
    await projPage.screenshot({ path: join(shots, 'facilitation-projector-1920.png') })
  })

  it('a vote is cast on the phone, revealed by the facilitator, and shows results by sector and consent', async () => {
    // Two vision candidates in step 3, written on the facilitator's board.
    const [visionA, visionB] = await facPage.evaluate(() => {
      const editor = window.rembug!.editor
      const frame = editor.getCurrentPageShapes().find((shape) => shape.type === 'frame' && (shape.meta as { forumStep?: number }).forumStep === 3)!
      const ids = ['shape:vision-a', 'shape:vision-b'] as const
      ids.forEach((id, i) =>
        editor.createShape({
          id: id as never,
          type: 'statement',
          parentId: frame.id,
          x: 120 + i * 380,
          y: 120,
          props: { kind: 'vision', text: i === 0 ? 'Desa sehat dan mandiri' : 'Desa wisata hijau' },
        } as never),
      )
      return ids
    })
    await partPage.waitForFunction(() => window.rembug!.editor.getShape('shape:vision-b' as never) !== undefined, undefined, { timeout: 10_000 })

    // The facilitator opens a vote on the step's frame, 3 dots each.
    const panel = facPage.getByTestId('facilitation-panel')
    await panel.locator('.vote-open-form button[type="submit"]').click()
    await partPage.locator('.vote-bar-panel').waitFor({ timeout: 10_000 })

    // Budi (civil society) places two dots on A and one on B by tapping the cards on his phone.
    await partPage.evaluate((id) => window.rembug!.editor.zoomToBounds(window.rembug!.editor.getShapePageBounds(id as never)!.clone().expandBy(500), { immediate: true }), visionA)
    await partPage.locator('.vote-bar-panel .vote-place').click()
    const tap = async (id: string) => {
      const point = await partPage.evaluate((id) => {
        const editor = window.rembug!.editor
        return editor.pageToViewport(editor.getShapePageBounds(id as never)!.center)
      }, id)
      await partPage.mouse.click(point.x, point.y)
    }
    await tap(visionA)
    await tap(visionA)
    await tap(visionB)
    await expect
      .poll(async () => (await call<{ dots: Record<string, number> }>(server.url, budi, 'GET', `/api/boards/${boardId}/votes/current/ballot`)).body.dots, {
        timeout: 10_000,
      })
      .toEqual({ [visionA]: 2, [visionB]: 1 })

    // Three more people vote from their phones (through the same API): government, business, academia.
    const code = (await invite(server.url, siti, boardId, 'editor')).code
    const others = [
      { sector: 'pemerintah' as const, dots: { [visionA]: 1 } },
      { sector: 'swasta' as const, dots: { [visionA]: 1, [visionB]: 2 } },
      { sector: 'akademisi' as const, dots: { [visionA]: 3 } },
    ]
    const voteId = await facPage.evaluate(() => (window.rembug!.session.doc.getMap('facilitation').get('vote') as { id: string }).id)
    for (const [i, other] of others.entries()) {
      const person = await joinAsGuest(server.url, code, `Pemilih ${i + 1}`, other.sector)
      const cast = await call(server.url, person, 'PUT', `/api/boards/${boardId}/votes/${voteId}/ballot`, { dots: other.dots })
      expect(cast.status).toBe(200)
    }
    // Until the reveal nobody's board holds a result.
    expect(await partPage.evaluate(() => (window.rembug!.session.doc.getMap('facilitation').get('vote') as { results?: unknown }).results)).toBeUndefined()
    await expect.poll(async () => (await panel.locator('.vote-voters').textContent()) ?? '', { timeout: 10_000 }).toContain('4')

    await panel.locator('.vote-running .vote-primary').click()
    const rows = panel.locator('.vote-result')
    await rows.first().waitFor({ timeout: 10_000 })
    // A: 7 dots from all four sectors (consent); B: 3 dots, civil society and business only.
    expect(await rows.count()).toBe(2)
    expect(await rows.nth(0).locator('.vote-total').textContent()).toBe('7 titik')
    expect(await rows.nth(0).getAttribute('data-consent')).toBe('true')
    const barA = (await rows.nth(0).locator('.vote-bar').getAttribute('aria-label')) ?? ''
    expect(barA).toContain('Pemerintah: 1')
    expect(barA).toContain('Masyarakat Sipil: 2')
    expect(barA).toContain('Sektor Swasta: 1')
    expect(barA).toContain('Akademisi: 3')
    expect(await rows.nth(1).locator('.vote-total').textContent()).toBe('3 titik')
    expect(await rows.nth(1).getAttribute('data-consent')).toBeNull()

    // The participant sees the totals on the cards, the consent star on A.
    await partPage.locator('.vote-badge[data-consent]').waitFor({ timeout: 10_000 })
    expect(await partPage.locator('.vote-badge[data-consent]').textContent()).toContain('7')

    // The facilitator adopts A: the card says so everywhere, and the plan counts its votes.
    await rows.nth(0).locator('.vote-adopt').click()
    await partPage.waitForFunction((id) => (window.rembug!.editor.getShape(id as never)!.props as { state: string }).state === 'adopted', visionA, { timeout: 10_000 })
    type Statement = { id: string; state: string; votes: number | null }
    const plan = await call<{ vision: { adopted: Statement | null; candidates: Statement[] } }>(server.url, siti, 'GET', `/api/boards/${boardId}/plan`)
    expect(plan.body.vision.adopted).toMatchObject({ id: visionA, state: 'adopted', votes: 7 })
    expect(plan.body.vision.candidates.find((v) => v.id === visionB)).toMatchObject({ state: 'candidate', votes: 3 })
    await facPage.screenshot({ path: join(shots, 'facilitation-results-1440.png') })
    await partPage.screenshot({ path: join(shots, 'facilitation-results-phone.png') })
    await projPage.screenshot({ path: join(shots, 'facilitation-results-projector.png') })
  })

  it('a participant who reloads during a locked, voted session comes back connected, and the lock holds on their board', async () => {
    const frame3 = await facPage.evaluate(
      () => window.rembug!.editor.getCurrentPageShapes().find((shape) => shape.type === 'frame' && (shape.meta as { forumStep?: number }).forumStep === 3)!.id,
    )
    expect((await call(server.url, siti, 'POST', `/api/boards/${boardId}/facilitation`, { type: 'lock', target: frame3, locked: true })).status).toBe(200)
    await partPage.waitForFunction(() => document.querySelector('[data-testid="lock-badge"]') !== null, undefined, { timeout: 10_000 })
    await partPage.reload()
    await waitForBoard(partPage)
    // Still connected a moment later: the server took back what it already had, and refused nothing.
    await partPage.waitForTimeout(1_500)
    expect(await partPage.getByTestId('connection-state').getAttribute('data-state')).toBe('connected')
    expect(await partPage.evaluate(() => window.rembug!.session.$phase.get())).toBe('ready')
    expect(await partPage.evaluate(() => (window.rembug!.session.doc.getMap('facilitation').get('locks') as { frames: string[] }).frames)).toEqual([frame3])
    // Locked for Budi: moving a card in the frame does nothing on his board or anyone else's.
    const moved = await partPage.evaluate(() => {
      const editor = window.rembug!.editor
      const shape = editor.getShape('shape:vision-b' as never)!
      editor.updateShape({ id: shape.id, type: shape.type, x: shape.x + 200 } as never)
      return editor.getShape('shape:vision-b' as never)!.x !== shape.x
    })
    expect(moved).toBe(false)
    expect((await call(server.url, siti, 'POST', `/api/boards/${boardId}/facilitation`, { type: 'lock', target: frame3, locked: false })).status).toBe(200)
  })

  it('“Ikuti saya” brings the participant to the facilitator’s view until released', async () => {
    await facPage.evaluate(() => {
      const editor = window.rembug!.editor
      const frame = editor.getCurrentPageShapes().find((shape) => shape.type === 'frame' && (shape.meta as { forumStep?: number }).forumStep === 5)!
      editor.zoomToBounds(editor.getShapePageBounds(frame)!, { immediate: true })
    })
    await facPage.getByTestId('summon-on').click()
    await partPage.waitForFunction(() => window.rembug!.editor.getInstanceState().followingUserId !== null, undefined, { timeout: 10_000 })
    // Siti's own page, not the projector on her account.
    const followed = await partPage.evaluate(() => {
      const editor = window.rembug!.editor
      const leader = editor.getCollaborators().find((c) => c.userId === editor.getInstanceState().followingUserId)
      return leader?.userName
    })
    expect(followed).toBe('Siti')
    await expect.poll(() => looksAtStep(partPage, 5), { timeout: 10_000 }).toBe(true)
    // tldraw's own "stop following" is there for Budi to leave on his own.
    await partPage.getByRole('button', { name: 'Berhenti mengikuti' }).waitFor()
    await partPage.screenshot({ path: join(shots, 'facilitation-follow-phone.png') })
    await facPage.getByTestId('summon-off').click()
    await partPage.waitForFunction(() => window.rembug!.editor.getInstanceState().followingUserId === null, undefined, { timeout: 10_000 })
  })

  it('a participant made a co-facilitator while the board is open gets the facilitator’s tools at once, where the view was', async () => {
    const rina = await signup(server.url, { name: 'Rina', email: 'rina@example.org' })
    const code = (await invite(server.url, siti, boardId, 'editor')).code
    expect((await call(server.url, rina, 'POST', '/api/join', { code, name: 'Rina' })).status).toBe(200)
    const ctx = await isolatedContext(browser, server.url, { cookie: rina.cookie, viewport: { width: 1280, height: 800 } })
    recorders.push(ctx)
    const page = await ctx.context.newPage()
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(`${server.url}/b/${boardId}`)
    await waitForBoard(page)
    expect((await call(server.url, siti, 'POST', `/api/boards/${boardId}/facilitation`, { type: 'lock', target: 'board', locked: true })).status).toBe(200)
    await page.getByTestId('board-locked-banner').waitFor({ timeout: 10_000 })
    expect(await page.getByTestId('facilitation-button').count()).toBe(0)
    // Somewhere of her own, and a mark that tells whether the page was reloaded.
    const camera = await page.evaluate(() => {
      const editor = window.rembug!.editor
      editor.setCamera({ x: -321, y: -123, z: 0.7 }, { immediate: true })
      ;(window as { notReloaded?: boolean }).notReloaded = true
      return editor.getCamera()
    })

    expect((await call(server.url, siti, 'POST', `/api/boards/${boardId}/members`, { email: rina.user.email, role: 'facilitator' })).status).toBe(201)
    await page.getByTestId('role-changed-banner').waitFor({ timeout: 10_000 })
    expect(await page.getByTestId('role-changed-banner').textContent()).toContain('Fasilitator')
    await page.getByTestId('facilitation-button').waitFor({ timeout: 10_000 })
    await waitForBoard(page)
    // The board lock no longer holds her: no banner, and her edits go through (the server agrees: still connected).
    expect(await page.getByTestId('board-locked-banner').count()).toBe(0)
    const moved = await page.evaluate(() => {
      const editor = window.rembug!.editor
      const shape = editor.getShape('shape:vision-b' as never)!
      editor.updateShape({ id: shape.id, type: shape.type, x: shape.x + 40 } as never)
      return { from: shape.x, to: editor.getShape('shape:vision-b' as never)!.x }
    })
    expect(moved.to).toBe(moved.from + 40)
    await facPage.waitForFunction((x) => window.rembug!.editor.getShape('shape:vision-b' as never)!.x === x, moved.to, { timeout: 10_000 })
    await page.waitForTimeout(1_000)
    expect(await page.getByTestId('connection-state').getAttribute('data-state')).toBe('connected')
    const after = await page.evaluate(() => ({ camera: window.rembug!.editor.getCamera(), notReloaded: (window as { notReloaded?: boolean }).notReloaded }))
    expect(after.notReloaded).toBe(true)
    expect(after.camera).toMatchObject({ x: camera.x, y: camera.y, z: camera.z })
    await page.screenshot({ path: join(shots, 'facilitation-promoted-desktop.png') })
    expect((await call(server.url, siti, 'POST', `/api/boards/${boardId}/facilitation`, { type: 'lock', target: 'board', locked: false })).status).toBe(200)
    await ctx.context.close()
  })

  it('private drafting keeps a participant’s new note off everyone else’s board until the facilitator reveals it', async () => {
    if (!(await facPage.getByTestId('facilitation-panel').isVisible())) await facPage.getByTestId('facilitation-button').click()
    await facPage.getByTestId('private-on').click()
    await partPage.waitForFunction(() => (window.rembug!.session.doc.getMap('facilitation').get('private') as { on?: boolean } | undefined)?.on === true, undefined, { timeout: 10_000 })
    const where = await partPage.evaluate(() => {
      const editor = window.rembug!.editor
      const frame = editor.getCurrentPageShapes().find((shape) => shape.type === 'frame' && (shape.meta as { forumStep?: number }).forumStep === 2)!
      editor.zoomToBounds(editor.getShapePageBounds(frame)!, { immediate: true })
      editor.createShape({
        id: 'shape:hidden-idea' as never,
        type: 'note',
        parentId: frame.id,
        x: 120,
        y: 160,
        props: { richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Ide rahasia Budi' }] }] } },
      } as never)
      return frame.id
    })
    // On Budi's phone it is there, marked hidden; nowhere else, not even in the other docs.
    await partPage.locator('.draft-marker[data-shape-id="shape:hidden-idea"]').waitFor({ timeout: 10_000 })
    await expect.poll(async () => (await facPage.getByTestId('draft-count').textContent()) ?? '', { timeout: 15_000 }).toMatch(/1/)
    const inDoc = (page: Page) =>
      page.evaluate(() => window.rembug!.session.doc.getArray('records').toArray().some((e) => (e as { key: string }).key === 'shape:hidden-idea'))
    expect(await inDoc(facPage)).toBe(false)
    expect(await inDoc(projPage)).toBe(false)
    expect(await inDoc(partPage)).toBe(false)
    expect(await facPage.evaluate(() => window.rembug!.editor.getShape('shape:hidden-idea' as never) === undefined)).toBe(true)
    await partPage.screenshot({ path: join(shots, 'facilitation-private-phone.png') })

    // Revealed: on every board, in the frame it was written in, and no longer marked on the phone.
    await facPage.getByTestId('private-reveal').click()
    await facPage.waitForFunction(() => window.rembug!.editor.getShape('shape:hidden-idea' as never) !== undefined, undefined, { timeout: 10_000 })
    expect(await facPage.evaluate(() => window.rembug!.editor.getShape('shape:hidden-idea' as never)!.parentId)).toBe(where)
    await projPage.waitForFunction(() => window.rembug!.editor.getShape('shape:hidden-idea' as never) !== undefined, undefined, { timeout: 10_000 })
    await partPage.locator('.draft-marker[data-shape-id="shape:hidden-idea"]').waitFor({ state: 'detached', timeout: 10_000 })
    await facPage.getByTestId('private-off').click()
    await partPage.waitForFunction(() => (window.rembug!.session.doc.getMap('facilitation').get('private') as { on?: boolean } | undefined)?.on !== true, undefined, { timeout: 10_000 })
  })

  it('the chime rings at zero on every page that has not muted it, and not on one that has', async () => {
    // Count the chime's tones on both pages (two oscillators per chime). Both pages have had a tap by now.
    const count = (page: Page) => page.evaluate(() => (window as { tones?: number }).tones ?? 0)
    for (const page of [facPage, partPage]) {
      await page.evaluate(() => {
        const original = AudioContext.prototype.createOscillator
        const counted = window as { tones?: number }
        counted.tones = 0
        AudioContext.prototype.createOscillator = function (this: AudioContext) {
          counted.tones! += 1
          return original.call(this)
        }
      })
    }
    const run = async () => {
      expect((await call(server.url, siti, 'POST', `/api/boards/${boardId}/facilitation`, { type: 'timer', action: 'set', durationMs: 1_500 })).status).toBe(200)
      expect((await call(server.url, siti, 'POST', `/api/boards/${boardId}/facilitation`, { type: 'timer', action: 'start' })).status).toBe(200)
    }
    await run()
    await expect.poll(() => count(partPage), { timeout: 10_000 }).toBe(2)
    await expect.poll(() => count(facPage), { timeout: 10_000 }).toBe(2)
    // Budi mutes it on his phone; the next run rings for Siti only.
    await partPage.getByTestId('timer-mute').first().click()
    expect(await partPage.getByTestId('timer-mute').first().getAttribute('aria-pressed')).toBe('true')
    await run()
    await expect.poll(() => count(facPage), { timeout: 10_000 }).toBe(4)
    await partPage.waitForTimeout(1_000)
    expect(await count(partPage)).toBe(2)
    await partPage.getByTestId('timer-mute').first().click()
    expect((await call(server.url, siti, 'POST', `/api/boards/${boardId}/facilitation`, { type: 'timer', action: 'clear' })).status).toBe(200)
  })

  it('a change that reaches the server after a lock is refused, and the participant is told why and can reload', async () => {
    const frame3 = await facPage.evaluate(
      () => window.rembug!.editor.getCurrentPageShapes().find((shape) => shape.type === 'frame' && (shape.meta as { forumStep?: number }).forumStep === 3)!.id,
    )
    expect((await call(server.url, siti, 'POST', `/api/boards/${boardId}/facilitation`, { type: 'lock', target: frame3, locked: true })).status).toBe(200)
    await partPage.waitForFunction(() => document.querySelector('[data-testid="lock-badge"]') !== null, undefined, { timeout: 10_000 })
    const before = await facPage.evaluate(() => window.rembug!.editor.getShape('shape:vision-b' as never)!.x)
    // As if the move had left Budi's phone just before the lock arrived: written straight into the doc, past the
    // client's own lock check.
    await partPage.evaluate(() => {
      const records = window.rembug!.session.doc.getArray<{ key: string; val: { x: number } }>('records')
      const current = records.toArray().findLast((entry) => entry.key === 'shape:vision-b')!
      records.push([{ key: current.key, val: { ...current.val, x: current.val.x + 500 } }])
    })
    const banner = partPage.getByRole('alert').filter({ hasText: 'Muat ulang' })
    await banner.waitFor({ timeout: 10_000 })
    expect(await banner.textContent()).toMatch(/kunci|terkunci/i)
    // The board stays in view, read-only, behind the message.
    expect(await partPage.locator('.tl-canvas').isVisible()).toBe(true)
    expect(await partPage.evaluate(() => window.rembug!.editor.getIsReadonly())).toBe(true)
    await partPage.screenshot({ path: join(shots, 'facilitation-refused-locked-phone.png') })
    await facPage.waitForTimeout(500)
    expect(await facPage.evaluate(() => window.rembug!.editor.getShape('shape:vision-b' as never)!.x)).toBe(before)
    // Reloading brings the board back as the server has it, connected.
    await banner.getByRole('button', { name: 'Muat ulang' }).click()
    await waitForBoard(partPage)
    await partPage.waitForTimeout(1_000)
    expect(await partPage.getByTestId('connection-state').getAttribute('data-state')).toBe('connected')
    expect(await partPage.evaluate(() => window.rembug!.editor.getShape('shape:vision-b' as never)!.x)).toBe(before)
    expect((await call(server.url, siti, 'POST', `/api/boards/${boardId}/facilitation`, { type: 'lock', target: frame3, locked: false })).status).toBe(200)
  })

  it('asked nothing of any other host, and no page threw', () => {
    for (const recorder of recorders) {
      expect(recorder.foreignRequests).toEqual([])
    }
    expect(pageErrors).toEqual([])
  })
})
