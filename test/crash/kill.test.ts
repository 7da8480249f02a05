/**
 * Crash tests against the real server in a child process (built with esbuild as `npm run build:server` does, run
 * with PORT, HOST, DATA_DIR and LOG_LEVEL as in production), with stock y-websocket clients editing in a storm:
 *
 * - kill -9 mid-storm: everything any client received from another client is in the store the crashed server left
 *   behind, and after a restart on the same DATA_DIR and port every client and the store converge with nothing lost;
 * - SIGTERM mid-storm: clients see 4503, the process exits 0 within a few seconds, and everything the server sent
 *   on — or acknowledged receiving — is stored.
 */
import { describe, expect, it } from 'vitest'
import { SqliteStorage } from '../../server/storage/SqliteStorage'
import type { Board } from '../../server/storage/types'
import { CloseCode } from '../../shared/codes'
import { call, invite, joinAsGuest, signup, type Person } from '../helpers/auth'
import { sleep, waitFor, withTimeout } from '../helpers/server'
import {
  AckedWriter,
  docFromLog,
  Editor,
  freePort,
  makeDataDir,
  mergeVersions,
  remoteStateVector,
  ServerProcess,
  shortfall,
  stateVectorShortfall,
  versionsIn,
  type Exit,
  type Versions,
} from './harness'
import { useBuiltServer } from './useBuiltServer'

const EDITORS = 5
// 5 × ~80 record writes a second: a storm, yet under the per-socket update rate (100/s, burst 500, limits.ts),
// which tldraw itself (one write per animation frame at most) never reaches either.
const WRITE_EVERY_MS = 12

const builtServer = useBuiltServer()

/** An owner, a board, an editor invite, and guests who joined with it: `count` people who may edit the board. */
async function boardWithEditors(server: ServerProcess, count: number): Promise<{ board: Board; people: Person[] }> {
  const owner = await signup(server.url, { name: 'Pemilik' })
  const created = await call<Board>(server.url, owner, 'POST', '/api/boards', { title: 'Rembug darurat' })
  expect(created.status).toBe(201)
  const board = created.body
  const { code } = await invite(server.url, owner, board.id, 'editor')
  const guests = await Promise.all(Array.from({ length: count - 1 }, (_, i) => joinAsGuest(server.url, code, `Tamu ${i + 1}`)))
  for (const guest of guests) expect(guest.role).toBe('editor')
  return { board, people: [owner, ...guests] }
}

/** Reads a board's stored doc straight from the SQLite file (no server running). */
async function readStore(dataDir: string, boardId: string) {
  const store = new SqliteStorage(dataDir)
  try {
    const stored = await store.docs.load(boardId)
    return { stored, doc: docFromLog(stored) }
  } finally {
    await store.close()
  }
}

interface AtStop {
  received: Versions
  remote: Map<number, number>
  written: Versions
  version: number
  receivedCount: number
}

/** What an editor had written, taken the moment before the signal. */
function writtenBySignal(editors: Editor[]): Array<Pick<AtStop, 'written' | 'version'>> {
  return editors.map((editor) => ({ written: new Map(editor.written), version: editor.version }))
}

/** What an editor had received, taken once its socket is closed (nothing more can arrive), and had written by the signal. */
function snapshot(editor: Editor, bySignal: Pick<AtStop, 'written' | 'version'>): AtStop {
  return {
    received: new Map(editor.received),
    remote: remoteStateVector(editor.doc),
    ...bySignal,
    receivedCount: editor.receivedCount,
  }
}

/**
 * Every record version any editor received is stored (same key, at least that version), and every operation of
 * another client an editor integrated is in the stored doc. Returns figures for the report.
 */
