import pg from 'pg'
import { accessSchemaSql, facilitationSchemaSql } from './rows'

/**
 * Schema migrations of the PostgreSQL adapter, applied in order on start; `schema_migrations` records each one that
 * ran. Never edit a shipped entry: append a new one.
 *
 * `docs` holds one row per document with the sequence number of its last update: `append` raises it (locking the
 * row until its transaction ends), so concurrent writers — other instances included — get gapless, contiguous
 * numbers and commit in number order.
 */
export const postgresMigrations: string[] = [
  `CREATE TABLE boards (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE TABLE docs (
     doc_id TEXT PRIMARY KEY,
     last_seq BIGINT NOT NULL
   );
   CREATE TABLE doc_updates (
     doc_id TEXT NOT NULL,
     seq BIGINT NOT NULL,
     data BYTEA NOT NULL,
     PRIMARY KEY (doc_id, seq)
   );
   CREATE TABLE doc_snapshots (
     doc_id TEXT PRIMARY KEY,
     seq BIGINT NOT NULL,
     data BYTEA NOT NULL
   );`,
  accessSchemaSql({ bytes: 'BYTEA', millis: 'BIGINT' }) + 'CREATE INDEX sessions_by_expiry ON sessions(expires_at);',
  facilitationSchemaSql({ serial: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY' }),
]

/**
 * An arbitrary constant key for `pg_advisory_xact_lock`: instances that start together take turns migrating, so no
 * migration runs twice and none sees a half-made schema.
 */
const MIGRATION_LOCK_KEY = 0x52454d42 // "REMB"

/**
 * Applies every migration not yet recorded, in one transaction under an advisory lock, and returns the versions it
 * applied (empty when the schema was already current). Tables are created in the connection's `search_path`; a
 * named `schema` is created first if missing (under the same lock: `CREATE SCHEMA IF NOT EXISTS` alone races).
 */
export async function migrate(pool: pg.Pool, schema?: string, migrations: readonly string[] = postgresMigrations): Promise<number[]> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY])
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`)
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version INTEGER PRIMARY KEY,
         applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
       )`,
    )
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations')
    const done = new Set(rows.map((row) => row.version))
    const newest = Math.max(0, ...done)
    if (newest > migrations.length) {
      throw new Error(`the database schema is at version ${newest}, newer than this server knows (${migrations.length}): run the newer server`)
    }
    const applied: number[] = []
    for (let index = 0; index < migrations.length; index++) {
      const version = index + 1
      if (done.has(version)) continue
      await client.query(migrations[index]!)
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version])
      applied.push(version)
    }
    return applied
  })
}

/** A pool or one client of it: what a query needs. */
export type Queryable = Pick<pg.PoolClient, 'query'>

/** Runs `work` in one transaction on one pooled connection: committed if it resolves, rolled back if it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}
