/**
 * Large frames to clients go compressed (permessage-deflate): a phone joining a full board on weak mobile data loads
 * a fraction of its bytes. Real server, real sockets, stock y-websocket clients (which offer compression, as
 * browsers do).
 */
import type { Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import * as Y from 'yjs'
import { boardRecords, readRecords } from '../shared/boardDoc'
import { geoShape } from './fixtures/geoShape'
import { cleanup, connectPeer, startTestServer, waitFor, type Peer } from './helpers/server'

afterEach(cleanup)

/** A board of `shapes` shapes written by one client, and a second client that then joins it. */
async function joinFullBoard(compressAboveBytes: number, shapes = 400) {
  const t = await startTestServer({ limits: { compressAboveBytes } })
  const board = await t.createBoard()
  const writer = connectPeer(t.wsUrl, board.id)
  await writer.synced
  writer.doc.transact(() => {
    for (let i = 0; i < shapes; i++) boardRecords(writer.doc).set(geoShape(i).id, geoShape(i, { x: i * 13, y: i * 7 }))
  })
  const room = () => t.server.rooms.loadedRoom(board.id)
  await waitFor(() => room() !== undefined && readRecords(room()!.doc).length >= shapes && !room()!.hasUnsavedChanges, 10_000, 'the board to be stored')
  const joiner = connectPeer(t.wsUrl, board.id)
  await joiner.synced
  await waitFor(() => readRecords(joiner.doc).length === readRecords(writer.doc).length, 10_000, 'the joiner to hold the board')
  return { joiner, boardBytes: Y.encodeStateAsUpdate(joiner.doc).byteLength }
}

function socketOf(peer: Peer): WebSocket {
  return peer.provider.ws as unknown as WebSocket
}

function wireBytesRead(peer: Peer): number {
  return ((socketOf(peer) as unknown as { _socket: Socket })._socket).bytesRead
}

describe('compression of large frames', () => {
  it('sends a joining client the board in far fewer bytes than the board holds', async () => {
    const { joiner, boardBytes } = await joinFullBoard(16 * 1024)
    expect(socketOf(joiner).extensions).toContain('permessage-deflate')
    expect(boardBytes).toBeGreaterThan(100_000)
    expect(wireBytesRead(joiner)).toBeLessThan(boardBytes / 4)
  })

  it('sends it as it is with COMPRESS_ABOVE_BYTES=0', async () => {
    const { joiner, boardBytes } = await joinFullBoard(0)
    expect(socketOf(joiner).extensions).toBe('')
    expect(wireBytesRead(joiner)).toBeGreaterThanOrEqual(boardBytes)
  })
})