function expectReceivedWereStored(editors: Editor[], atStop: AtStop[], storedDoc: ReturnType<typeof docFromLog>) {
  const storedVersions = versionsIn(storedDoc)
  const storedSv = remoteStateVector(storedDoc)
  editors.forEach((editor, i) => {
    const at = atStop[i]!
    expect(shortfall(at.received, storedVersions), `versions editor ${editor.index} received but the store lacks`).toEqual([])
    expect(stateVectorShortfall(at.remote, storedSv), `operations editor ${editor.index} integrated but the store lacks`).toEqual([])
  })
  // Writes in flight at the signal: an editor's versions are numbered in order and reach the server in order, so its
  // highest stored version says how many of its writes were stored.
  let written = 0
  let notStored = 0
  editors.forEach((editor, i) => {
    const at = atStop[i]!
    let highestStored = 0
    for (const key of at.written.keys()) highestStored = Math.max(highestStored, storedVersions.get(key) ?? 0)
    written += at.version
    // (Writes after the signal may be stored too, during a graceful shutdown: they do not count here.)
    notStored += Math.max(0, at.version - highestStored)
    expect(highestStored, `editor ${editor.index} wrote nothing that was stored`).toBeGreaterThan(0)
  })
  const receivedByAnyone = mergeVersions(...atStop.map((at) => at.received))
  let storedNotYetSent = 0
  for (const [key, v] of storedVersions) if ((receivedByAnyone.get(key) ?? 0) < v) storedNotYetSent++
  return {
    writesBeforeSignal: written,
    writesBeforeSignalNotStored: notStored,
    recordsWithUnstoredVersion: editors.reduce((sum, _e, i) => sum + shortfall(atStop[i]!.written, storedVersions).length, 0),
    receivedVersions: atStop.reduce((sum, at) => sum + at.receivedCount, 0),
    receivedDistinctRecords: receivedByAnyone.size,
    storedRecords: storedVersions.size,
    storedVersionsNobodyReceivedYet: storedNotYetSent,
  }
}

/**
 * After a restart: editors reconnect by themselves, edit a little more, stop; then every editor holds every other
 * editor's last version of every record, all docs are equal, and after a clean stop so is the store.
 */
async function expectConvergence(server: ServerProcess, boardId: string, editors: Editor[]) {
  await waitFor(() => editors.every((e) => e.synced), 10_000, 'every editor to reconnect and sync with the restarted server')
  const before = editors.map((e) => e.receivedCount)
  for (const editor of editors) editor.start(WRITE_EVERY_MS)
  await waitFor(() => editors.every((e, i) => e.receivedCount > before[i]! + 10), 10_000, 'edits to flow again after the restart')
  for (const editor of editors) editor.stop()

  const everything = mergeVersions(...editors.map((e) => e.written))
  await waitFor(() => {
    for (const editor of editors) {
      expect(shortfall(everything, versionsIn(editor.doc)), `editor ${editor.index} lacks`).toEqual([])
    }
    return true
  }, 10_000, 'every editor to hold every editor’s last version of every record')
  const reference = versionsIn(editors[0]!.doc)
  for (const editor of editors) expect(versionsIn(editor.doc)).toEqual(reference)

  for (const editor of editors) editor.destroy()
  const exit = await server.kill('SIGTERM')
  expect(exit, server.output).toMatchObject({ code: 0, signal: null })
  const { doc } = await readStore(server.dataDir, boardId)
  expect(versionsIn(doc)).toEqual(reference)
  expect(shortfall(everything, versionsIn(doc))).toEqual([])
  return { records: reference.size }
}

