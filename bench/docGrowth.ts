import type { TLGeoShape, TLRecord } from '@tldraw/tlschema'
import * as Y from 'yjs'
import { boardMeta, boardRecords, initBoardDoc, LAYOUT_VERSION, readRecords, RECORDS_KEY } from '../shared/boardDoc'
import { createBoardSchema, initialBoardRecords } from '../shared/boardSchema'
import { SqliteStorage } from '../server/storage/SqliteStorage'
import { sleep, startBenchServer, storedRecords, waitUntil, yieldToIo } from './harness'
import { makeGeoShapes, movedShape, recordsFingerprint, seededRandom } from './records'
import type { TableRow } from './table'

/**
 * Benchmark part "document growth": how big a board's stored / encoded state gets when the same shapes are moved
 * again and again, compared with a fresh encoding of the same final records (`ratio` = bytes / fresh bytes; 1.0
 * means no history is kept at all).
 *
 * Every representation starts from the same seeded shapes and makes the same moves: move `m` rewrites shape
 * `m % shapes` with a new x and y, the whole record, in its own transaction, as a tldraw client does.
 */
export interface Row extends TableRow {
  representation: string
  shapes: number
  moves: number
  storedOrEncodedBytes: number
  freshBytes: number
  ratio: number
  /** Wall time of the representation's whole run (for the server rows: one shared run, including waiting for storage and the close). */
  ms: number
  /** Server rows: update rows in the store's log not yet folded into the snapshot; `null` for in-memory rows. */
  storedLogRows: number | null
}

export interface DocGrowthOptions {
  shapes: number
  moves: number
}

const SEED = 20_240_601
/** Moves made between two yields to I/O in the server run, so the socket and the server's flushes keep up. */
const CHUNK = 100
/** The client stops writing while more than this is waiting in its socket's send buffer. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024

export async function docGrowth({ shapes, moves }: DocGrowthOptions): Promise<Row[]> {
  if (shapes < 1 || moves < 0) throw new Error('docGrowth needs shapes ≥ 1 and moves ≥ 0')
  const rows: Row[] = []
  rows.push(...(await throughServer(shapes, moves)))
  rows.push(inMemoryLayout(shapes, moves))
  rows.push(naiveMap(shapes, moves))
  return rows
}

function row(
  representation: string,
  { shapes, moves }: DocGrowthOptions,
  bytes: number,
  freshBytes: number,
  ms: number,
  storedLogRows: number | null = null,
): Row {
  return {
    representation,
    shapes,
    moves,
    storedOrEncodedBytes: bytes,
    freshBytes,
    ratio: Math.round((bytes / freshBytes) * 1000) / 1000,
    ms: Math.round(ms),
    storedLogRows,
  }
}

/** Bytes of a brand-new board doc holding exactly `records`: the floor any representation of them is compared to. */
function freshLayoutBytes(records: TLRecord[]): number {
  const doc = new Y.Doc()
  initBoardDoc(doc, createBoardSchema(), records)
  const bytes = Y.encodeStateAsUpdate(doc).byteLength
  doc.destroy()
  return bytes
}

/** Move `m`: the next shape round-robin gets a new x and y; returns the whole new record, to be written. */
function nextMove(shapes: TLGeoShape[], m: number, random: () => number): TLGeoShape {
  const i = m % shapes.length
  const moved = movedShape(shapes[i]!, random)
  shapes[i] = moved
  return moved
}

