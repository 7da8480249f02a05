import { Box, type Editor } from 'tldraw'
import { FRAME_GAP, FRAME_SIZES, forumTemplate, STEPS } from '../../shared/forum/template'
import type { BoardLanguage } from '../../shared/forum/texts'

/**
 * Adds the five-step template to the page that is open, to the right of what is already there, as one undo step,
 * and brings it into view.
 */
export function addForumTemplate(editor: Editor, lang: BoardLanguage): void {
  const pageId = editor.getCurrentPageId()
  const existing = editor.getCurrentPageBounds()
  const origin = existing ? { x: Math.round(existing.maxX + 400), y: Math.round(existing.minY) } : { x: 0, y: 0 }
  const template = forumTemplate({ lang, pageId, origin, above: editor.getHighestIndexForParent(pageId) })
  editor.markHistoryStoppingPoint('add forum template')
  editor.run(() => editor.store.put(template.shapes))
  const width = STEPS.reduce((sum, step) => sum + FRAME_SIZES[step].w, 0) + FRAME_GAP * (STEPS.length - 1)
  const height = Math.max(...STEPS.map((step) => FRAME_SIZES[step].h))
  editor.zoomToBounds(new Box(origin.x, origin.y, width, height), { animation: { duration: 300 } })
}