describe('the real server process under a crash', () => {
  it('kill -9 mid-storm: everything a client received is stored; after a restart everyone and the store converge', async () => {
    const dataDir = makeDataDir()
    const port = await freePort()
    let server = await ServerProcess.start(builtServer(), port, dataDir)
    const { board, people } = await boardWithEditors(server, EDITORS)
    const editors = people.map((person, i) => new Editor(i, server.wsUrl, board.id, person, server.url))
    await Promise.all(editors.map((e) => e.peer.synced))

    const stormStarted = Date.now()
    for (const editor of editors) editor.start(WRITE_EVERY_MS)
    await waitFor(() => editors.every((e) => e.receivedCount > 50), 10_000, 'every editor to receive edits from the others')
    await sleep(Math.max(0, 1_200 - (Date.now() - stormStarted)) + Math.random() * 400)

    // A last burst from everyone, so writes are surely in flight, and the kill the moment any editor next receives
    // something: a server that sent before storing would die with what it just sent unstored, and this editor would
    // already hold it. (Killing at a random moment instead often resets the connections before the clients read what
    // was sent last, which hides exactly that.)
    const killed = new Promise<{ bySignal: ReturnType<typeof writtenBySignal>; exited: Promise<Exit> }>((resolve) => {
      const kill = () => {
        for (const editor of editors) editor.onReceived = null
        const bySignal = writtenBySignal(editors)
        resolve({ bySignal, exited: server.kill('SIGKILL') })
      }
      for (const editor of editors) editor.onReceived = kill
    })
    for (const editor of editors) for (let i = 0; i < 5; i++) editor.write()
    const { bySignal, exited } = await withTimeout(killed, 5_000, 'an editor to receive something after the last burst')
    const exit = await exited
    expect(exit.signal).toBe('SIGKILL')
    // Once every socket is closed nothing more can arrive: what each editor holds from others came from the dead server.
    await waitFor(() => editors.every((e) => !e.connected), 5_000, 'every editor to notice the server is gone')
    const atKill = editors.map((editor, i) => snapshot(editor, bySignal[i]!))

    // What the crashed server left on disk (SQLite recovers its WAL on open, as the restarted server does).
    const { stored, doc: storedDoc } = await readStore(dataDir, board.id)
    const figures = expectReceivedWereStored(editors, atKill, storedDoc)
    expect(figures.receivedDistinctRecords).toBeGreaterThan(0)

    // Restart on the same DATA_DIR and port; the editors (still editing offline) reconnect on their own.
    server = await ServerProcess.start(builtServer(), port, dataDir)
    const converged = await expectConvergence(server, board.id, editors)
    console.info('[crash] kill -9:', {
      ...figures,
      storedLog: { snapshot: stored.snapshot?.byteLength ?? 0, updates: stored.updates.length, lastSeq: stored.lastSeq },
      recordsAfterConvergence: converged.records,
    })
  }, 60_000) // about 10 s alone; more on a machine that runs other suites beside it

  it('SIGTERM mid-storm: clients get 4503, the process exits 0, and everything sent on or acknowledged is stored', async () => {
    const dataDir = makeDataDir()
    const port = await freePort()
    let server = await ServerProcess.start(builtServer(), port, dataDir)
    const { board, people } = await boardWithEditors(server, EDITORS)
    const editors = people.map((person, i) => new Editor(i, server.wsUrl, board.id, person, server.url))
    await Promise.all(editors.map((e) => e.peer.synced))
    const acker = new AckedWriter(server.wsUrl, board.id, people[0]!, server.url)
    await acker.raw.opened

    const stormStarted = Date.now()
    for (const editor of editors) editor.start(WRITE_EVERY_MS)
    acker.start(40, 2)
    await waitFor(() => editors.every((e) => e.receivedCount > 50) && acker.acked > 20, 10_000, 'the storm to get going')
    await sleep(Math.max(0, 1_200 - (Date.now() - stormStarted)) + Math.random() * 400)

    // On the next acknowledgement, send one more burst and, in the same tick, the signal. The server may read the burst
    // before the signal or after it; if before, it acknowledges it and must store it before it exits, though it
    // arrived at the last moment.
    const closesBefore = editors.map((e) => e.closeCodes.length)
    const signalled = new Promise<{ bySignal: ReturnType<typeof writtenBySignal>; at: number; exited: Promise<Exit> }>((resolve) => {
      acker.onAck = () => {
        acker.onAck = null
        acker.stop()
        acker.burst(5)
        const bySignal = writtenBySignal(editors)
        resolve({ bySignal, at: Date.now(), exited: server.kill('SIGTERM') })
      }
    })
    const { bySignal, at: signalledAt, exited } = await withTimeout(signalled, 5_000, 'the next acknowledgement')
    const exit = await exited
    expect(exit, server.output).toMatchObject({ code: 0, signal: null })
    expect(exit.at - signalledAt).toBeLessThan(5_000)

    await waitFor(() => editors.every((e, i) => e.closeCodes.length > closesBefore[i]!), 5_000, 'every editor to see its socket closed')
    for (const [i, editor] of editors.entries()) expect(editor.closeCodes[closesBefore[i]!], `editor ${i}`).toBe(CloseCode.restarting)
    expect((await acker.raw.closed).code).toBe(CloseCode.restarting)
    const atStop = editors.map((editor, i) => snapshot(editor, bySignal[i]!))

    const { stored, doc: storedDoc } = await readStore(dataDir, board.id)
    const figures = expectReceivedWereStored(editors, atStop, storedDoc)
    // The acknowledged writer never reconnects: what the server confirmed receiving must have been stored on shutdown.
    expect(shortfall(acker.ackedVersions(), versionsIn(storedDoc)), 'acknowledged records the store lacks').toEqual([])
    acker.destroy()

    server = await ServerProcess.start(builtServer(), port, dataDir)
    const converged = await expectConvergence(server, board.id, editors)
    console.info('[crash] SIGTERM:', {
      ...figures,
      exitMs: exit.at - signalledAt,
      ackerSent: acker.sent,
      ackerAcked: acker.acked,
      lastBurstAcked: acker.acked === acker.sent,
      storedLog: { snapshot: stored.snapshot?.byteLength ?? 0, updates: stored.updates.length, lastSeq: stored.lastSeq },
      recordsAfterConvergence: converged.records,
    })
  })
})
