import type { TFunction } from 'i18next'
import { ApiCallError } from '../api'

/** Error codes with their own message in `errors.*`; anything else is shown with the server's message. */
const KNOWN = [
  'invalid_credentials',
  'email_taken',
  'invite_not_found',
  'invite_expired',
  'invite_revoked',
  'unauthorized',
  'forbidden',
  'bad_origin',
  'board_not_found',
  'user_not_found',
  'network',
  'storage_unavailable',
  'invalid_code',
] as const

/** What to tell the person about a failed call, in their language. */
export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiCallError) {
    if (error.code === 'rate_limited') {
      return error.retryAfter != null ? t('errors.rate_limited', { count: error.retryAfter }) : t('errors.rate_limited_later')
    }
    const known = KNOWN.find((code) => code === error.code)
    if (known) return t(`errors.${known}`)
  }
  return t('errors.generic', { message: error instanceof Error ? error.message : String(error) })
}

/** The API error code of a failed call, or null. */
export function errorCode(error: unknown): string | null {
  return error instanceof ApiCallError ? error.code : null
}
