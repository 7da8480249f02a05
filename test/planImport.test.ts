/**
 * `POST /api/boards/import` on a real server: a plan JSON or a plan CSV becomes a new board owned by the caller, whose
 * stored records read back (shared/plan/extract.ts) as that plan; bad input is refused with the problems named; only
 * accounts may import.
 */
import type { TLRecord } from '@tldraw/tlschema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { planToCsv } from '../server/plan/csv'
import { readRecords } from '../shared/boardDoc'
import { createBoardSchema, DEFAULT_PAGE_ID, initialBoardRecords } from '../shared/boardSchema'
import { checkRecord } from '../shared/boardDoc'
import type { ApiErrorBody } from '../shared/codes'
import { exampleBoard } from '../shared/forum/examples'
import { frameStep } from '../shared/forum/template'
import { TEMPLATE_TEXTS } from '../shared/forum/texts'
import { extractPlan } from '../shared/plan/extract'
import type { Plan } from '../shared/plan/model'
import { normalisePlan } from '../shared/plan/toBoardFixtures'
import { call, invite, joinAsGuest, type Person } from './helpers/auth'
import { cleanup, loadStoredDoc, startTestServer, type TestServer } from './helpers/server'

interface Created {
  id: string
  title: string
  createdAt: string
  role: string
}

let t: TestServer

beforeEach(async () => {
  t = await startTestServer()
})
afterEach(cleanup)

/** The plan of the Desa A example board, as `GET /api/boards/:id/plan` would give it. */
function examplePlan(lang: 'id' | 'en' = 'id'): Plan {
  const board = exampleBoard('desa-a', { lang, pageId: DEFAULT_PAGE_ID })
  return extractPlan([...initialBoardRecords(), ...board.shapes, ...board.bindings], { title: board.title, boardId: 'abcdefghijklmnopqrstuvwx' })
}

function importPlan(body: unknown, as: Person | null = t.owner) {
  return call<Created & ApiErrorBody>(t.url, as, 'POST', '/api/boards/import', body)
}

async function storedRecords(boardId: string): Promise<TLRecord[]> {
  const doc = await loadStoredDoc(t.server.storage, boardId)
  try {
    return readRecords(doc)
  } finally {
    doc.destroy()
  }
}

async function storedPlan(board: Created): Promise<Plan> {
  return extractPlan(await storedRecords(board.id), { title: board.title, boardId: board.id })
}

