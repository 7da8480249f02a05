/**
 * PostgreSQL for tests: each test gets its own schema in the database named by `DATABASE_URL` (a random name, set as
 * the storage's `search_path` and dropped afterwards), so parallel test files never see each other's rows.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { PostgresStorage } from '../../server/storage/PostgresStorage'

/** `DATABASE_URL`, or null when the tests that need PostgreSQL must be skipped. */
export const databaseUrl: string | null = process.env.DATABASE_URL || null

/** Why PostgreSQL tests are skipped, for `describe.skipIf(...)` titles. */
export const skipWithoutPostgres = 'skipped: DATABASE_URL is not set (CI sets it; e.g. postgres://postgres@127.0.0.1:5432/test)'

export function newSchemaName(): string {
  return `rembug_test_${randomBytes(6).toString('hex')}`
}

/** Opens a storage in a new private schema; `drop()` closes it (if still open) and removes the schema. */
export async function openTestPostgres(schema = newSchemaName()): Promise<{ storage: PostgresStorage; schema: string; drop(): Promise<void> }> {
  if (!databaseUrl) throw new Error(skipWithoutPostgres)
  const storage = await PostgresStorage.open({ connectionString: databaseUrl, schema, maxConnections: 4 })
  return {
    storage,
    schema,
    async drop() {
      await storage.close()
      await dropSchema(schema)
    },
  }
}

export async function dropSchema(schema: string): Promise<void> {
  if (!databaseUrl) return
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`)
  } finally {
    await client.end()
  }
}
