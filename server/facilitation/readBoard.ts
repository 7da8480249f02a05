import * as Y from 'yjs'
import type { RoomManager } from '../collab/RoomManager'
import type { DocStore } from '../storage/types'

/**
 * Reads a board as it is now without loading a room: the live doc of its room when one is loaded, else a doc rebuilt
 * from the store (what a room's load does). `read` must only read: it may get the room's live doc, so it must not
 * attach a writer to it (no `boardRecords`; `currentRecords` and `readFacilitation` are fine).
 */
export async function readBoard<T>(rooms: RoomManager, docs: DocStore, boardId: string, read: (doc: Y.Doc) => T): Promise<T> {
  const room = rooms.loadedRoom(boardId)
  if (room) return read(room.doc)
  const stored = await docs.load(boardId)
  const copy = new Y.Doc()
  try {
    copy.transact(() => {
      if (stored.snapshot) Y.applyUpdate(copy, stored.snapshot)
      for (const update of stored.updates) Y.applyUpdate(copy, update)
    })
    return read(copy)
  } finally {
    copy.destroy()
  }
}
