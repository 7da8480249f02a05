import i18next from 'i18next'
import { react, type Editor, type TLShape } from 'tldraw'
import { isDraftRecord } from '../../board/yjsBinding'
import { createPageOverlay } from '../votes/pageOverlay'
import { registerFacilitationVotes } from '../votes/labels'
import './drafts.css'

/** Under the vote marks, above the shapes. */
const MARKERS_Z = 243

/**
 * Shows this person's hidden notes as hidden: a dashed outline and a "Tersembunyi" badge on each draft on the page in
 * view (plain DOM in a page-coordinate layer, so it follows panning and zooming). Returns a cleanup.
 */
export function showDraftMarkers(editor: Editor): () => void {
  registerFacilitationVotes(i18next)
  const overlay = createPageOverlay(editor, 'draft-markers-layer', MARKERS_Z)
  const elements = new Map<string, HTMLDivElement>()
  let labels = { hidden: '', title: '' }
  const readLabels = () => {
    labels = { hidden: i18next.t('facilitationVotes.drafts.hidden'), title: i18next.t('facilitationVotes.drafts.hiddenTitle') }
    for (const element of elements.values()) fillBadge(element)
  }
  const fillBadge = (element: HTMLDivElement) => {
    const badge = element.firstElementChild as HTMLElement
    badge.lastChild!.textContent = labels.hidden
    element.title = labels.title
  }
  const create = (id: string) => {
    const element = document.createElement('div')
    element.className = 'draft-marker'
    element.dataset.shapeId = id
    const badge = document.createElement('span')
    badge.className = 'draft-badge'
    badge.innerHTML =
      '<svg aria-hidden="true" width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"><path d="M3 3l18 18M10.6 6.1A9.8 9.8 0 0 1 12 6c5 0 8.5 4 9.5 6a13 13 0 0 1-2.6 3.4M6.5 7.6C4.5 8.9 3.1 10.8 2.5 12c1 2 4.5 6 9.5 6 1.6 0 3-.4 4.3-1M9.9 9.9a3 3 0 0 0 4.2 4.2"/></svg><span></span>'
    element.appendChild(badge)
    overlay.page.appendChild(element)
    elements.set(id, element)
    fillBadge(element)
    return element
  }
  readLabels()
  i18next.on('languageChanged', readLabels)

  const stop = react('draft markers', () => {
    const pageId = editor.getCurrentPageId()
    const seen = new Set<string>()
    for (const shape of editor.getCurrentPageShapes() as TLShape[]) {
      if (!isDraftRecord(shape) || editor.getAncestorPageId(shape) !== pageId) continue
      const bounds = editor.getShapePageBounds(shape.id)
      if (!bounds) continue
      seen.add(shape.id)
      const element = elements.get(shape.id) ?? create(shape.id)
      element.style.left = `${bounds.x}px`
      element.style.top = `${bounds.y}px`
      element.style.width = `${bounds.w}px`
      element.style.height = `${bounds.h}px`
    }
    for (const [id, element] of elements) {
      if (seen.has(id)) continue
      element.remove()
      elements.delete(id)
    }
  })

  return () => {
    stop()
    i18next.off('languageChanged', readLabels)
    overlay.dispose()
  }
}
