/**
 * This device's copy of the hidden notes the server has not confirmed yet, per board and person (localStorage).
 * Drafts never enter the board doc, so neither do they enter its offline copy (IndexedDB): without this, a note
 * written offline in private mode would be lost with the page. Entries go when the server has that version.
 */

import { DRAFTS_KEY } from '../../offline/boardCache'

export type BackupEntry = { op: 'put'; record: { id: string } & Record<string, unknown> } | { op: 'delete' }

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>


export function draftBackupKey(boardId: string, userId: string): string {
  return `${DRAFTS_KEY}${boardId}.${userId}`
}

/** localStorage, or `null` where the browser refuses it (private windows, storage off). */
export function browserStorage(): KeyValueStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

export class DraftBackup {
  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly key: string,
  ) {}

  /** Every entry kept; an unreadable copy reads as empty. */
  all(): Record<string, BackupEntry> {
    try {
      const text = this.storage?.getItem(this.key)
      if (!text) return {}
      const parsed = JSON.parse(text) as unknown
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {}
      const entries: Record<string, BackupEntry> = {}
      for (const [shapeId, entry] of Object.entries(parsed as Record<string, unknown>)) {
        if (isEntry(entry, shapeId)) entries[shapeId] = entry
      }
      return entries
    } catch {
      return {}
    }
  }

  set(shapeId: string, entry: BackupEntry): void {
    this.write({ ...this.all(), [shapeId]: entry })
  }

  delete(shapeId: string): void {
    const entries = this.all()
    if (!(shapeId in entries)) return
    delete entries[shapeId]
    this.write(entries)
  }

  clear(): void {
    try {
      this.storage?.removeItem(this.key)
    } catch {
      // Nothing kept anyway.
    }
  }

  private write(entries: Record<string, BackupEntry>): void {
    try {
      if (Object.keys(entries).length === 0) this.storage?.removeItem(this.key)
      else this.storage?.setItem(this.key, JSON.stringify(entries))
    } catch {
      // Storage full or refused: the drafts still go to the server, only the copy on this device is missing.
    }
  }
}

function isEntry(value: unknown, shapeId: string): value is BackupEntry {
  if (!value || typeof value !== 'object') return false
  const entry = value as { op?: unknown; record?: unknown }
  if (entry.op === 'delete') return true
  return (
    entry.op === 'put' && !!entry.record && typeof entry.record === 'object' && (entry.record as { id?: unknown }).id === shapeId
  )
}
