import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { Awareness } from 'y-protocols/awareness'
import { usePeople } from './usePeople'

/**
 * Who is on the board right now: name, role and sector, with their cursor colour. A panel beside the board (not
 * modal, so a facilitator can keep it open); Escape or the close button closes it.
 */
export function PeoplePanel({ awareness, selfUserId, onClose }: { awareness: Awareness; selfUserId: string; onClose(): void }) {
  const { t } = useTranslation()
  const people = usePeople(awareness, selfUserId)
  const ref = useRef<HTMLElement>(null)

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null
    ref.current?.focus()
    return () => previous?.focus?.()
  }, [])

  return (
    <aside
      id="people-panel"
      ref={ref}
      className="people-panel"
      role="dialog"
      aria-labelledby="people-title"
      tabIndex={-1}
      data-testid="people-panel"
      onKeyDown={(event) => {
        event.stopPropagation()
        if (event.key === 'Escape') onClose()
      }}
    >
      <header className="dialog-header">
        <h2 id="people-title">
          {t('people.title')} <span className="count-pill">{people.length}</span>
        </h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </header>
      {people.length === 0 ? (
        <p className="muted">{t('people.empty')}</p>
      ) : (
        <ul className="people-list">
          {people.map((person) => (
            <li key={person.userId}>
              <span className="dot" style={person.color ? { background: person.color } : undefined} aria-hidden="true" />
              <span className="who">
                <span className="name">
                  {person.name} {person.self && <span className="muted">{t('people.you')}</span>}
                </span>
                <span className="details">
                  <span className={`role-badge role-${person.role}`}>{t(`roles.${person.role}`)}</span>
                  {person.sector && <span>{t(`sectors.${person.sector}`)}</span>}
                  {person.organisation && <span className="muted">{person.organisation}</span>}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </aside>
  )
}
