import { react, type Editor, type TLShapeId } from 'tldraw'
import { atLeast } from '../../../shared/access'
import type { BoardSession } from '../../board/BoardSession'
import { isDraftRecord } from '../../board/yjsBinding'
import { draftsApi } from './api'
import { browserStorage, DraftBackup, draftBackupKey } from './backup'
import { asDraft, bindDraftStore, type DraftBinding } from './draftBinding'
import { DraftQueue } from './draftQueue'
import { showDraftMarkers } from './markers'
import { facilitationSignal } from '../useFacilitation'

type DraftRecord = { id: string } & Record<string, unknown>

/** After private drafting goes off, how long to wait for the reveal to arrive before sending leftovers again. */
const SWEEP_DELAY_MS = 1500

/**
 * Private drafting for this person on this board (docs/PROTOCOL.md §10, issue 6.7). While the facilitator has private
 * mode on and this person is a participant (below facilitator, not the projector), every shape they create is a
 * draft: it stays out of the board doc, goes to the server's draft store (`PUT /api/boards/:id/drafts/:shapeId`,
 * debounced; deletions `DELETE`), and is kept in this device's backup until the server has it. On start and on every
 * reconnect the server's list (`GET …/drafts`) and the backup are put back into the store. The reveal brings the same
 * ids without the flag through the doc, which replaces the drafts; a draft the server refuses with 409 (private mode
 * already off) becomes an ordinary shape on the board. Own drafts carry a "hidden" marker.
 *
 * Call once the board is bound (phase `ready`) and the editor mounted; returns a cleanup.
 */
export function bindDrafts(session: BoardSession, editor: Editor): () => void {
  const cleanups: Array<() => void> = [showDraftMarkers(editor)]
  const dispose = () => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup()
  }
  const participant = atLeast(session.role, 'editor') && !atLeast(session.role, 'facilitator') && session.view !== 'projector'
  if (!participant) return dispose

  const { boardId, doc, provider } = session
  const store = editor.store
  const backup = new DraftBackup(browserStorage(), draftBackupKey(boardId, session.person.userId))
  const privateOn = () => facilitationSignal(doc).get().private?.on === true
  let binding: DraftBinding | null = null
  const queue = new DraftQueue({
    transport: {
      put: (shapeId, record) => draftsApi.put(boardId, shapeId, record),
      remove: (shapeId) => draftsApi.remove(boardId, shapeId),
    },
    backup,
    // Private drafting ended before the server had this note: it goes on the board like any other.
    onRefused: (shapeId) => binding?.undraft([shapeId]),
    onGaveUp: (shapeId, error) => console.warn(`Rembug: the server refused hidden note ${shapeId}; it stays on this device only.`, error),
  })
  binding = bindDraftStore({
    store,
    queue,
    isPrivate: privateOn,
    withoutHistory: (fn) => editor.run(fn, { history: 'ignore', ignoreShapeLock: true }),
  })
  const drafts = binding
  cleanups.push(() => drafts.dispose(), () => queue.dispose())

  // What this device kept and the server may not have: first, so it works offline too.
  const entries = backup.all()
  const kept: DraftRecord[] = []
  for (const [shapeId, entry] of Object.entries(entries)) {
    const current = store.get(shapeId as TLShapeId)
    if (current && !isDraftRecord(current)) {
      // Revealed meanwhile: the board has it.
      backup.delete(shapeId)
    } else if (entry.op === 'put') {
      if (!current) kept.push(entry.record)
      else queue.put(current as unknown as DraftRecord)
    } else {
      queue.remove(shapeId, { force: true })
    }
  }
  // Each restored draft is queued by the store binding (the server has not confirmed it).
  drafts.restore(kept)

  // The server's list: drafts made on another device, or before a reload. What the server has is not sent again.
  let loading: Promise<void> | null = null
  const load = () =>
    (loading ??= draftsApi
      .list(boardId)
      .then((list) => {
        const listed = new Set<string>()
        const missing: DraftRecord[] = []
        for (const { shapeId, record } of list) {
          if (!record || typeof record !== 'object' || (record as { id?: unknown }).id !== shapeId) continue
          listed.add(shapeId)
          const draft = asDraft(record as DraftRecord)
          const current = store.get(shapeId as TLShapeId)
          if (!current) {
            queue.markAcked(draft)
            missing.push(draft)
          } else if (isDraftRecord(current)) {
            queue.markAcked(draft)
            // This device's version is the newer one: the server gets it, unless it already has it.
            if (!queue.isAcked(current as unknown as DraftRecord)) queue.put(current as unknown as DraftRecord)
          }
        }
        drafts.restore(missing)
        // Drafts here that the server does not list (sent nowhere yet, or lost): send them.
        const waiting = new Set(queue.pending())
        for (const draft of drafts.drafts()) {
          if (!listed.has(draft.id) && !waiting.has(draft.id)) queue.put(draft as unknown as DraftRecord, { force: true })
        }
      })
      .catch(() => {
        // Offline or refused: the next sync tries again; the backup keeps what waits.
      })
      .finally(() => {
        loading = null
      }))
  const onSync = (synced: boolean) => {
    if (!synced) return
    queue.retryNow()
    void load()
  }
  provider.on('sync', onSync)
  cleanups.push(() => provider.off('sync', onSync))
  if (provider.synced) void load()

  // Private drafting went off: the server revealed what it had (the doc brings those); anything still a draft here
  // after that is sent once more, and the server's 409 turns it into an ordinary shape.
  let sweepTimer: ReturnType<typeof setTimeout> | null = null
  const sweepSoon = () => {
    if (sweepTimer !== null) clearTimeout(sweepTimer)
    sweepTimer = setTimeout(() => {
      sweepTimer = null
      if (privateOn()) return
      for (const draft of drafts.drafts()) queue.put(draft as unknown as DraftRecord, { force: true })
    }, SWEEP_DELAY_MS)
  }
  let wasOn = privateOn()
  const stopWatching = react('private drafting', () => {
    const on = privateOn()
    if (wasOn && !on) sweepSoon()
    wasOn = on
  })
  cleanups.push(() => {
    stopWatching()
    if (sweepTimer !== null) clearTimeout(sweepTimer)
  })
  if (!wasOn && drafts.drafts().length > 0) sweepSoon()

  if (typeof window !== 'undefined') {
    const onHide = () => queue.saveBackup()
    window.addEventListener('pagehide', onHide)
    cleanups.push(() => window.removeEventListener('pagehide', onHide))
  }

  return dispose
}
