import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'

/** A new board id: 120 random bits as 24 lower-case base32 characters — unguessable, URL-safe, easy to read out. */
export function newBoardId(): string {
  const bytes = new Uint8Array(15)
  crypto.getRandomValues(bytes)
  return encodeBase32LowerCaseNoPadding(bytes)
}
