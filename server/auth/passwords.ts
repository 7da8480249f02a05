import { hash, verify } from '@node-rs/argon2'

// argon2id with the parameters OWASP recommends as a minimum (19 MiB, 2 passes, 1 lane).
const options = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export const PASSWORD_MIN_LENGTH = 8
export const PASSWORD_MAX_LENGTH = 256

/** An argon2id PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) for the password. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, options)
}

/** Whether the password matches the stored hash; `false` (not an error) for a malformed hash. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password)
  } catch {
    return false
  }
}
