import * as Y from 'yjs'
import type { DocStore, StoredDoc } from '../storage/types'
import type { RoomManager } from './RoomManager'

/** Rebuilds a doc from what the store holds for it: the snapshot, then every update after it, in one transaction. */
export function docFromStore(stored: StoredDoc): Y.Doc {
  const doc = new Y.Doc()
  doc.transact(() => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
    for (const update of stored.updates) Y.applyUpdate(doc, update)
  })
  return doc
}

/**
 * Reads a board as it is now without loading a room: the live doc of its room when one is loaded (it holds edits that
 * may still be on their way to the store), else a doc rebuilt from the store, as a room's load does. A room opened
 * for a read would stay until a socket came and left, so a read never opens one.
 *
 * `read` gets the room's live doc itself unless `privateCopy` is set: then it must only read (no `boardRecords`, whose
 * y-utility view deletes duplicate entries and keeps observing the doc; `currentRecords` and `readFacilitation` are
 * fine). With `privateCopy` it gets a copy it may do anything with (`readRecords` needs one).
 */
export async function readBoard<T>(
  rooms: RoomManager,
  docs: DocStore,
  boardId: string,
  read: (doc: Y.Doc) => T,
  { privateCopy = false }: { privateCopy?: boolean } = {},
): Promise<T> {
  const room = rooms.loadedRoom(boardId)
  if (room && !privateCopy) return read(room.doc)
  let doc: Y.Doc
  if (room) {
    // Encoding is synchronous, so the room cannot be unloaded and destroyed halfway through.
    doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc))
  } else {
    doc = docFromStore(await docs.load(boardId))
  }
  try {
    return read(doc)
  } finally {
    doc.destroy()
  }
}
