import { Box as TLBox, type Editor, type TLShape, type TLShapeId } from 'tldraw'
import { cameraToShow, freeArea, type Box } from './camera'

/** The panels that may cover the board beside the located shapes (ours, the card form, the people list). */
const PANELS = '.plan-panel, .card-panel, .people-panel'

const boxOf = (rect: DOMRect): Box => ({ x: rect.left, y: rect.top, w: rect.width, h: rect.height })

/**
 * Shows the board shapes a plan entry came from: switches to their page if needed, selects them (which opens the
 * card form for a single card) and moves the camera so they sit, whole, in the part of the screen no panel covers.
 * Returns false when none of the shapes is on the board any more.
 */
export function locateShapes(editor: Editor, ids: readonly string[]): boolean {
  const shapes = ids.map((id) => editor.getShape(id as TLShapeId)).filter((shape): shape is TLShape => shape !== undefined)
  const first = shapes[0]
  if (!first) return false
  const pageId = editor.getAncestorPageId(first)
  const onPage = shapes.filter((shape) => editor.getAncestorPageId(shape) === pageId)
  if (editor.getInstanceState().followingUserId) editor.stopFollowingUser()
  if (pageId && pageId !== editor.getCurrentPageId()) editor.setCurrentPage(pageId)
  editor.select(...onPage.map((shape) => shape.id))
  // Wait one frame: selecting a card opens its form, which is one of the panels to keep the shapes clear of.
  requestAnimationFrame(() => frameShapes(editor, onPage.map((shape) => shape.id)))
  return true
}

function frameShapes(editor: Editor, ids: TLShapeId[]): void {
  const boxes = ids.map((id) => editor.getShapePageBounds(id)).filter((box): box is TLBox => box !== undefined)
  if (boxes.length === 0) return
  const bounds = TLBox.Common(boxes)
  const screen = editor.getViewportScreenBounds()
  const obstacles = [...document.querySelectorAll<HTMLElement>(PANELS)].map((panel) => boxOf(panel.getBoundingClientRect()))
  const area = freeArea({ x: screen.x, y: screen.y, w: screen.w, h: screen.h }, obstacles)
  const { zoomSteps } = editor.getCameraOptions()
  const base = editor.getBaseZoom()
  const camera = cameraToShow(
    { x: bounds.x, y: bounds.y, w: bounds.w, h: bounds.h },
    { x: area.x - screen.x, y: area.y - screen.y, w: area.w, h: area.h },
    { min: (zoomSteps[0] ?? 0.1) * base, max: Math.min(1, zoomSteps.at(-1) ?? 1) * base, inset: 32 },
  )
  editor.setCamera(camera, { animation: { duration: 320 } })
}
