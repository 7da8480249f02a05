import { useId, type ReactNode } from 'react'

/** One part of the plan panel: an `<h3>` and what it names (a landmark-free section a screen reader can jump to by heading). */
export function PlanSection({ title, className, children }: { title: ReactNode; className?: string; children: ReactNode }) {
  const id = useId()
  return (
    <section className={`plan-section${className ? ` ${className}` : ''}`} aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  )
}

/** The words for an empty part, so every heading is followed by something. */
export function Empty({ children }: { children: ReactNode }) {
  return <p className="plan-empty">{children}</p>
}
