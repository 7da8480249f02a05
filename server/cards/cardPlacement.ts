import type { TLDefaultColorStyle, TLPageId, TLRecord, TLShape, TLShapeId } from '@tldraw/tlschema'
import { getIndexAbove, type IndexKey } from '@tldraw/utils'
import type { Point, Rect } from '../../shared/forum/geometry'
import { frameShape, noteShape } from '../../shared/forum/records'
import { CLUSTER_META } from '../../shared/forum/template'
import type { BoardLanguage } from '../../shared/forum/texts'

/**
 * Where a card sent from the light card page (`/card/:code`) lands on the board, as pure functions of the board's
 * records: the records to write for one card (the note, plus the inbox frame or a taller frame when needed, plus the
 * author's `user:` record so tldraw shows their name on the note).
 *
 * The contract with facilitation (docs/PROTOCOL.md §10): cards go into the frame of the running phase (`phase.frameId`
 * of the facilitation state), or, without one, into a frame whose `meta.forumPhaseCurrent` is `true`; otherwise into
 * the card inbox, a frame marked `meta.forumInbox` that the server makes once, to the right of the board's content.
 */

export const CARD_CATEGORIES = ['needs', 'challenges', 'ideas', 'other'] as const
export type CardCategory = (typeof CARD_CATEGORIES)[number]

/** The same colours as the notes of each step-2 cluster elsewhere (shared/plan/toBoard.ts). */
export const CARD_COLORS: Record<CardCategory | 'none', TLDefaultColorStyle> = {
  needs: 'yellow',
  challenges: 'light-red',
  ideas: 'light-green',
  other: 'light-violet',
  none: 'yellow',
}

/** Meta of a frame that holds the current phase when no phase of the facilitation state runs (at most one should have it). */
export const PHASE_CURRENT_META = 'forumPhaseCurrent'
/** Meta of the card inbox frame. */
export const INBOX_META = 'forumInbox'
/** The inbox frame's id: fixed, so two servers (or a retry) that make it at once make the same record. */
export const INBOX_ID = 'shape:card-inbox' as TLShapeId
export const INBOX_NAMES: Record<BoardLanguage, string> = { id: 'Kotak masuk kartu', en: 'Card inbox' }

/** A card's note id, derived from the id the device gave it: sending the same card again finds it. */
export function cardNoteId(cardId: string): TLShapeId {
  return `shape:card-${cardId}` as TLShapeId
}

const NOTE_W = 200
const NOTE_H = 200
/** Room between two notes, and between the notes and a frame's edge. */
export const GAP = 20
export const PAD = 40
/** Room between the board's content and the inbox frame (the template's gap between frames). */
const INBOX_OFFSET = 160
const INBOX_COLUMNS = 4
const INBOX_ROWS = 2
/** Room left at the top of a cluster for its label, and at its sides (as shared/plan/toBoardLayout.ts does). */
const LABEL_SPACE = 50
const INSET = 20

/** tldraw's note label at size `m`: 16 px × 1.375, line height 1.35, 16 px padding on a 200-wide note. */
const NOTE_FONT_PX = 22
const NOTE_LINE_PX = NOTE_FONT_PX * 1.35
const NOTE_TEXT_W = NOTE_W - 2 * 16
/** Average advance of IBM Plex Sans, in ems; on the generous side, so an estimate errs towards a taller note. */
const CHAR_EM = 0.56
const TEXT_FONT_PX: Record<string, number> = { s: 18, m: 24, l: 36, xl: 44 }

/**
 * How much taller than 200 a note with this text is. tldraw measures this in the browser when a person types a note
 * (`growY`); a note made on the server must carry an estimate, or a long card's text would spill out of its note.
 * The editor corrects it the first time someone edits the note.
 *
 * @example
 * noteGrowY('Air bersih') // → 0
 */
export function noteGrowY(text: string): number {
  const perLine = Math.max(1, Math.floor(NOTE_TEXT_W / (NOTE_FONT_PX * CHAR_EM)))
  const lines = text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / perLine)), 0)
  return Math.max(0, Math.ceil(lines * NOTE_LINE_PX + 2 * 16 - NOTE_H))
}

function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback
}

/** A shape's size in its own space, from its props; `null` for shapes whose size the props do not say. */
function localSize(shape: TLShape): { w: number; h: number } | null {
  const props = shape.props as Record<string, unknown>
  const scale = num(props.scale, 1)
  if (shape.type === 'note') return { w: NOTE_W * scale, h: (NOTE_H + num(props.growY)) * scale }
  if (shape.type === 'text') {
    const font = (TEXT_FONT_PX[String(props.size)] ?? 24) * scale
    const w = num(props.w) * scale
    const perLine = Math.max(1, Math.floor(w / (font * CHAR_EM)))
    const text = richTextPlain(props.richText)
    const lines = text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / perLine)), 0)
    return { w, h: lines * font * 1.35 }
  }
  if (typeof props.w === 'number' && typeof props.h === 'number') return { w: num(props.w), h: num(props.h) + num(props.growY) }
  return null
}

