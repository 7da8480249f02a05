import { useEffect, useState } from 'react'
import type { PublicUser } from '../../shared/access'
import { accessApi, ApiCallError } from '../api'

export interface MeState {
  /** `undefined` while loading, `null` without a session. */
  me: PublicUser | null | undefined
  /** Set when the server could not be asked (not for a 401, which is `me: null`). */
  error: Error | null
}

/** The signed-in person (account or guest) from `GET /api/me`; a 401 is `null`. */
export function useMe(): MeState {
  const [state, setState] = useState<MeState>({ me: undefined, error: null })
  useEffect(() => {
    let live = true
    fetchMe()
      .then((me) => live && setState({ me, error: null }))
      .catch((error: Error) => live && setState({ me: null, error }))
    return () => {
      live = false
    }
  }, [])
  return state
}

/** `GET /api/me`, with a 401 answered as `null`. */
export async function fetchMe(): Promise<PublicUser | null> {
  try {
    return await accessApi.me()
  } catch (error) {
    if (error instanceof ApiCallError && error.status === 401) return null
    throw error
  }
}
