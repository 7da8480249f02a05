/**
 * Shared pieces of the crash tests: the real server built with esbuild and run as a child process, stock
 * y-websocket editors that write records in a storm and remember every record version they received from others,
 * and the comparisons between what clients received and what the store holds.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TLRecord } from '@tldraw/tlschema'
import { build } from 'esbuild'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { boardRecords, RECORDS_KEY, type RecordEntry } from '../../shared/boardDoc'
import { geoShape } from '../fixtures/geoShape'
import type { Person } from '../helpers/auth'
import { connectPeer, openRawSocket, type Peer, type RawSocket } from '../helpers/server'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

// ---------------------------------------------------------------------------------------------------------------
// The server as a child process
// ---------------------------------------------------------------------------------------------------------------

/**
 * Bundles server/main.ts exactly as `npm run build:server` does, into a temp directory. A `node_modules` link next
 * to the bundle lets Node resolve the external packages from the project. Returns the entry file and a remover.
 */
export async function buildServer(): Promise<{ entry: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'rembug-crash-build-'))
  symlinkSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'), 'dir')
  const entry = join(dir, 'main.js')
  await build({
    entryPoints: [join(projectRoot, 'server/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    outfile: entry,
    logLevel: 'silent',
  })
  return { entry, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export { freePort } from '../helpers/net'

export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
  /** When the process exited (Date.now()). */
  at: number
}

const running = new Set<ServerProcess>()

/** `node <bundle>` with PORT, HOST=127.0.0.1, DATA_DIR and LOG_LEVEL=warn; its output is kept for failure messages. */
export class ServerProcess {
  readonly url: string
  readonly wsUrl: string
  readonly exited: Promise<Exit>
  private exit: Exit | null = null
  private log = ''

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly dataDir: string,
  ) {
    this.url = `http://127.0.0.1:${port}`
    this.wsUrl = `ws://127.0.0.1:${port}/collab`
    const keep = (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-8_000)
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    this.exited = new Promise<Exit>((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal, at: Date.now() }
        running.delete(this)
        resolve(this.exit)
      })
    })
    running.add(this)
  }

  /**
   * Starts the bundle and resolves once `/healthz` answers 200; `env` adds variables (DATABASE_URL, REDIS_URL, …),
   * `nodeArgs` options for Node itself (e.g. `--cpu-prof`, which NODE_OPTIONS does not take).
   */
  static async start(entry: string, port: number, dataDir: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ServerProcess> {
    const child = spawn(process.execPath, [...nodeArgs, '--enable-source-maps', entry], {
      cwd: projectRoot,
      // A clean environment: nothing of the test runner's NODE_OPTIONS or loaders leaks into the server.
      env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const server = new ServerProcess(child, port, dataDir)
    await server.waitHealthy()
    return server
  }

  get pid(): number {
    return this.child.pid!
  }

  get alive(): boolean {
    return this.exit === null
  }

  /** The last lines the server wrote (stdout and stderr). */
  get output(): string {
    return this.log
  }

  private async waitHealthy(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (!this.alive) throw new Error(`the server exited while starting (${JSON.stringify(this.exit)}):\n${this.log}`)
      try {
        const response = await fetch(`${this.url}/healthz`)
        if (response.ok) return
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the server did not become healthy within ${timeoutMs} ms:\n${this.log}`)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }

  /** Sends a signal to the process; resolves when it exited. */
  kill(signal: NodeJS.Signals): Promise<Exit> {
    if (this.alive) this.child.kill(signal)
    return this.exited
  }
}

/** Kills (SIGKILL) every server process still running and waits for each to exit. */
export async function killAllServers(): Promise<void> {
  await Promise.all([...running].map((server) => server.kill('SIGKILL')))
}

// A worker that dies must not leave servers behind.
process.once('exit', () => {
  for (const server of running) {
    try {
      process.kill(server.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
})

/** A fresh temp DATA_DIR; `removeDataDirs()` removes every one made. */
const dataDirs: string[] = []
export function makeDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rembug-crash-data-'))
  dataDirs.push(dir)
  return dir
}
export function removeDataDirs(): void {
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
}

// ---------------------------------------------------------------------------------------------------------------
// Records, versions and state vectors
// ---------------------------------------------------------------------------------------------------------------

/** Record versions written by this harness carry `meta: { writer, v }`; `v` grows with every write of a writer. */
export type Versions = Map<string, number>

function versionOf(record: TLRecord | undefined): number | undefined {
  const v = (record?.meta as { v?: unknown } | undefined)?.v
  return typeof v === 'number' ? v : undefined
}

/**
 * The records of a doc, read straight from its `records` array (the rightmost entry of a key wins) without
 * attaching a YKeyValue, which may write to the doc.
 */
export function recordsIn(doc: Y.Doc): Map<string, TLRecord> {
  const records = new Map<string, TLRecord>()
  for (const entry of doc.getArray<RecordEntry>(RECORDS_KEY).toArray()) records.set(entry.key, entry.val)
  return records
}

/** `{ key → v }` for every record carrying a version. */
export function versionsIn(doc: Y.Doc): Versions {
  const versions: Versions = new Map()
  for (const [key, record] of recordsIn(doc)) {
    const v = versionOf(record)
    if (v !== undefined) versions.set(key, v)
  }
  return versions
}

/** Every `key: expected vN, found vM` where `actual` is behind `expected` (or lacks the key). */
export function shortfall(expected: Versions, actual: Versions): string[] {
  const missing: string[] = []
  for (const [key, v] of expected) {
    const found = actual.get(key)
    if (found === undefined || found < v) missing.push(`${key}: expected v${v}, found ${found === undefined ? 'nothing' : `v${found}`}`)
  }
  return missing
}

/** The doc's state vector without its own client: exactly what it integrated from others. */
export function remoteStateVector(doc: Y.Doc): Map<number, number> {
  const sv = Y.decodeStateVector(Y.encodeStateVector(doc))
  sv.delete(doc.clientID)
  return sv
}

/** Every `client N: expected clock C, found D` where `actual` lacks operations `expected` has. */
export function stateVectorShortfall(expected: Map<number, number>, actual: Map<number, number>): string[] {
  const missing: string[] = []
  for (const [client, clock] of expected) {
    const found = actual.get(client) ?? 0
    if (found < clock) missing.push(`client ${client}: expected clock ${clock}, found ${found}`)
  }
  return missing
}

/** A doc rebuilt from a stored snapshot and log; throws if some update could not be integrated (a gap in the log). */
export function docFromLog(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  if (doc.store.pendingStructs !== null) {
    throw new Error(`the stored log has a gap: updates wait for missing operations ${JSON.stringify([...doc.store.pendingStructs.missing])}`)
  }
  return doc
}

// ---------------------------------------------------------------------------------------------------------------
// Editors
// ---------------------------------------------------------------------------------------------------------------

/**
 * A stock y-websocket client that edits records as fast as asked: every tick it writes one of its own records
 * (a new one every few ticks, else a new version of one it wrote before). Keys are `shape:e<index>-<n>`, so every
 * record has exactly one writer and its `meta.v` only grows.
 *
 * It records every version it received from the server (the YKeyValue `change` events of transactions whose origin
 * is the provider): each of those must be stored.
 */
export class Editor {
  readonly peer: Peer
  /** The last version this editor wrote of each of its records. */
  readonly written: Versions = new Map()
  /** The highest version of each record received from others. */
  readonly received: Versions = new Map()
  /** How many record versions arrived from others. */
  receivedCount = 0
  /** Close codes the provider saw, in order (`null` when it closed the socket itself). */
  readonly closeCodes: Array<number | null> = []
  version = 0
  /** Called synchronously after every transaction that came from the server. */
  onReceived: (() => void) | null = null
  private timer: NodeJS.Timeout | null = null
  private readonly keys: string[] = []

  constructor(
    readonly index: number,
    wsUrl: string,
    boardId: string,
    person: Person,
    origin: string,
  ) {
    this.peer = connectPeer(wsUrl, boardId, { as: person, origin })
    // Come back quickly after a restart; the default backoff grows to 2.5 s.
    this.peer.provider.maxBackoffTime = 200
    this.peer.provider.on('connection-close', (event) => this.closeCodes.push(event ? event.code : null))
    onRecordChanges(this.peer.doc, (changes, transaction) => {
      if (transaction.origin !== this.peer.provider) return
      for (const [key, change] of changes) {
        if (change.action === 'delete') continue
        const v = versionOf(change.newValue)
        if (v === undefined) continue
        this.receivedCount++
        if ((this.received.get(key) ?? 0) < v) this.received.set(key, v)
      }
      this.onReceived?.()
    })
  }

  get doc(): Y.Doc {
    return this.peer.doc
  }

  get connected(): boolean {
    return this.peer.provider.wsconnected
  }

  get synced(): boolean {
    return this.peer.provider.synced
  }

  /** Writes one record version. */
  write(): void {
    const v = ++this.version
    let key: string
    if (this.keys.length < 3 || v % 4 === 0) {
      key = `e${this.index}-${this.keys.length}`
      this.keys.push(key)
    } else {
      key = this.keys[Math.floor(Math.random() * this.keys.length)]!
    }
    const record = geoShape(key, { x: v, y: this.index * 100, meta: { writer: this.index, v } })
    boardRecords(this.doc).set(record.id, record)
    this.written.set(record.id, v)
  }

  /** Writes every `intervalMs` until `stop()`. */
  start(intervalMs: number): void {
    this.stop()
    this.timer = setInterval(() => this.write(), intervalMs)
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  destroy(): void {
    this.stop()
    this.peer.destroy()
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A raw client whose every update is acknowledged
// ---------------------------------------------------------------------------------------------------------------

const messageSync = 0
const syncStep1 = 0
const syncStep2 = 1
const syncUpdate = 2

/**
 * A client on a plain socket that knows which of its updates the server has received: after each burst of updates
 * it sends a sync step 1, and the server's sync step 2 answer (sent to no one else, and only after the server took in
 * every earlier frame of this socket) acknowledges the burst. It never reconnects: what it wrote exists only on the
 * server, so anything acknowledged and then lost is really lost.
 *
 * Its records are `shape:ack-<n>`, each written once with `meta.v = n`.
 */
export class AckedWriter {
  readonly raw: RawSocket
  /** Records written and sent so far. */
  sent = 0
  /** Records the server has acknowledged receiving. */
  acked = 0
  /** Called synchronously on every acknowledgement. */
  onAck: (() => void) | null = null
  private awaiting: number | null = null
  private readonly own = new Y.Doc()
  /** What the server sent us, so each sync step 1 asks only for what is new (keeping the answers small). */
  private readonly mirror = new Y.Doc()
  private timer: NodeJS.Timeout | null = null

  constructor(wsUrl: string, boardId: string, person: Person, origin: string) {
    this.raw = openRawSocket(wsUrl, boardId, { as: person, origin })
    this.own.on('update', (update: Uint8Array) => this.send(syncUpdate, update))
    this.raw.ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data))
      if (decoding.readVarUint(decoder) !== messageSync) return
      const kind = decoding.readVarUint(decoder)
      if (kind === syncStep1) return
      Y.applyUpdate(this.mirror, decoding.readVarUint8Array(decoder))
      if (kind === syncStep2 && this.awaiting !== null) {
        this.acked = this.awaiting
        this.awaiting = null
        this.onAck?.()
      }
    })
  }

  private send(kind: number, payload: Uint8Array): void {
    if (this.raw.ws.readyState !== this.raw.ws.OPEN) return
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, messageSync)
    encoding.writeVarUint(encoder, kind)
    encoding.writeVarUint8Array(encoder, payload)
    this.raw.ws.send(encoding.toUint8Array(encoder))
  }

  /** Every `intervalMs`, unless an acknowledgement is outstanding, sends a burst of `count` records. */
  start(intervalMs: number, count = 3): void {
    this.timer = setInterval(() => {
      if (this.awaiting === null) this.burst(count)
    }, intervalMs)
  }

  /** Writes and sends `count` records, then asks for an acknowledgement (at most one is outstanding at a time). */
  burst(count: number): void {
    if (this.awaiting !== null) throw new Error('an acknowledgement is still outstanding')
    if (this.raw.ws.readyState !== this.raw.ws.OPEN) return
    for (let i = 0; i < count; i++) {
      const n = ++this.sent
      const record = geoShape(`ack-${n}`, { x: n, meta: { writer: 'ack', v: n } })
      boardRecords(this.own).set(record.id, record)
    }
    this.awaiting = this.sent
    this.send(syncStep1, Y.encodeStateVector(this.mirror))
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  /** `{ key → v }` of every record the server acknowledged. */
  ackedVersions(): Versions {
    const versions: Versions = new Map()
    for (let n = 1; n <= this.acked; n++) versions.set(`shape:ack-${n}`, n)
    return versions
  }

  destroy(): void {
    this.stop()
    if (this.raw.ws.readyState !== this.raw.ws.CLOSED) this.raw.ws.terminate()
    this.own.destroy()
    this.mirror.destroy()
  }
}

export type RecordChange =
  | { action: 'delete'; oldValue: TLRecord }
  | { action: 'update'; oldValue: TLRecord; newValue: TLRecord }
  | { action: 'add'; newValue: TLRecord }

/** Calls `f` with every YKeyValue `change` event of a doc's records (y-utility types the listener loosely). */
export function onRecordChanges(doc: Y.Doc, f: (changes: Map<string, RecordChange>, transaction: Y.Transaction) => void): void {
  boardRecords(doc).on('change', f)
}

/** Merges version maps, keeping the highest version of each key. */
export function mergeVersions(...maps: Versions[]): Versions {
  const merged: Versions = new Map()
  for (const map of maps) for (const [key, v] of map) if ((merged.get(key) ?? 0) < v) merged.set(key, v)
  return merged
}
