import type { Editor, TLShape } from 'tldraw'
import { oneLine } from '../../cards/cardForm'

/** The main text of a candidate on one line: a card's name, goal, indicator or statement, a note's or text's words. */
export function shapeLabel(editor: Editor, shape: TLShape, max = 80): string {
  const props = shape.props as Partial<Record<'name' | 'goal' | 'indicator' | 'text', unknown>>
  const field =
    shape.type === 'stakeholder' ? props.name : shape.type === 'action' ? props.goal : shape.type === 'indicator' ? props.indicator : shape.type === 'statement' ? props.text : undefined
  if (typeof field === 'string') return oneLine(field, max)
  try {
    return oneLine(editor.getShapeUtil(shape).getText(shape) ?? '', max)
  } catch {
    return ''
  }
}

/** A frame's name, or '' for another shape or one without a name. */
export function frameName(editor: Editor, frameId: string | null | undefined): string | null {
  if (!frameId) return null
  const frame = editor.getShape(frameId as TLShape['id'])
  if (!frame || frame.type !== 'frame') return null
  return oneLine(String((frame.props as { name?: unknown }).name ?? ''), 60)
}
