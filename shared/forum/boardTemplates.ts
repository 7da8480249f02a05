import type { TLPageId, TLRecord } from '@tldraw/tlschema'
import { exampleBoard } from './examples'
import { forumTemplate } from './template'
import type { BoardLanguage } from './texts'

/** What a new board can start from (`POST /api/boards {template}`). */
export const BOARD_TEMPLATES = ['blank', 'forum', 'example-desa-a', 'example-wilayah-b'] as const
export type BoardTemplate = (typeof BOARD_TEMPLATES)[number]

/**
 * The shapes and bindings a new board starts with beyond its page: none for a blank board, the five-step frames for
 * `forum`, a finished workshop for an example.
 *
 * @example
 * templateRecords('forum', 'id', DEFAULT_PAGE_ID) // → frames, lanes, grid, clusters, areas, hints
 */
export function templateRecords(template: BoardTemplate, lang: BoardLanguage, pageId: TLPageId): TLRecord[] {
  switch (template) {
    case 'blank':
      return []
    case 'forum':
      return forumTemplate({ lang, pageId }).shapes
    case 'example-desa-a':
    case 'example-wilayah-b': {
      const example = exampleBoard(template === 'example-desa-a' ? 'desa-a' : 'wilayah-b', { lang, pageId })
      return [...example.shapes, ...example.bindings]
    }
  }
}
