import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createApp } from '../server/app'
import { createLogger } from '../server/logger'
import { SqliteStorage } from '../server/storage/SqliteStorage'
import { readDocSchema, readRecords } from '../shared/boardDoc'
import type { ApiErrorBody } from '../shared/codes'
import type { Board } from '../server/storage/types'

let storage: SqliteStorage
let app: ReturnType<typeof createApp>

beforeEach(() => {
  storage = new SqliteStorage(':memory:')
  app = createApp({ storage, log: createLogger('silent') })
})
afterEach(async () => {
  await app.rooms.shutdown()
  await storage.close()
})

const request = (path: string, init?: RequestInit) => app.app.request(path, init)

function postBoard(body: unknown) {
  return request('/api/boards', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

async function createBoard(title: string): Promise<Board> {
  const response = await postBoard({ title })
  expect(response.status).toBe(201)
  return (await response.json()) as Board
}

/** Waits until the clock has moved on, so the next board's createdAt is strictly later. */
async function nextMillisecond(): Promise<void> {
  const start = Date.now()
  while (Date.now() === start) await new Promise((resolve) => setTimeout(resolve, 1))
}

async function expectError(response: Response, status: number, code: ApiErrorBody['error']['code']) {
  expect(response.status).toBe(status)
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  const body = (await response.json()) as ApiErrorBody
  expect(body.error.code).toBe(code)
  expect(typeof body.error.message).toBe('string')
  expect(body.error.message.length).toBeGreaterThan(0)
  return body
}

describe('GET /healthz', () => {
  it('answers 200 {ok:true} while the storage answers', async () => {
    const response = await request('/healthz')
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ ok: true, storage: 'sqlite' })
  })

  it('answers 503 {ok:false} once the storage is closed', async () => {
    await storage.close()
    const response = await request('/healthz')
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({ ok: false, storage: 'sqlite' })
  })
})

describe('POST /api/boards', () => {
  it('creates a board: 201 with a base32 id, the title and an ISO createdAt', async () => {
    const before = Date.now()
    const response = await postBoard({ title: 'Rembug RW 05' })
    expect(response.status).toBe(201)
    const board = (await response.json()) as Board
    expect(Object.keys(board).sort()).toEqual(['createdAt', 'id', 'title'])
    expect(board.id).toMatch(/^[a-z2-7]{24}$/)
    expect(board.title).toBe('Rembug RW 05')
    expect(new Date(board.createdAt).toISOString()).toBe(board.createdAt)
    expect(Date.parse(board.createdAt)).toBeGreaterThanOrEqual(before)
    expect(Date.parse(board.createdAt)).toBeLessThanOrEqual(Date.now())
  })

  it('trims the title', async () => {
    expect((await createBoard('  \t Musyawarah desa \n ')).title).toBe('Musyawarah desa')
  })

  it('accepts a title of exactly 200 characters, counted after trimming', async () => {
    const title = 'x'.repeat(200)
    expect((await createBoard(`  ${title}  `)).title).toBe(title)
  })

  it.each([
    ['an empty title', { title: '' }],
    ['a blank title', { title: '   ' }],
    ['a missing title', {}],
    ['a title that is not a string', { title: 42 }],
    ['a title over 200 characters', { title: 'x'.repeat(201) }],
    ['a body that is not an object', 'null'],
  ])('rejects %s with 400 bad_request', async (_case, body) => {
    await expectError(await postBoard(body), 400, 'bad_request')
    expect((await storage.boards.listBoards()).length).toBe(0)
  })

  it('rejects a body that is not JSON with 400 bad_request', async () => {
    const body = await expectError(await postBoard('title=Hello'), 400, 'bad_request')
    expect(body.error.message).toMatch(/JSON/)
  })

  it('gives two boards different ids', async () => {
    const a = await createBoard('A')
    const b = await createBoard('A')
    expect(a.id).not.toBe(b.id)
  })

  it('stores a first document: a Yjs update holding the board layout, schema and initial records', async () => {
    const board = await createBoard('Seeded')
    const stored = await storage.docs.load(board.id)
    expect(stored.lastSeq).toBeGreaterThan(0)
    const doc = new Y.Doc()
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
    for (const update of stored.updates) Y.applyUpdate(doc, update)
    expect(readDocSchema(doc)).toBeDefined()
    expect(readRecords(doc).map((record) => record.id)).toEqual(expect.arrayContaining(['document:document', 'page:page']))
  })
})

describe('GET /api/boards', () => {
  it('lists no boards on a new server', async () => {
    const response = await request('/api/boards')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ boards: [] })
  })

  it('lists created boards newest first', async () => {
    const first = await createBoard('First')
    await nextMillisecond()
    const second = await createBoard('Second')
    await nextMillisecond()
    const third = await createBoard('Third')
    const response = await request('/api/boards')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ boards: [third, second, first] })
  })
})

describe('GET /api/boards/:id', () => {
  it('returns the board', async () => {
    const board = await createBoard('Findable')
    const response = await request(`/api/boards/${board.id}`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual(board)
  })

  it('answers 404 board_not_found for an unknown id', async () => {
    await createBoard('Other')
    await expectError(await request(`/api/boards/${'a'.repeat(24)}`), 404, 'board_not_found')
  })

  it('answers 404 board_not_found for a malformed id', async () => {
    await expectError(await request('/api/boards/not-a-board-id'), 404, 'board_not_found')
  })
})

describe('unknown API routes', () => {
  it.each([
    ['GET', '/api/whatever'],
    ['POST', '/api/whatever/deeper'],
    ['DELETE', '/api/boards'],
  ])('%s %s answers 404 not_found as JSON', async (method, path) => {
    await expectError(await request(path, { method }), 404, 'not_found')
  })
})
