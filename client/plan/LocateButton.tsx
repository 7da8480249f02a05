import { createContext, useContext, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/** Shows the board shapes a plan entry came from; given by the panel to every entry. */
export type Locate = (ids: readonly string[]) => void

export const LocateContext = createContext<Locate>(() => {})

/** The shapes to show for an entry: its sources, or the entry's own shape when it names none. */
export function sourcesOf(entry: { id: string; sources: readonly string[] }): readonly string[] {
  return entry.sources.length > 0 ? entry.sources : [entry.id]
}

/**
 * A plan entry's name as a button that shows it on the board. Its accessible name says what it does
 * ("Tampilkan di papan: <name>") and contains the words on it, for voice control.
 */
export function LocateButton({
  name,
  entry,
  children,
  describedBy,
}: {
  name: string
  entry: { id: string; sources: readonly string[] }
  children?: ReactNode
  describedBy?: string
}) {
  const { t } = useTranslation()
  const locate = useContext(LocateContext)
  return (
    <button
      type="button"
      className="plan-locate"
      aria-label={t('plan.locate', { name })}
      aria-describedby={describedBy}
      title={t('plan.locate', { name })}
      onClick={() => locate(sourcesOf(entry))}
    >
      {children ?? name}
    </button>
  )
}