/** a) Rembug's layout through the real server: one stock y-websocket client, SQLite storage, default room options. */
async function throughServer(shapes: number, moves: number): Promise<Row[]> {
  const started = performance.now()
  const bench = await startBenchServer()
  try {
    const docs = bench.server.storage.docs
    const boardId = await bench.createBoard('Bench: document growth')
    const doc = new Y.Doc()
    const provider = await bench.connectClient(boardId, doc)
    const kv = boardRecords(doc)
    const random = seededRandom(SEED)
    const records = makeGeoShapes(shapes, random)
    doc.transact(() => {
      for (const record of records) kv.set(record.id, record)
    })

    let peak = { bytes: 0, updates: 0 }
    for (let m = 0; m < moves; m++) {
      const shape = nextMove(records, m, random)
      kv.set(shape.id, shape)
      if ((m + 1) % CHUNK !== 0) continue
      await yieldToIo()
      while ((provider.ws?.bufferedAmount ?? 0) > MAX_BUFFERED_BYTES) await sleep(1)
      const size = await docs.size(boardId)
      if (size.bytes > peak.bytes) peak = size
    }

    // Persist-before-broadcast means "sent" is not "stored": wait until the store rebuilds to the client's records.
    const finalRecords = readRecords(doc)
    const expected = recordsFingerprint(finalRecords)
    await waitUntil(
      async () => recordsFingerprint(await storedRecords(docs, boardId)) === expected,
      10 * 60_000,
      50,
      'the server to store every move',
    )
    const allStored = await docs.size(boardId)
    if (allStored.bytes > peak.bytes) peak = allStored
    const clientBytes = Y.encodeStateAsUpdate(doc).byteLength
    provider.destroy()
    doc.destroy()

    // close() stores what is pending and compacts every room; read the result back from a fresh SqliteStorage.
    await bench.server.close()
    const reopened = new SqliteStorage(bench.dataDir)
    const compacted = await reopened.docs.size(boardId)
    const survived = recordsFingerprint(await storedRecords(reopened.docs, boardId)) === expected
    await reopened.close()
    if (!survived) throw new Error('after close, the stored board no longer holds the client’s records')

    const fresh = freshLayoutBytes(finalRecords)
    const ms = performance.now() - started
    const options = { shapes, moves }
    return [
      row('server: stored, peak while moving', options, peak.bytes, fresh, ms, peak.updates),
      row('server: stored, all moves in', options, allStored.bytes, fresh, ms, allStored.updates),
      row('server: stored after close', options, compacted.bytes, fresh, ms, compacted.updates),
      row('server: client doc encodeStateAsUpdate', options, clientBytes, fresh, ms),
    ]
  } finally {
    await bench.dispose()
  }
}

/** b) Rembug's layout (YKeyValue over a Y.Array) in one in-memory doc, no server. */
function inMemoryLayout(shapes: number, moves: number): Row {
  const started = performance.now()
  const doc = new Y.Doc()
  initBoardDoc(doc, createBoardSchema(), initialBoardRecords())
  const kv = boardRecords(doc)
  const random = seededRandom(SEED)
  const records = makeGeoShapes(shapes, random)
  doc.transact(() => {
    for (const record of records) kv.set(record.id, record)
  })
  for (let m = 0; m < moves; m++) {
    const shape = nextMove(records, m, random)
    kv.set(shape.id, shape)
  }
  const bytes = Y.encodeStateAsUpdate(doc).byteLength
  const fresh = freshLayoutBytes(readRecords(doc))
  doc.destroy()
  return row('layout (YKeyValue) in memory', { shapes, moves }, bytes, fresh, performance.now() - started)
}

/** A doc in the naive layout: the records in one `Y.Map` keyed by record id, plus the same `meta` map. */
function naiveDoc(records: readonly TLRecord[]): { doc: Y.Doc; map: Y.Map<TLRecord> } {
  const doc = new Y.Doc()
  const map = doc.getMap<TLRecord>(RECORDS_KEY)
  doc.transact(() => {
    boardMeta(doc).set('layout', LAYOUT_VERSION)
    boardMeta(doc).set('schema', createBoardSchema().serialize())
    for (const record of records) map.set(record.id, record)
  })
  return { doc, map }
}

/** c) For comparison: the naive layout, each move re-setting the whole record under its key. */
function naiveMap(shapes: number, moves: number): Row {
  const started = performance.now()
  const { doc, map } = naiveDoc(initialBoardRecords())
  const random = seededRandom(SEED)
  const records = makeGeoShapes(shapes, random)
  doc.transact(() => {
    for (const record of records) map.set(record.id, record)
  })
  for (let m = 0; m < moves; m++) {
    const shape = nextMove(records, m, random)
    map.set(shape.id, shape)
  }
  const bytes = Y.encodeStateAsUpdate(doc).byteLength
  const fresh = naiveDoc([...map.values()])
  const freshBytes = Y.encodeStateAsUpdate(fresh.doc).byteLength
  fresh.doc.destroy()
  doc.destroy()
  return row('naive Y.Map in memory', { shapes, moves }, bytes, freshBytes, performance.now() - started)
}
