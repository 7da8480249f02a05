import { useEffect, type RefObject } from 'react'

/**
 * Opens every closed `<details>` inside `ref` while the page prints, and closes them again afterwards: a printed plan
 * must not hide its notes behind a fold nobody can click on paper.
 */
export function usePrintOpensDetails(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    let opened: HTMLDetailsElement[] = []
    const before = () => {
      opened = [...(ref.current?.querySelectorAll('details:not([open])') ?? [])] as HTMLDetailsElement[]
      for (const details of opened) details.open = true
    }
    const after = () => {
      for (const details of opened) details.open = false
      opened = []
    }
    window.addEventListener('beforeprint', before)
    window.addEventListener('afterprint', after)
    return () => {
      window.removeEventListener('beforeprint', before)
      window.removeEventListener('afterprint', after)
    }
  }, [ref])
}
