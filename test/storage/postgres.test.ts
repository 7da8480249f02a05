/**
 * The storage contract on PostgreSQL (the database of `DATABASE_URL`, one private schema per test), plus what only
 * a shared database has to prove: two servers' storages writing one doc at once, and two starting together.
 */
import { describe, expect, it } from 'vitest'
import { PostgresStorage } from '../../server/storage/PostgresStorage'
import { migrate, postgresMigrations } from '../../server/storage/postgresMigrations'
import type { Storage } from '../../server/storage/types'
import { databaseUrl, dropSchema, newSchemaName, openTestPostgres, skipWithoutPostgres } from '../helpers/postgres'
import { registerStorageContractTests } from './docStoreContract'

if (!databaseUrl) {
  console.warn(`PostgresStorage contract ${skipWithoutPostgres}`)
  describe.skip(`PostgresStorage — ${skipWithoutPostgres}`, () => {
    it('runs the storage contract on PostgreSQL', () => {})
  })
} else {
  const url = databaseUrl

  registerStorageContractTests('PostgresStorage', async () => {
    const schema = newSchemaName()
    let current: Storage = (await openTestPostgres(schema)).storage
    return {
      storage: current,
      reopen: async () => {
        await current.close()
        current = await PostgresStorage.open({ connectionString: url, schema, maxConnections: 4 })
        return current
      },
      cleanup: async () => {
        await current.close()
        await dropSchema(schema)
      },
    }
  })

  describe('PostgresStorage with several instances', () => {
    it('two storages (two servers) appending to one doc at once get gapless numbers, each batch contiguous', async () => {
      const schema = newSchemaName()
      const a = await openTestPostgres(schema)
      const b = await PostgresStorage.open({ connectionString: url, schema, maxConnections: 4 })
      try {
        const batches = Array.from({ length: 20 }, (_, i) => [Uint8Array.of(i, 0), Uint8Array.of(i, 1)])
        const results = await Promise.all(batches.map((batch, i) => (i % 2 === 0 ? a.storage : b).docs.append('d', batch)))
        expect([...results].sort((x, y) => x - y)).toEqual(batches.map((_, i) => 2 * (i + 1)))
        const stored = await b.docs.load('d')
        expect(stored.lastSeq).toBe(40)
        batches.forEach((batch, i) => {
          const last = results[i]!
          expect(stored.updates.slice(last - 2, last).map((u) => [...u])).toEqual(batch.map((u) => [...u]))
        })
      } finally {
        await b.close()
        await a.drop()
      }
    })

    it('a compaction by one storage and appends by another leave a log that rebuilds everything', async () => {
      const schema = newSchemaName()
      const a = await openTestPostgres(schema)
      const b = await PostgresStorage.open({ connectionString: url, schema, maxConnections: 4 })
      try {
        await a.storage.docs.append('d', [Uint8Array.of(1), Uint8Array.of(2)])
        await Promise.all([a.storage.docs.compact('d', Uint8Array.of(9), 2), b.docs.append('d', [Uint8Array.of(3)])])
        const stored = await b.docs.load('d')
        expect([...stored.snapshot!]).toEqual([9])
        expect(stored.updates.map((u) => [...u])).toEqual([[3]])
        expect(stored.lastSeq).toBe(3)
      } finally {
        await b.close()
        await a.drop()
      }
    })

    it('instances starting together on an empty schema apply each migration exactly once', async () => {
      const schema = newSchemaName()
      try {
        const opened = await Promise.all([1, 2, 3].map(() => PostgresStorage.open({ connectionString: url, schema, maxConnections: 2 })))
        await Promise.all(opened.map((s) => s.ping()))
        const one = opened[0]!
        // Running the migrations again is a no-op.
        const pool = (one as unknown as { pool: import('pg').Pool }).pool
        expect(await migrate(pool)).toEqual([])
        const { rows } = await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')
        expect(rows.map((r) => r.version)).toEqual(postgresMigrations.map((_, i) => i + 1))
        await Promise.all(opened.map((s) => s.close()))
      } finally {
        await dropSchema(schema)
      }
    })

    it('refuses to start on a schema newer than it knows', async () => {
      const schema = newSchemaName()
      const { storage, drop } = await openTestPostgres(schema)
      try {
        const pool = (storage as unknown as { pool: import('pg').Pool }).pool
        await pool.query('INSERT INTO schema_migrations (version) VALUES ($1)', [postgresMigrations.length + 1])
        await expect(PostgresStorage.open({ connectionString: url, schema })).rejects.toThrow(/newer than this server knows/)
      } finally {
        await drop()
      }
    })

    it('ping rejects once closed', async () => {
      const { storage, drop } = await openTestPostgres()
      await drop()
      await expect(storage.ping()).rejects.toThrow()
    })
  })
}
