import { useTranslation } from 'react-i18next'
import { registerFacilitationVotes } from './labels'

/** `t` with the `facilitationVotes.*` words registered (idempotent). */
export function useVotesT() {
  const { t, i18n } = useTranslation()
  registerFacilitationVotes(i18n)
  return t
}
