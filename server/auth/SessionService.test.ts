import { mkdtempSync, rmSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SqliteStorage } from '../storage/SqliteStorage'
import type { UserRecord } from '../storage/types'
import { SessionService, type SessionOptions } from './SessionService'

const DAY = 24 * 60 * 60 * 1000
const START = Date.parse('2025-01-01T00:00:00.000Z')

let storage: SqliteStorage
let clock: number
let service: SessionService
const options: SessionOptions = { lifetimeMs: 30 * DAY, renewWithinMs: 15 * DAY, now: () => clock }

const person = (id: string): UserRecord => ({
  id,
  kind: 'account',
  email: `${id}@example.org`,
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$x$y',
  name: id,
  sector: null,
  organisation: null,
  createdAt: new Date(START).toISOString(),
})

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
const hex = (data: Uint8Array) => Buffer.from(data).toString('hex')

beforeEach(async () => {
  storage = new SqliteStorage(':memory:')
  clock = START
  service = new SessionService(storage.sessions, storage.users, options)
  await storage.users.create(person('ani'))
  await storage.users.create(person('budi'))
})
afterEach(async () => {
  await storage.close()
})

describe('tokens', () => {
  it('a token is <id>.<secret>: 120-bit and 160-bit lower-case base32 parts, the id naming the stored session', async () => {
    const { token, session } = await service.create('ani')
    expect(token).toMatch(/^[a-z2-7]{24}\.[a-z2-7]{32}$/)
    const [id] = token.split('.')
    expect(session.id).toBe(id)
    expect((await storage.sessions.get(id!))?.userId).toBe('ani')
  })

  it('every session gets a different id and secret', async () => {
    const tokens = await Promise.all(Array.from({ length: 20 }, () => service.create('ani').then((s) => s.token)))
    expect(new Set(tokens.map((t) => t.split('.')[0])).size).toBe(20)
    expect(new Set(tokens.map((t) => t.split('.')[1])).size).toBe(20)
  })

  it('the store keeps only SHA-256(secret): the secretHash is that digest and neither token nor secret is in the record', async () => {
    const { token } = await service.create('ani')
    const [id, secret] = token.split('.') as [string, string]
    const stored = await storage.sessions.get(id)
    expect(stored).not.toBeNull()
    expect(hex(stored!.secretHash)).toBe(sha256Hex(secret))
    const serialised = JSON.stringify({ ...stored, secretHash: hex(stored!.secretHash) }) + Buffer.from(stored!.secretHash).toString('latin1')
    expect(serialised).not.toContain(secret)
    expect(serialised).not.toContain(token)
  })

  it('the database file holds neither the token nor the secret, in any column of the sessions table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rembug-session-'))
    const fileStorage = new SqliteStorage(dir)
    try {
      await fileStorage.users.create(person('ani'))
      const { token } = await new SessionService(fileStorage.sessions, fileStorage.users, options).create('ani')
      const secret = token.split('.')[1]!
      await fileStorage.close()
      const db = new Database(join(dir, 'rembug.sqlite'), { readonly: true })
      try {
        const rows = db.prepare('SELECT * FROM sessions').all() as Array<Record<string, unknown>>
        expect(rows).toHaveLength(1)
        for (const value of Object.values(rows[0]!)) {
          const text = Buffer.isBuffer(value) ? value.toString('latin1') + value.toString('hex') : String(value)
          expect(text).not.toContain(secret)
        }
        expect((rows[0]!.secret_hash as Buffer).toString('hex')).toBe(sha256Hex(secret))
      } finally {
        db.close()
      }
    } finally {
      await fileStorage.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('validate', () => {
  it('accepts the token it issued and returns the session and its person', async () => {
    const { token, session } = await service.create('ani')
    const valid = await service.validate(token)
    expect(valid?.user.id).toBe('ani')
    expect(valid?.session.id).toBe(session.id)
    expect(valid?.renewed).toBe(false)
  })

  it('rejects a forged secret for a real session id', async () => {
    const { token } = await service.create('ani')
    const [id, secret] = token.split('.') as [string, string]
    const other = (await service.create('ani')).token.split('.')[1]!
    expect(await service.validate(`${id}.${other}`)).toBeNull()
    // One character changed.
    const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a')
    expect(await service.validate(`${id}.${flipped}`)).toBeNull()
    // The real token still works: a failed guess does not end the session.
    expect(await service.validate(token)).not.toBeNull()
  })

  it('rejects the secret of one session presented with the id of another', async () => {
    const a = (await service.create('ani')).token.split('.') as [string, string]
    const b = (await service.create('budi')).token.split('.') as [string, string]
    expect(await service.validate(`${a[0]}.${b[1]}`)).toBeNull()
    expect(await service.validate(`${b[0]}.${a[1]}`)).toBeNull()
  })

  it('rejects an unknown session id', async () => {
    const { token } = await service.create('ani')
    const secret = token.split('.')[1]!
    expect(await service.validate(`${'a'.repeat(24)}.${secret}`)).toBeNull()
  })

  it.each([[''], ['abc'], ['a.b.c'], ['.x'], ['x.'], ['.'], [null], [undefined]])('rejects the malformed token %j', async (token) => {
    await service.create('ani')
    expect(await service.validate(token)).toBeNull()
  })

  it('rejects a token with an extra part even when its first two parts are valid', async () => {
    const { token } = await service.create('ani')
    expect(await service.validate(`${token}.extra`)).toBeNull()
  })
})

describe('expiry', () => {
  it('a session is refused once its lifetime has passed without use, and is deleted from the store', async () => {
    const { token, session } = await service.create('ani')
    clock = START + 30 * DAY + 1
    expect(await service.validate(token)).toBeNull()
    expect(await storage.sessions.get(session.id)).toBeNull()
    // And it stays refused if the clock were to go back.
    clock = START
    expect(await service.validate(token)).toBeNull()
  })

  it('a session is refused at exactly its expiry time', async () => {
    const { token, session } = await service.create('ani')
    clock = session.expiresAt
    expect(await service.validate(token)).toBeNull()
    expect(await storage.sessions.get(session.id)).toBeNull()
  })

  it('a session expires 30 days after creation', async () => {
    const { session } = await service.create('ani')
    expect(session.createdAt).toBe(START)
    expect(session.expiresAt).toBe(START + 30 * DAY)
    expect((await storage.sessions.get(session.id))?.expiresAt).toBe(START + 30 * DAY)
  })

  it('a forged secret for an expired session does not delete it (only the real token may)', async () => {
    const { token, session } = await service.create('ani')
    clock = START + 31 * DAY
    expect(await service.validate(`${session.id}.${'a'.repeat(32)}`)).toBeNull()
    expect(await storage.sessions.get(session.id)).not.toBeNull()
    expect(await service.validate(token)).toBeNull()
    expect(await storage.sessions.get(session.id)).toBeNull()
  })
})

describe('renewal (sliding expiry)', () => {
  it('a session used in its second half is extended to a full lifetime from now and reports renewed', async () => {
    const { token, session } = await service.create('ani')
    clock = START + 16 * DAY
    const valid = await service.validate(token)
    expect(valid?.renewed).toBe(true)
    expect(valid?.session.expiresAt).toBe(clock + 30 * DAY)
    expect((await storage.sessions.get(session.id))?.expiresAt).toBe(clock + 30 * DAY)
    // Still valid past its original expiry.
    clock = START + 40 * DAY
    expect(await service.validate(token)).not.toBeNull()
  })

  it('a session used early in its life is not renewed and keeps its expiry', async () => {
    const { token, session } = await service.create('ani')
    clock = START + 1 * DAY
    const valid = await service.validate(token)
    expect(valid?.renewed).toBe(false)
    expect(valid?.session.expiresAt).toBe(START + 30 * DAY)
    expect((await storage.sessions.get(session.id))?.expiresAt).toBe(START + 30 * DAY)
  })

  it('the renewal threshold is the half-way point: just before it no renewal, just after it renewal', async () => {
    const { token } = await service.create('ani')
    clock = START + 15 * DAY - 1
    expect((await service.validate(token))?.renewed).toBe(false)
    clock = START + 15 * DAY + 1
    expect((await service.validate(token))?.renewed).toBe(true)
  })

  it('a session that is used regularly never expires', async () => {
    const { token } = await service.create('ani')
    for (let day = 20; day <= 200; day += 20) {
      clock = START + day * DAY
      expect(await service.validate(token), `day ${day}`).not.toBeNull()
    }
  })
})

describe('ending sessions', () => {
  it('invalidate ends that session only', async () => {
    const first = await service.create('ani')
    const second = await service.create('ani')
    await service.invalidate(first.session.id)
    expect(await service.validate(first.token)).toBeNull()
    expect(await service.validate(second.token)).not.toBeNull()
  })

  it('invalidateAll ends every session of that person, returns their ids and leaves other people signed in', async () => {
    const a1 = await service.create('ani')
    const a2 = await service.create('ani')
    const b = await service.create('budi')
    expect([...(await service.invalidateAll('ani'))].sort()).toEqual([a1.session.id, a2.session.id].sort())
    expect(await service.validate(a1.token)).toBeNull()
    expect(await service.validate(a2.token)).toBeNull()
    expect((await service.validate(b.token))?.user.id).toBe('budi')
  })
})
