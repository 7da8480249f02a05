import { react, type Editor } from 'tldraw'

/**
 * A layer over the board in page coordinates: an element appended to the editor's container whose child follows the
 * camera through one CSS transform (as tldraw's own shape layer does), so whatever sits in it at a shape's page
 * position stays on that shape while people pan and zoom, without re-rendering on every camera move. Inside, the CSS
 * variable `--page-zoom` holds the zoom: `scale(calc(1 / var(--page-zoom)))` keeps a badge the same size on screen.
 *
 * `zIndex` places it among tldraw's layers: below 245 is under collaborators' cursors, 250 is tldraw's
 * "in front of the canvas", 300 its UI panels, 400 its menus. Nothing in it takes the pointer unless it asks.
 */
export interface PageOverlay {
  /** Fills the editor's container: for things placed in screen (container) coordinates. */
  root: HTMLDivElement
  /** Moves with the camera: for things placed in page coordinates. */
  page: HTMLDivElement
  dispose(): void
}

export function createPageOverlay(editor: Editor, className: string, zIndex: number): PageOverlay {
  const root = document.createElement('div')
  root.className = className
  Object.assign(root.style, { position: 'absolute', inset: '0', overflow: 'hidden', pointerEvents: 'none', zIndex: String(zIndex) })
  const page = document.createElement('div')
  Object.assign(page.style, { position: 'absolute', left: '0', top: '0', width: '0', height: '0', transformOrigin: '0 0' })
  root.appendChild(page)
  editor.getContainer().appendChild(root)
  const stop = react(`${className}: camera`, () => {
    const { x, y, z } = editor.getCamera()
    page.style.transform = `scale(${z}) translate(${x}px, ${y}px)`
    page.style.setProperty('--page-zoom', String(z))
  })
  return {
    root,
    page,
    dispose() {
      stop()
      root.remove()
    },
  }
}
