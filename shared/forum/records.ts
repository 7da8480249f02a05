import {
  toRichText,
  type TLArrowBinding,
  type TLBindingId,
  type TLDefaultColorStyle,
  type TLParentId,
  type TLShape,
  type TLShapeId,
  type TLShapePartial,
} from '@tldraw/tlschema'
import type { IndexKey, JsonObject } from '@tldraw/utils'
import { cardDefaults, type CardType } from './cards'

/**
 * Complete tldraw records made without an editor (on the server, in tests): tldraw fills default props only when an
 * editor creates a shape, so every builder here writes every prop. The template and the example boards are made of
 * these; the unit tests check each against the board schema.
 */

/** Where a new shape goes and what it is called. */
export interface Placement {
  id: TLShapeId
  parentId: TLParentId
  index: IndexKey
  x: number
  y: number
  meta?: JsonObject
}

function base<K extends TLShape['type']>(type: K, at: Placement) {
  return {
    id: at.id,
    typeName: 'shape' as const,
    type,
    x: at.x,
    y: at.y,
    rotation: 0,
    index: at.index,
    parentId: at.parentId,
    isLocked: false,
    opacity: 1,
    meta: at.meta ?? {},
  }
}

export function frameShape(at: Placement, props: { w: number; h: number; name: string }): TLShape<'frame'> {
  return { ...base('frame', at), props: { ...props, color: 'black' } }
}

export interface GeoOptions {
  w: number
  h: number
  text?: string
  color?: TLDefaultColorStyle
  fill?: 'none' | 'semi' | 'solid'
  dash?: 'draw' | 'solid' | 'dashed' | 'dotted'
  size?: 's' | 'm' | 'l' | 'xl'
  align?: 'start' | 'middle'
}

/** A rectangle with a label; the label sits top-left when `align` is `start` (lanes and clusters). */
export function rectangleShape(at: Placement, options: GeoOptions): TLShape<'geo'> {
  const align = options.align ?? 'middle'
  return {
    ...base('geo', at),
    props: {
      geo: 'rectangle',
      dash: options.dash ?? 'solid',
      url: '',
      w: options.w,
      h: options.h,
      growY: 0,
      scale: 1,
      flipX: false,
      flipY: false,
      labelColor: 'black',
      color: options.color ?? 'black',
      fill: options.fill ?? 'none',
      size: options.size ?? 'm',
      font: 'sans',
      align,
      verticalAlign: align === 'start' ? 'start' : 'middle',
      richText: toRichText(options.text ?? ''),
    },
  }
}

export function noteShape(at: Placement, text: string, color: TLDefaultColorStyle = 'yellow'): TLShape<'note'> {
  return {
    ...base('note', at),
    props: {
      color,
      labelColor: 'black',
      size: 'm',
      font: 'sans',
      fontSizeAdjustment: null,
      align: 'middle',
      verticalAlign: 'middle',
      growY: 0,
      url: '',
      richText: toRichText(text),
      scale: 1,
      textLastEditedBy: null,
    },
  }
}

export function textShape(at: Placement, text: string, options: { w: number; size?: 's' | 'm' | 'l' | 'xl'; color?: TLDefaultColorStyle }): TLShape<'text'> {
  return {
    ...base('text', at),
    props: {
      color: options.color ?? 'grey',
      size: options.size ?? 'm',
      font: 'sans',
      textAlign: 'start',
      w: options.w,
      richText: toRichText(text),
      scale: 1,
      autoSize: false,
    },
  }
}

export function powerGridShape(at: Placement, props: { w: number; h: number }): TLShape<'powergrid'> {
  return { ...base('powergrid', at), props }
}

/** A card with its defaults, overridden by `props`. */
export function cardShape<K extends CardType>(type: K, at: Placement, props: Partial<TLShape<K>['props']> = {}): TLShape<K> {
  return { ...base(type, at), props: { ...cardDefaults[type](), ...props } } as unknown as TLShape<K>
}

/**
 * An arrow from one shape to another, bound at both ends so it follows them (an arrow from a stakeholder card to an
 * action card means "responsible / involved"). `start` and `end` are the arrow's ends in its parent's space, used
 * until an editor recomputes them from the bindings.
 */
export function arrowBetween(
  at: Placement,
  ends: { fromId: TLShapeId; toId: TLShapeId; start: { x: number; y: number }; end: { x: number; y: number }; bindingIds: [TLBindingId, TLBindingId] },
  color: TLDefaultColorStyle = 'grey',
): [TLShape<'arrow'>, TLArrowBinding, TLArrowBinding] {
  const arrow: TLShape<'arrow'> = {
    ...base('arrow', { ...at, x: ends.start.x, y: ends.start.y }),
    props: {
      kind: 'arc',
      labelColor: 'black',
      color,
      fill: 'none',
      dash: 'solid',
      size: 'm',
      arrowheadStart: 'none',
      arrowheadEnd: 'arrow',
      font: 'sans',
      start: { x: 0, y: 0 },
      end: { x: ends.end.x - ends.start.x, y: ends.end.y - ends.start.y },
      bend: 0,
      richText: toRichText(''),
      labelPosition: 0.5,
      scale: 1,
      elbowMidPoint: 0.5,
    },
  }
  const binding = (id: TLBindingId, terminal: 'start' | 'end', toId: TLShapeId): TLArrowBinding => ({
    id,
    typeName: 'binding',
    type: 'arrow',
    fromId: arrow.id,
    toId,
    meta: {},
    props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' },
  })
  return [arrow, binding(ends.bindingIds[0], 'start', ends.fromId), binding(ends.bindingIds[1], 'end', ends.toId)]
}

export type { TLShapePartial }
