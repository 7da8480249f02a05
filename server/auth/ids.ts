import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import { INVITE_CODE_ALPHABET, INVITE_CODE_LENGTH } from '../../shared/access'

/** `bytes` random bytes as lower-case base32: ids for boards (15 bytes = 120 bits), people, sessions, invites. */
export function randomId(bytes = 15): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)))
}

/** A new invite code: 8 characters drawn uniformly from the look-alike-free alphabet (about 40 bits). */
export function newInviteCode(): string {
  const alphabet = INVITE_CODE_ALPHABET
  // Rejection sampling keeps every character equally likely (256 is not a multiple of the alphabet's length).
  const limit = 256 - (256 % alphabet.length)
  let code = ''
  while (code.length < INVITE_CODE_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(16))) {
      if (byte < limit && code.length < INVITE_CODE_LENGTH) code += alphabet[byte % alphabet.length]
    }
  }
  return code
}