function richTextPlain(value: unknown): string {
  const lines: string[] = []
  const walk = (node: unknown, line: string[]): void => {
    if (typeof node !== 'object' || node === null) return
    const { text, content } = node as { text?: unknown; content?: unknown }
    if (typeof text === 'string') line.push(text)
    if (Array.isArray(content)) for (const child of content) walk(child, line)
  }
  const content = (value as { content?: unknown } | null)?.content
  if (Array.isArray(content)) {
    for (const paragraph of content) {
      const line: string[] = []
      walk(paragraph, line)
      lines.push(line.join(''))
    }
  }
  return lines.join('\n')
}

/**
 * The box a shape covers in its parent's space (rotation included). Arrows count by their two ends; shapes with no size in their props (drawings, groups) by a small box at their
 * origin.
 */
export function shapeRect(shape: TLShape): Rect {
  const props = shape.props as Record<string, unknown>
  let corners: Point[]
  const size = localSize(shape)
  if (size) {
    corners = [
      { x: 0, y: 0 },
      { x: size.w, y: 0 },
      { x: 0, y: size.h },
      { x: size.w, y: size.h },
    ]
  } else if (shape.type === 'arrow') {
    const start = props.start as Point | undefined
    const end = props.end as Point | undefined
    corners = [
      { x: num(start?.x), y: num(start?.y) },
      { x: num(end?.x), y: num(end?.y) },
    ]
  } else {
    corners = [
      { x: 0, y: 0 },
      { x: 1, y: 1 },
    ]
  }
  const cos = Math.cos(shape.rotation)
  const sin = Math.sin(shape.rotation)
  const placed = corners.map((p) => ({ x: shape.x + p.x * cos - p.y * sin, y: shape.y + p.x * sin + p.y * cos }))
  const xs = placed.map((p) => p.x)
  const ys = placed.map((p) => p.y)
  const x = Math.min(...xs)
  const y = Math.min(...ys)
  return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y }
}

function overlaps(a: Rect, b: Rect, gap: number): boolean {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap
}

/**
 * The first place, in reading order, where a box of `size` fits inside `region` at least `gap` away from every
 * obstacle; `null` when there is none. Columns are note-sized cells; rows start on the cell grid or just below an
 * obstacle (so a note goes right under a hint or a tall note instead of a whole cell lower).
 *
 * @example
 * findSlot({ x: 40, y: 40, w: 860, h: 420 }, { w: 200, h: 200 }, [{ x: 40, y: 40, w: 200, h: 200 }], 20) // → { x: 260, y: 40 }
 */
export function findSlot(region: Rect, size: { w: number; h: number }, obstacles: readonly Rect[], gap: number): Point | null {
  const bottom = region.y + region.h - size.h
  const rows = new Set<number>()
  for (let y = region.y; y <= bottom; y += NOTE_H + gap) rows.add(y)
  for (const o of obstacles) {
    const y = o.y + o.h + gap
    if (y > region.y && y <= bottom) rows.add(Math.ceil(y))
  }
  for (const y of [...rows].sort((a, b) => a - b)) {
    for (let x = region.x; x + size.w <= region.x + region.w; x += NOTE_W + gap) {
      const candidate = { x, y, w: size.w, h: size.h }
      if (!obstacles.some((o) => overlaps(candidate, o, gap))) return { x, y }
    }
  }
  return null
}

/** What to write for one card. */
export interface CardPlan {
  /** Records to put (the note last); never a record that is already there unchanged. */
  put: TLRecord[]
  noteId: TLShapeId
  /** The frame the note went into. */
  frameId: TLShapeId
}

export interface CardInput {
  cardId: string
  text: string
  category: CardCategory | null
  author: { id: string; name: string }
  /** The language of a new inbox frame's name. */
  lang: BoardLanguage
  /** The frame of the phase now running (facilitation state), if any. */
  phaseFrameId?: string | null
}

type Frame = TLShape<'frame'>

function isTrue(shape: TLShape, key: string): boolean {
  return (shape.meta as Record<string, unknown>)[key] === true
}

function topmost<T extends { index: IndexKey }>(items: readonly T[]): T | undefined {
  let best: T | undefined
  for (const item of items) if (!best || item.index > best.index) best = item
  return best
}

/** A template region's meta value (a step-2 cluster's `forumCluster`, say), or `undefined` for other shapes. */
function regionValue(shape: TLShape, key: string): unknown {
  return shape.type === 'geo' ? (shape.meta as Record<string, unknown>)[key] : undefined
}

