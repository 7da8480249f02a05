import type { ReactNode } from 'react'

/**
 * A top-bar button that opens and closes a side panel: it names the panel it controls and says whether it is open.
 * On a phone only its icon shows (`bar-button-label` is then visually hidden); its name stays for screen readers.
 * Closing the panel gives focus back to it (by `id`).
 */
export function PanelToggle({
  id,
  panelId,
  name,
  hint,
  icon,
  open,
  onToggle,
}: {
  id: string
  panelId: string
  name: string
  hint: string
  icon: ReactNode
  open: boolean
  onToggle(): void
}) {
  return (
    <button type="button" id={id} className={`bar-button ${id}`} aria-expanded={open} aria-controls={panelId} title={hint} data-testid={id} onClick={onToggle}>
      <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round">
        {icon}
      </svg>
      <span className="bar-button-label">{name}</span>
    </button>
  )
}
