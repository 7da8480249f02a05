import { useEffect, useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { peopleFromStates, type Person } from './people'

/** Everyone connected to the board now, updated as awareness changes (but only re-rendering when the list does). */
export function usePeople(awareness: Awareness, selfUserId: string | null): Person[] {
  const [people, setPeople] = useState<Person[]>(() => peopleFromStates(awareness.getStates(), selfUserId))
  useEffect(() => {
    let key = ''
    const update = () => {
      const next = peopleFromStates(awareness.getStates(), selfUserId)
      const nextKey = JSON.stringify(next)
      if (nextKey === key) return
      key = nextKey
      setPeople(next)
    }
    update()
    awareness.on('change', update)
    return () => awareness.off('change', update)
  }, [awareness, selfUserId])
  return people
}
