/**
 * tldraw-like edits for the fuzzers: complete geo and note shape records (every prop present, as the editor writes
 * them), and random operations on a board doc through `boardRecords(doc)`: create, move, restyle, relabel, delete.
 */
import { toRichText, type TLGeoShape, type TLNoteShape, type TLRecord, type TLShape } from '@tldraw/tlschema'
import * as Y from 'yjs'
import { boardRecords } from '../../shared/boardDoc'
import { createBoardSchema } from '../../shared/boardSchema'
import { geoShape } from '../fixtures/geoShape'
import type { Rng } from './prng'

const COLORS = ['black', 'grey', 'light-violet', 'violet', 'blue', 'light-blue', 'yellow', 'orange', 'green', 'light-green', 'light-red', 'red', 'white'] as const
const GEOS = ['rectangle', 'ellipse', 'triangle', 'diamond', 'star', 'cloud', 'hexagon', 'oval'] as const
const WORDS = ['air bersih', 'jalan desa', 'posyandu', 'sekolah', 'irigasi', 'pasar', 'sampah', 'listrik', 'Ide', 'usulan', '✓', 'ñ', '中文']

/** A complete tldraw note shape record (every prop present). */
export function noteShape(key: string, overrides: Partial<TLNoteShape> = {}): TLNoteShape {
  const base = geoShape(key)
  return {
    id: base.id,
    typeName: 'shape',
    type: 'note',
    x: 0,
    y: 0,
    rotation: 0,
    index: base.index,
    parentId: base.parentId,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      color: 'yellow',
      labelColor: 'black',
      size: 'm',
      font: 'draw',
      fontSizeAdjustment: 1,
      align: 'middle',
      verticalAlign: 'middle',
      growY: 0,
      url: '',
      richText: toRichText(key),
      scale: 1,
      textLastEditedBy: null,
    },
    ...overrides,
  }
}

function label(rng: Rng): string {
  return Array.from({ length: rng.int(1, 4) }, () => rng.pick(WORDS)).join(' ')
}

/** A random, valid shape record with id `shape:<prefix><n>`. */
export function randomShape(rng: Rng, id: string): TLShape {
  const x = rng.int(-2000, 2000) + rng.int(0, 99) / 100
  const y = rng.int(-2000, 2000)
  const index = `a${rng.pick(['1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'Z', 'a', 'z'])}`
  if (rng.chance(0.5)) {
    const base = geoShape(id)
    return {
      ...base,
      x,
      y,
      index: index as TLGeoShape['index'],
      rotation: rng.chance(0.2) ? rng.int(0, 628) / 100 : 0,
      props: {
        ...base.props,
        geo: rng.pick(GEOS),
        color: rng.pick(COLORS),
        w: rng.int(10, 400),
        h: rng.int(10, 300),
        richText: toRichText(label(rng)),
      },
    }
  }
  const base = noteShape(id)
  return { ...base, x, y, index: index as TLNoteShape['index'], props: { ...base.props, color: rng.pick(COLORS), richText: toRichText(label(rng)) } }
}

export type OpName = 'create' | 'move' | 'restyle' | 'relabel' | 'delete'

/**
 * One random tldraw-like edit on `doc` through its `boardRecords` view. `nextId` makes ids unique per client.
 * Returns what it did, for the trace.
 */
