import type { KeyboardEvent, SyntheticEvent } from 'react'

const stop = (event: SyntheticEvent) => event.stopPropagation()

/**
 * Props for a panel that floats over the board: tldraw listens for keys, pointers, the wheel and the clipboard on the
 * whole page, so these stop at the panel (typing "r" in a field must not pick the rectangle tool, Delete must not
 * delete the selected shape). Escape, unless a field already used it, calls `onEscape`.
 */
export function panelEventGuards(onEscape: () => void) {
  return {
    onPointerDown: stop,
    onWheel: stop,
    onKeyUp: stop,
    onCopy: stop,
    onCut: stop,
    onPaste: stop,
    onKeyDown: (event: KeyboardEvent) => {
      event.stopPropagation()
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault()
        onEscape()
      }
    },
  }
}
