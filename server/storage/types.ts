/** A board as listed on the home page and returned by the API. */
export interface Board {
  id: string
  title: string
  /** ISO 8601, UTC. */
  createdAt: string
}

/**
 * What the store holds of one document: the last compacted snapshot (if any) and the updates appended after it,
 * in order. Applying the snapshot and then every update rebuilds the doc.
 */
export interface StoredDoc {
  snapshot: Uint8Array | null
  updates: Uint8Array[]
  /** The sequence number of the last update folded into the snapshot or appended; 0 for a doc never written. */
  lastSeq: number
}

/**
 * Durable storage of Yjs documents as an append-only log of updates plus a snapshot. Every adapter runs the same
 * contract suite (test/storage/docStoreContract.ts).
 */
export interface DocStore {
  /** Everything stored for `docId`; an empty `StoredDoc` (no snapshot, no updates, lastSeq 0) for an unknown id. */
  load(docId: string): Promise<StoredDoc>
  /**
   * Appends updates in one atomic write (all or none) and returns the sequence number given to the last one.
   * Sequence numbers per doc start at 1 and increase by one per update.
   */
  append(docId: string, updates: Uint8Array[]): Promise<number>
  /**
   * Atomically replaces the snapshot and every update with a sequence number ≤ `throughSeq` by `snapshot`. Updates
   * appended after `throughSeq` stay. `snapshot` must contain at least everything those updates contained.
   */
  compact(docId: string, snapshot: Uint8Array, throughSeq: number): Promise<void>
  /** Ids of every stored doc. */
  list(): Promise<string[]>
  /** Removes the doc and its whole log. */
  delete(docId: string): Promise<void>
  /** How much is stored for a doc: bytes of snapshot + updates, and how many updates wait for compaction. */
  size(docId: string): Promise<{ bytes: number; updates: number }>
}

/** Board metadata. */
export interface BoardStore {
  createBoard(board: Board): Promise<void>
  getBoard(id: string): Promise<Board | null>
  /** Newest first. */
  listBoards(): Promise<Board[]>
  /** Removes the board and its document. */
  deleteBoard(id: string): Promise<void>
}

/** Everything the server keeps, behind one object so an adapter can be swapped as a whole. */
export interface Storage {
  readonly kind: string
  readonly docs: DocStore
  readonly boards: BoardStore
  /** Resolves when the storage answers a trivial query; rejects otherwise. */
  ping(): Promise<void>
  close(): Promise<void>
}