/**
 * Plans one card: the note in the current phase's frame — `input.phaseFrameId`, else a frame marked
 * `forumPhaseCurrent` — (in the cluster of its category when that frame has one), else in the card inbox (made on the first page when missing), in the first free cell; a frame with no free cell
 * grows taller and the note starts a new row below everything in it.
 */
export function planCard(records: readonly TLRecord[], input: CardInput): CardPlan {
  const shapes = records.filter((r): r is TLShape => r.typeName === 'shape')
  const put: TLRecord[] = []
  const noteId = cardNoteId(input.cardId)

  let frame: Frame | undefined =
    shapes.find((s): s is Frame => s.type === 'frame' && s.id === input.phaseFrameId) ??
    topmost(shapes.filter((s): s is Frame => s.type === 'frame' && isTrue(s, PHASE_CURRENT_META)))
  const isPhase = frame !== undefined
  frame ??= shapes.find((s): s is Frame => s.id === INBOX_ID && s.type === 'frame') ?? topmost(shapes.filter((s): s is Frame => s.type === 'frame' && isTrue(s, INBOX_META)))
  if (!frame) frame = newInbox(records, shapes, input.lang)

  const children = shapes.filter((s) => s.parentId === frame.id && s.id !== noteId)
  const size = { w: NOTE_W, h: NOTE_H + noteGrowY(input.text) }
  let at: Point | null = null

  const cluster = isPhase && input.category ? children.find((s) => regionValue(s, CLUSTER_META) === input.category) : undefined
  if (cluster) {
    const c = shapeRect(cluster)
    const inside = { x: c.x + INSET, y: c.y + LABEL_SPACE, w: c.w - 2 * INSET, h: c.h - LABEL_SPACE - INSET }
    at = findSlot(inside, size, children.filter((s) => s.id !== cluster.id).map(shapeRect), GAP)
  }
  const obstacles = children.map(shapeRect)
  at ??= findSlot({ x: PAD, y: PAD, w: frame.props.w - 2 * PAD, h: frame.props.h - 2 * PAD }, size, obstacles, GAP)
  let grown = frame
  if (!at) {
    // Full: a new row under everything in the frame, which grows to take it.
    const bottom = obstacles.reduce((most, r) => Math.max(most, r.y + r.h), PAD - GAP)
    at = { x: PAD, y: Math.max(PAD, bottom + GAP) }
    grown = { ...frame, props: { ...frame.props, h: Math.max(frame.props.h, at.y + size.h + PAD), w: Math.max(frame.props.w, size.w + 2 * PAD) } }
  }
  if (grown !== frame || !records.some((r) => r.id === frame.id)) put.push(grown)

  const user = records.find((r) => r.id === `user:${input.author.id}`)
  if (!user || (user.typeName === 'user' && user.name !== input.author.name)) {
    const base = user?.typeName === 'user' ? user : { id: `user:${input.author.id}`, typeName: 'user' as const, color: '', imageUrl: '', meta: {} }
    put.push({ ...base, name: input.author.name } as TLRecord)
  }

  const index = getIndexAbove(topmost(children)?.index ?? null)
  const note = noteShape(
    {
      id: noteId,
      parentId: frame.id,
      index,
      x: Math.round(at.x),
      y: Math.round(at.y),
      meta: { cardAuthor: input.author.name, cardCategory: input.category },
    },
    input.text,
    CARD_COLORS[input.category ?? 'none'],
  )
  put.push({ ...note, props: { ...note.props, growY: size.h - NOTE_H, textLastEditedBy: input.author.id } })
  return { put, noteId, frameId: frame.id }
}

/** A new, empty inbox frame to the right of everything on the first page, above it in z-order. */
function newInbox(records: readonly TLRecord[], shapes: readonly TLShape[], lang: BoardLanguage): Frame {
  let pageId = 'page:page' as TLPageId
  let lowest: IndexKey | null = null
  for (const r of records) {
    if (r.typeName === 'page' && (lowest === null || r.index < lowest)) [pageId, lowest] = [r.id, r.index]
  }
  const onPage = shapes.filter((s) => s.parentId === pageId)
  const rects = onPage.map(shapeRect)
  const x = rects.length > 0 ? Math.max(...rects.map((r) => r.x + r.w)) + INBOX_OFFSET : 0
  const y = rects.length > 0 ? Math.min(...rects.map((r) => r.y)) : 0
  return frameShape(
    { id: INBOX_ID, parentId: pageId, index: getIndexAbove(topmost(onPage)?.index ?? null), x: Math.round(x), y: Math.round(y), meta: { [INBOX_META]: true } },
    { w: 2 * PAD + INBOX_COLUMNS * NOTE_W + (INBOX_COLUMNS - 1) * GAP, h: 2 * PAD + INBOX_ROWS * NOTE_H + (INBOX_ROWS - 1) * GAP, name: INBOX_NAMES[lang] },
  )
}
