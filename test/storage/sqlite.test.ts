import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { SqliteStorage } from '../../server/storage/SqliteStorage'
import type { Storage } from '../../server/storage/types'
import { registerStorageContractTests } from './docStoreContract'

const tempDirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rembug-sqlite-'))
  tempDirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

registerStorageContractTests('SqliteStorage (file)', async () => {
  const dir = tempDir()
  let current: Storage = new SqliteStorage(dir)
  return {
    storage: current,
    reopen: async () => {
      await current.close()
      current = new SqliteStorage(dir)
      return current
    },
    cleanup: async () => {
      await current.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})

registerStorageContractTests('SqliteStorage (:memory:)', async () => {
  const storage = new SqliteStorage(':memory:')
  return { storage, cleanup: () => storage.close() }
}, { durable: false })

describe('SqliteStorage', () => {
  it('keeps its file in WAL mode', async () => {
    const dir = tempDir()
    const storage = new SqliteStorage(dir)
    await storage.docs.append('d', [new Uint8Array([1])])
    await storage.close()
    // WAL is a property of the file, so a fresh connection sees it.
    const db = new Database(join(dir, 'rembug.sqlite'))
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    } finally {
      db.close()
    }
  })

  it('creates a DATA_DIR that does not exist, parents included', async () => {
    const dir = join(tempDir(), 'not', 'yet', 'there')
    expect(existsSync(dir)).toBe(false)
    const storage = new SqliteStorage(dir)
    try {
      await storage.ping()
      expect(existsSync(join(dir, 'rembug.sqlite'))).toBe(true)
    } finally {
      await storage.close()
    }
  })

  it('rejects ping once closed', async () => {
    const storage = new SqliteStorage(':memory:')
    await storage.close()
    await expect(storage.ping()).rejects.toThrow()
  })
})