export function randomBoardOp(rng: Rng, doc: Y.Doc, nextId: () => string): string {
  const kv = boardRecords(doc)
  // Only what looks like a shape: a board another party wrote junk into must not trip the editing client.
  const shapes = [...kv.map.values()]
    .map((e) => e?.val as unknown)
    .filter((r): r is TLShape => typeof r === 'object' && r !== null && (r as TLShape).typeName === 'shape' && typeof (r as TLShape).props === 'object' && typeof (r as TLShape).id === 'string')
  const op: OpName =
    shapes.length === 0
      ? 'create'
      : rng.weighted({ create: 3, move: 5, restyle: 1, relabel: 1, delete: 1.5 } satisfies Record<OpName, number>)
  if (op === 'create') {
    const shape = randomShape(rng, nextId())
    kv.set(shape.id, shape)
    return `create ${shape.id}`
  }
  const shape = rng.pick(shapes)
  switch (op) {
    case 'move': {
      // A drag: a few moves in a row, each its own transaction, as tldraw writes them.
      const steps = rng.int(1, 4)
      let current = shape
      for (let i = 0; i < steps; i++) {
        current = { ...current, x: current.x + rng.int(-50, 50), y: current.y + rng.int(-50, 50) }
        kv.set(current.id, current)
      }
      return `move ${shape.id} ×${steps}`
    }
    case 'restyle': {
      const props = { ...(shape.props as Record<string, unknown>), color: rng.pick(COLORS) }
      kv.set(shape.id, { ...shape, props } as TLShape)
      return `restyle ${shape.id}`
    }
    case 'relabel': {
      const props = { ...(shape.props as Record<string, unknown>), richText: toRichText(label(rng)) }
      kv.set(shape.id, { ...shape, props } as TLShape)
      return `relabel ${shape.id}`
    }
    case 'delete':
      kv.delete(shape.id)
      return `delete ${shape.id}`
  }
}

/** The board's records by id, sorted by id, as plain JSON. */
export function recordsOf(doc: Y.Doc): Record<string, TLRecord> {
  const entries = [...boardRecords(doc).map.entries()].map(([id, entry]) => [id, entry.val] as const)
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return Object.fromEntries(entries)
}

/**
 * The records of a doc read straight from its `records` array (rightmost entry of a key wins), without attaching a
 * `YKeyValue` (which would write to the doc while cleaning up duplicates).
 */
export function rawRecordsOf(doc: Y.Doc): Record<string, unknown> {
  const out = new Map<string, unknown>()
  for (const entry of doc.getArray<{ key: string; val: unknown }>('records').toArray()) {
    if (entry && typeof entry === 'object' && typeof entry.key === 'string') out.set(entry.key, entry.val)
  }
  return Object.fromEntries([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** The state vector as a sorted object (client id → clock), for comparing docs. */
export function stateVectorOf(doc: Y.Doc): Record<string, number> {
  const sv = Y.decodeStateVector(Y.encodeStateVector(doc))
  return Object.fromEntries([...sv.entries()].sort(([a], [b]) => a - b).map(([client, clock]) => [String(client), clock]))
}

/** The delete set as sorted `client:clock+len` runs, for comparing docs. */
export function deleteSetOf(doc: Y.Doc): string[] {
  const ds = Y.createDeleteSetFromStructStore(doc.store)
  const runs: string[] = []
  for (const [client, items] of ds.clients) {
    for (const item of items) runs.push(`${client}:${item.clock}+${item.len}`)
  }
  return runs.sort()
}

const schema = createBoardSchema()

/** Ids of records the board schema refuses (should be none in a board only stock clients wrote). */
export function invalidRecordIds(records: Record<string, unknown>): string[] {
  const bad: string[] = []
  for (const [id, value] of Object.entries(records)) {
    const typeName = (value as { typeName?: string } | null)?.typeName
    const type = typeName && Object.hasOwn(schema.types, typeName) ? schema.types[typeName as TLRecord['typeName']] : undefined
    try {
      if (!type) throw new Error('unknown type')
      type.validate(value)
    } catch {
      bad.push(id)
    }
  }
  return bad
}

/** The first difference between two JSON-able values, as a short path and both sides, or null when equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (Object.is(a, b)) return null
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return `${path || '(root)'}: ${short(a)} ≠ ${short(b)}`
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const key of [...keys].sort()) {
    const diff = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}/${key}`)
    if (diff) return diff
  }
  return null
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 200 ? `${text.slice(0, 200)}…` : text
}
