import type { BoardSummary, PublicUser } from '../../shared/access'

/**
 * What this device keeps so a board opens without a connection: the board's Yjs doc in IndexedDB (y-indexeddb, one
 * database per board, named here) and, in localStorage, who the person is and the board's summary — the two answers
 * the board page needs from the server before it can show anything.
 */
const DB_PREFIX = 'rembug-board-'
const ME_KEY = 'rembug.me'
const BOARD_KEY = 'rembug.board.'
/** Hidden notes of private drafting not yet confirmed by the server (client/facilitation/drafts/backup.ts). */
export const DRAFTS_KEY = 'rembug.drafts.'

export function boardDatabaseName(boardId: string): string {
  return `${DB_PREFIX}${boardId}`
}

function read<T>(key: string): T | null {
  try {
    const value = localStorage.getItem(key)
    return value ? (JSON.parse(value) as T) : null
  } catch {
    return null
  }
}

function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value))
  } catch {
    // Storage full or disabled: the board then needs the server to open, as before.
  }
}

/** Remembers the answers the board page got, for the next time it opens offline. */
export function rememberBoard(board: BoardSummary, me: PublicUser): void {
  write(ME_KEY, me)
  write(`${BOARD_KEY}${board.id}`, board)
}

/** The answers remembered for a board, when this device opened it before as the same person. */
export function rememberedBoard(boardId: string): { board: BoardSummary; me: PublicUser } | null {
  const me = read<PublicUser>(ME_KEY)
  const board = read<BoardSummary>(`${BOARD_KEY}${boardId}`)
  return me && board ? { board, me } : null
}

/** Forgets one board (access taken away, board gone). */
export async function forgetBoard(boardId: string): Promise<void> {
  try {
    localStorage.removeItem(`${BOARD_KEY}${boardId}`)
    for (const key of Object.keys(localStorage)) if (key.startsWith(`${DRAFTS_KEY}${boardId}.`)) localStorage.removeItem(key)
  } catch {
    // Nothing stored.
  }
  await deleteDatabase(boardDatabaseName(boardId))
}

/** Forgets everything of every board on this device (logout: a shared phone must not keep the last person's boards). */
export async function forgetAllBoards(): Promise<void> {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(BOARD_KEY) || key.startsWith(DRAFTS_KEY) || key === ME_KEY) localStorage.removeItem(key)
  } catch {
    // Nothing stored.
  }
  if (typeof indexedDB === 'undefined' || !('databases' in indexedDB)) return
  const databases = await indexedDB.databases()
  await Promise.all(databases.filter((db) => db.name?.startsWith(DB_PREFIX)).map((db) => deleteDatabase(db.name!)))
}

function deleteDatabase(name: string): Promise<void> {
  if (typeof indexedDB === 'undefined') return Promise.resolve()
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name)
    request.onsuccess = request.onerror = request.onblocked = () => resolve()
  })
}
