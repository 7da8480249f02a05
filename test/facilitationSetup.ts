/**
 * What the facilitation integration tests share: a real server with a five-step forum board, a co-facilitator,
 * participants joined by code (each with a sector), stock y-websocket peers, and the facilitation API.
 */
import type { TLRecord, TLShape, TLShapeId } from '@tldraw/tlschema'
import type { IndexKey } from '@tldraw/utils'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { Sector } from '../shared/access'
import { boardRecords, RECORDS_KEY, type RecordEntry } from '../shared/boardDoc'
import type { FacilitationCommand } from '../shared/facilitation/commands'
import type { FacilitationState } from '../shared/facilitation/state'
import { noteShape } from '../shared/forum/records'
import { frameStep, type Step } from '../shared/forum/template'
import { call, invite, joinAsGuest, signup, socketClassFor, type ApiResult, type Person } from './helpers/auth'
import { connectPeer, startTestServer, type Peer, type TestServer } from './helpers/server'

export interface Workshop {
  t: TestServer
  boardId: string
  facilitator: Person
  /** The frame of each step, from the template. */
  frames: Record<Step, TLShapeId>
}

/** A server, a five-step forum board its owner made, and a co-facilitator the owner added by e-mail. */
export async function workshop(): Promise<Workshop> {
  const t = await startTestServer()
  const board = await call<{ id: string }>(t.url, t.owner, 'POST', '/api/boards', { title: 'Forum Desa A', template: 'forum' })
  if (board.status !== 201) throw new Error(`POST /api/boards answered ${board.status}`)
  const boardId = board.body.id
  const facilitator = await signup(t.url, { name: 'Fasilitator' })
  const added = await call(t.url, t.owner, 'POST', `/api/boards/${boardId}/members`, { email: facilitator.user.email, role: 'facilitator' })
  if (added.status !== 201) throw new Error(`adding the facilitator answered ${added.status}`)
  const owner = connectPeer(t.wsUrl, boardId)
  await owner.synced
  const frames = {} as Record<Step, TLShapeId>
  for (const entry of owner.doc.getArray<RecordEntry>(RECORDS_KEY).toArray()) {
    const step = entry.val.typeName === 'shape' ? frameStep(entry.val) : null
    if (step) frames[step] = entry.val.id as TLShapeId
  }
  owner.destroy()
  return { t, boardId, facilitator, frames }
}

/** A participant who joined with an editor (or viewer) code as a guest of that sector. */
export async function participant(w: Workshop, name: string, sector: Sector | null = null, role: 'editor' | 'viewer' = 'editor'): Promise<Person> {
  return joinAsGuest(w.t.url, (await invite(w.t.url, w.t.owner, w.boardId, role)).code, name, sector)
}

/** `POST /api/boards/:id/facilitation` as `person`. */
export function command(w: Workshop, person: Person, body: FacilitationCommand): Promise<ApiResult<{ state: FacilitationState; error?: { code: string; message: string } }>> {
  return call(w.t.url, person, 'POST', `/api/boards/${w.boardId}/facilitation`, body)
}

/** Like `command`, but fails unless the server answered 200; returns the state. */
export async function ok(w: Workshop, person: Person, body: FacilitationCommand): Promise<FacilitationState> {
  const answer = await command(w, person, body)
  if (answer.status !== 200) throw new Error(`${JSON.stringify(body)} answered ${answer.status}: ${JSON.stringify(answer.body)}`)
  return answer.body.state
}

/** A stock provider connected as `person`; `view: 'projector'` opens it as the projector does. */
export function peerOf(w: Workshop, person: Person, options: { view?: 'projector' } = {}): Peer {
  if (!options.view) return connectPeer(w.t.wsUrl, w.boardId, { as: person })
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(w.t.wsUrl, w.boardId, doc, {
    WebSocketPolyfill: socketClassFor(person, w.t.url) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { view: 'projector' },
  })
  const synced = new Promise<void>((resolve) => {
    const onSync = (isSynced: boolean) => {
      if (isSynced) resolve()
    }
    provider.on('sync', onSync)
  })
  const destroy = () => {
    provider.destroy()
    doc.destroy()
  }
  extra.push(destroy)
  return { doc, provider, awareness: provider.awareness, synced, destroy }
}

const extra: Array<() => void> = []

/** Destroys the projector providers `peerOf` made itself (call before the helpers' `cleanup`). */
export function destroyExtraPeers(): void {
  for (const destroy of extra.splice(0)) destroy()
}

/** Close codes a peer's provider saw. */
export function closeCodes(peer: Peer): number[] {
  const codes: number[] = []
  peer.provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) codes.push(event.code)
  })
  return codes
}

let noteCounter = 0

/** A note in `parentId` (a frame) at (x, y), with a fresh id. */
export function note(parentId: string, text: string, at: { x?: number; y?: number; meta?: Record<string, string | number | boolean> } = {}): TLShape<'note'> {
  const n = ++noteCounter
  return noteShape(
    { id: `shape:note${n}x${Date.now().toString(36)}` as TLShapeId, parentId: parentId as TLShapeId, index: `a${n % 9 + 1}` as IndexKey, x: at.x ?? 100 + 10 * n, y: at.y ?? 300, ...(at.meta ? { meta: at.meta } : {}) },
    text,
  )
}

/** Writes records from a peer and resolves once `observer` has them. */
export function put(peer: Peer, ...records: TLRecord[]): void {
  peer.doc.transact(() => {
    for (const record of records) boardRecords(peer.doc).set(record.id, record)
  })
}

/** A record of a doc, read without attaching a writer to it. */
export function recordIn(doc: Y.Doc, id: string): TLRecord | undefined {
  let found: TLRecord | undefined
  for (const entry of doc.getArray<RecordEntry>(RECORDS_KEY).toArray()) if (entry.key === id) found = entry.val
  return found
}
