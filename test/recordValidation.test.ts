/**
 * An update that would write a record the board schema refuses never touches the doc: its socket is closed with
 * 4422, nothing of it is stored or sent on, and everyone else keeps working. Same for a board at its size limit (4414).
 */
import type { TLRecord } from '@tldraw/tlschema'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createLogger } from '../server/logger'
import { boardRecords } from '../shared/boardDoc'
import { CloseCode } from '../shared/codes'
import { geoShape } from './fixtures/geoShape'
import { cleanup, connectPeer, loadStoredDoc, sleep, startTestServer, waitFor, type Peer } from './helpers/server'

afterEach(cleanup)

function closeCodes(peer: Peer): number[] {
  const codes: number[] = []
  peer.provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) codes.push(event.code)
  })
  return codes
}

function recordIds(doc: Y.Doc): string[] {
  return [...boardRecords(doc).map.keys()].sort()
}

describe('record validation on the server', () => {
  it.each([
    ['a geo shape whose width is a word', (n: number) => ({ ...geoShape(n), props: { ...geoShape(n).props, w: 'wide' } })],
    ['a record of an unknown type', (n: number) => ({ ...geoShape(n), typeName: 'spaceship' })],
    ['a presence record in the document', (n: number) => ({ id: `instance_presence:${n}`, typeName: 'instance_presence' })],
  ])('refuses %s: 4422 to the sender, nobody else sees it, nothing stored', async (_name, makeBad) => {
    const lines: string[] = []
    const t = await startTestServer({ log: createLogger('debug', (line) => lines.push(line)) })
    const board = await t.createBoard()
    const good = connectPeer(t.wsUrl, board.id)
    const bad = connectPeer(t.wsUrl, board.id)
    await Promise.all([good.synced, bad.synced])
    const badCloses = closeCodes(bad)

    // A valid record and an invalid one in the same transaction: the whole update is refused.
    const invalid = makeBad(2) as unknown as TLRecord
    bad.doc.transact(() => {
      boardRecords(bad.doc).set(geoShape(1).id, geoShape(1))
      boardRecords(bad.doc).set(invalid.id, invalid)
    })
    await waitFor(() => badCloses.includes(CloseCode.invalidRecord), 3_000, 'the sender to be closed with 4422')

    // The good client keeps working and never saw either record.
    boardRecords(good.doc).set(geoShape(3).id, geoShape(3))
    await waitFor(async () => recordIds(await loadStoredDoc(t.server.storage, board.id)).includes(geoShape(3).id), 3_000, 'a later edit to be stored')
    expect(recordIds(good.doc)).not.toContain(geoShape(1).id)
    expect(recordIds(good.doc)).not.toContain(invalid.id)
    const stored = recordIds(await loadStoredDoc(t.server.storage, board.id))
    expect(stored).not.toContain(geoShape(1).id)
    expect(stored).not.toContain(invalid.id)
    expect(good.provider.wsconnected).toBe(true)
    // Logged once, as a warning, never as an error.
    const warnings = lines.filter((l) => l.includes('"level":"warn"') && l.includes('"code":"invalidRecord"'))
    expect(warnings).toHaveLength(1)
    expect(lines.filter((l) => l.includes('"level":"error"'))).toEqual([])
  })

  it('refuses a valid record stored under another id', async () => {
    const t = await startTestServer()
    const board = await t.createBoard()
    const bad = connectPeer(t.wsUrl, board.id)
    await bad.synced
    const closes = closeCodes(bad)
    boardRecords(bad.doc).set('shape:elsewhere', geoShape(1))
    await waitFor(() => closes.includes(CloseCode.invalidRecord), 3_000, 'the sender to be closed with 4422')
    expect(recordIds(await loadStoredDoc(t.server.storage, board.id))).not.toContain('shape:elsewhere')
  })

  it('refuses an update that would take the board past its size limit (4414), and keeps the board', async () => {
    const t = await startTestServer({ rooms: { room: { maxDocumentBytes: 20_000 } } })
    const board = await t.createBoard()
    const writer = connectPeer(t.wsUrl, board.id)
    const other = connectPeer(t.wsUrl, board.id)
    await Promise.all([writer.synced, other.synced])
    const closes = closeCodes(writer)
    boardRecords(writer.doc).set(geoShape(1).id, geoShape(1))
    await waitFor(() => recordIds(other.doc).includes(geoShape(1).id), 3_000, 'a small edit to arrive')
    const huge = { ...geoShape(2), meta: { notes: 'x'.repeat(30_000) } }
    boardRecords(writer.doc).set(huge.id, huge)
    await waitFor(() => closes.includes(CloseCode.documentTooLarge), 3_000, 'the writer to be closed with 4414')
    await sleep(100)
    expect(recordIds(other.doc)).toContain(geoShape(1).id)
    expect(recordIds(other.doc)).not.toContain(huge.id)
    expect(recordIds(await loadStoredDoc(t.server.storage, board.id))).not.toContain(huge.id)
  })
})
