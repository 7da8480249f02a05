import { toRichText, type TLGeoShape, type TLRecord, type TLShapeId } from '@tldraw/tlschema'
import { getIndicesAbove } from '@tldraw/utils'
import { DEFAULT_PAGE_ID, createBoardSchema } from '../shared/boardSchema'

/**
 * Realistic tldraw records for benchmarks, generated deterministically from a seed so every run writes the same
 * bytes.
 */

/** A small seeded PRNG (mulberry32): returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ID_ALPHABET = 'useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict'

/** A tldraw-looking shape id (`shape:` + 21 characters of the nanoid alphabet, like `createShapeId()`). */
function shapeId(random: () => number): TLShapeId {
  let id = ''
  for (let i = 0; i < 21; i++) id += ID_ALPHABET[Math.floor(random() * ID_ALPHABET.length)]
  return `shape:${id}` as TLShapeId
}

/** A canvas coordinate as a drag leaves it: two decimals, not a whole number. */
function coordinate(random: () => number): number {
  return Math.round(random() * 400_000 - 200_000) / 100
}

const GEOS = ['rectangle', 'ellipse', 'diamond', 'hexagon', 'cloud'] as const
const COLORS = ['black', 'blue', 'green', 'orange', 'red', 'violet', 'yellow'] as const
const FILLS = ['none', 'semi', 'solid', 'pattern'] as const

/**
 * `count` full geo-shape records on the default page, validated against the board schema. `RecordType.create` fills
 * the base defaults (rotation, opacity, meta…) but not the shape's props, so every prop is given here.
 *
 * @example
 * const shapes = makeGeoShapes(100, seededRandom(1))
 */
export function makeGeoShapes(count: number, random: () => number): TLGeoShape[] {
  const shapeType = createBoardSchema().types.shape
  const indices = getIndicesAbove(null, count)
  return indices.map((index, i) => {
    const record = shapeType.create({
      id: shapeId(random),
      type: 'geo',
      x: coordinate(random),
      y: coordinate(random),
      rotation: 0,
      index,
      parentId: DEFAULT_PAGE_ID,
      isLocked: false,
      opacity: 1,
      meta: {},
      props: {
        geo: GEOS[i % GEOS.length]!,
        dash: 'draw',
        url: '',
        w: 120 + Math.round(random() * 200),
        h: 80 + Math.round(random() * 120),
        growY: 0,
        scale: 1,
        flipX: false,
        flipY: false,
        labelColor: 'black',
        color: COLORS[i % COLORS.length]!,
        fill: FILLS[i % FILLS.length]!,
        size: 'm',
        font: 'draw',
        align: 'middle',
        verticalAlign: 'middle',
        richText: toRichText(`Usulan ${i + 1}: perbaikan saluran air di RT ${(i % 12) + 1}`),
      },
    }) as TLGeoShape
    shapeType.validate(record)
    return record
  })
}

/** The record a tldraw client writes after dragging a shape: the whole record again, with a new x and y. */
export function movedShape(shape: TLGeoShape, random: () => number): TLGeoShape {
  return { ...shape, x: coordinate(random), y: coordinate(random) }
}

/**
 * A canonical text of a set of records, independent of the order they are listed in, to compare two docs' content.
 */
export function recordsFingerprint(records: readonly TLRecord[]): string {
  return records
    .map((record) => JSON.stringify(record))
    .sort()
    .join('\n')
}
