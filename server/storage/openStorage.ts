import type { Logger } from '../logger'
import { PostgresStorage } from './PostgresStorage'
import { SqliteStorage } from './SqliteStorage'
import type { Storage } from './types'

export interface StorageChoice {
  /** PostgreSQL when set (several instances share it)… */
  databaseUrl?: string | undefined
  /** The PostgreSQL schema to keep the tables in (created if missing). */
  databaseSchema?: string | undefined
  /** …else embedded SQLite in this directory (the zero-setup default). */
  dataDir: string
  log: Logger
}

/** The one place that picks the storage adapter from configuration. */
export async function openStorage({ databaseUrl, databaseSchema, dataDir, log }: StorageChoice): Promise<Storage> {
  if (!databaseUrl) return new SqliteStorage(dataDir)
  return PostgresStorage.open({
    connectionString: databaseUrl,
    ...(databaseSchema ? { schema: databaseSchema } : {}),
    onIdleError: (error) => log.warn('an idle PostgreSQL connection failed; the pool replaces it', { error: error.message }),
  })
}