describe('POST /api/boards/import', () => {
  it('makes a board from a plan JSON whose stored records read back as that plan', async () => {
    const plan = examplePlan('en')
    const result = await importPlan({ title: 'Imported Desa A', lang: 'en', plan })
    expect(result.status).toBe(201)
    expect(result.body).toEqual({ id: expect.stringMatching(/^[a-z2-7]{24}$/), title: 'Imported Desa A', createdAt: expect.any(String), role: 'owner' })

    const records = await storedRecords(result.body.id)
    const schema = createBoardSchema()
    for (const record of records) expect(checkRecord(schema, record).ok, record.id).toBe(true)
    expect(records.find((r) => r.typeName === 'page')).toMatchObject({ name: TEMPLATE_TEXTS.en.pageName })
    expect(records.filter((r) => r.typeName === 'shape' && frameStep(r) !== null)).toHaveLength(5)

    const back = await storedPlan(result.body)
    expect(back.forum).toEqual({ title: 'Imported Desa A', boardId: result.body.id })
    // Stakeholders come back in the new board's order (docs/PLAN.md, "Import"); everything else as sent.
    expect(normalisePlan(back, { stakeholderOrder: 'content' })).toEqual(normalisePlan({ ...plan, forum: back.forum }, { stakeholderOrder: 'content' }))

    // The owner sees it, with the owner's role, and can read its plan.
    const list = await call<{ boards: Created[] }>(t.url, t.owner, 'GET', '/api/boards')
    expect(list.body.boards.map((b) => b.id)).toContain(result.body.id)
    const one = await call<Created>(t.url, t.owner, 'GET', `/api/boards/${result.body.id}`)
    expect(one.body.role).toBe('owner')
  })

  it('makes a board from the CSV the export writes: one action card per row, parties by name', async () => {
    const plan = examplePlan()
    const result = await importPlan({ title: 'Dari CSV', csv: planToCsv(plan) })
    expect(result.status).toBe(201)
    const back = await storedPlan(result.body)
    expect(back.stakeholders).toEqual([])
    expect(back.actions).toHaveLength(plan.actions.length)
    back.actions.forEach((action, i) => {
      const sent = plan.actions[i]!
      const { id: _a, sources: _b, responsible: _c, supporters: _d, ...fields } = sent
      expect(action).toMatchObject(fields)
      // A CSV names parties; the card's owner field keeps the responsible one. Supporters known only by name have no
      // place on a card (docs/PLAN.md, "Import").
      expect(action.responsible).toEqual(sent.responsible.map((p) => ({ stakeholderId: null, name: p.name })))
      expect(action.supporters).toEqual([])
    })
    // The page is named in the default language.
    const records = await storedRecords(result.body.id)
    expect(records.find((r) => r.typeName === 'page')).toMatchObject({ name: TEMPLATE_TEXTS.id.pageName })
  })

  it('refuses a body with neither or both of plan and csv, and a missing title', async () => {
    for (const body of [{ title: 'x' }, { title: 'x', plan: examplePlan(), csv: 'id,goal' }, { plan: examplePlan() }, { title: '  ', csv: 'a' }]) {
      const result = await importPlan(body)
      expect(result.status, JSON.stringify(body).slice(0, 60)).toBe(400)
      expect(result.body.error.code).toBe('bad_request')
    }
    expect((await importPlan({ title: 'x' })).body.error.message).toMatch(/either plan .* or csv/)
  })

  it('refuses a plan of another version, naming the version', async () => {
    const result = await importPlan({ title: 'x', plan: { ...examplePlan(), version: 2 } })
    expect(result.status).toBe(400)
    expect(result.body.error.message).toBe('plan.version: this Rembug reads plan version 1; the file has version 2')
    const none = await importPlan({ title: 'x', plan: [] })
    expect(none.body.error.message).toMatch(/the file has no version/)
  })

  it('refuses an invalid plan, listing its first problems by path', async () => {
    const plan = examplePlan()
    const bad = { ...plan, actions: plan.actions.map((a) => ({ ...a, dueDate: '31/12/2027', status: 'selesai' })) }
    const result = await importPlan({ title: 'x', plan: bad })
    expect(result.status).toBe(400)
    const problems = (result.body.error.details as { problems: string[] }).problems
    expect(problems).toHaveLength(8)
    expect(problems[0]).toMatch(/^plan\.actions\.0\.dueDate: /)
    expect(problems[1]).toMatch(/^plan\.actions\.0\.status: /)
    expect(result.body.error.message).toMatch(/^plan\.actions\.0\.dueDate: .*; plan\.actions\.0\.status: /)
  })

  it('refuses a plan a board cannot hold, naming the field', async () => {
    const plan = examplePlan()
    plan.actions[1]!.goal = 'x'.repeat(2001)
    const result = await importPlan({ title: 'x', plan })
    expect(result.status).toBe(400)
    expect(result.body.error.message).toBe('actions.1.goal: at most 2000 characters (this one has 2001)')
  })

  it('refuses a CSV with bad rows or columns, naming them, and one over 2 MB', async () => {
    const csv = planToCsv(examplePlan()).replace('"2027-06-30"', '"30/06/2027"').replace('"status"', '"state"')
    const result = await importPlan({ title: 'x', csv })
    expect(result.status).toBe(400)
    expect(result.body.error.message).toMatch(/unknown columns: state; missing columns: status/)
    const rows = await importPlan({ title: 'x', csv: planToCsv(examplePlan()).replace('"2027-06-30"', '"30/06/2027"') })
    expect(rows.body.error.message).toMatch(/row 2: due_date "30\/06\/2027" is not a date written YYYY-MM-DD/)
    const large = await importPlan({ title: 'x', csv: 'a'.repeat(2 * 1024 * 1024 + 1) })
    expect(large.status).toBe(400)
    expect(large.body.error.message).toMatch(/at most 2097152 bytes/)
  })

  it('refuses a body over its size limit with 413', async () => {
    const result = await importPlan({ title: 'x', plan: { version: 1, padding: 'x'.repeat(9 * 1024 * 1024) } })
    expect(result.status).toBe(413)
    expect(result.body.error.code).toBe('payload_too_large')
  })

  it('is for accounts only: 401 without a session, 403 for a guest', async () => {
    const body = { title: 'x', plan: examplePlan() }
    const anonymous = await importPlan(body, null)
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.error.code).toBe('unauthorized')
    const board = await t.createBoard()
    const { code } = await invite(t.url, t.owner, board.id, 'editor')
    const guest = await joinAsGuest(t.url, code)
    const forbidden = await importPlan(body, guest)
    expect(forbidden.status).toBe(403)
    expect(forbidden.body.error.code).toBe('forbidden')
    const boards = await call<{ boards: Created[] }>(t.url, t.owner, 'GET', '/api/boards')
    expect(boards.body.boards).toHaveLength(1)
  })
})
