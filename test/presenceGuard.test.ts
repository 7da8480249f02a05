/**
 * Presence is per socket: nobody can change or remove another person's awareness state, and the `person` field
 * others see is what the server knows about the sender, whatever the sender claims.
 */
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import { PERSON_FIELD, type PersonPresence } from '../shared/access'
import { invite, joinAsGuest } from './helpers/auth'
import { cleanup, connectPeer, openRawSocket, sleep, startTestServer, waitFor } from './helpers/server'

afterEach(cleanup)

/** A y-websocket awareness frame with one entry, as a malicious client would craft it. */
function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  const entry = encoding.createEncoder()
  encoding.writeVarUint(entry, 1)
  encoding.writeVarUint(entry, clientId)
  encoding.writeVarUint(entry, clock)
  encoding.writeVarString(entry, JSON.stringify(state))
  const frame = encoding.createEncoder()
  encoding.writeVarUint(frame, 1)
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(entry))
  return encoding.toUint8Array(frame)
}

describe('presence guard', () => {
  it("a socket cannot overwrite or remove another socket's presence", async () => {
    const t = await startTestServer()
    const board = await t.createBoard()
    const owner = connectPeer(t.wsUrl, board.id, { presence: { cursor: 'owner-here' } })
    const watcher = connectPeer(t.wsUrl, board.id)
    await Promise.all([owner.synced, watcher.synced])
    const ownerId = owner.doc.clientID
    await waitFor(() => watcher.awareness.getStates().get(ownerId)?.cursor === 'owner-here', 3_000, 'owner presence to arrive')

    // The owner's own client repairs its state when it hears it changed, so watch every change, not just the end.
    const seenForOwner: unknown[] = []
    watcher.awareness.on('change', ({ updated, removed }: { updated: number[]; removed: number[] }) => {
      if (updated.includes(ownerId)) seenForOwner.push(watcher.awareness.getStates().get(ownerId)?.cursor)
      if (removed.includes(ownerId)) seenForOwner.push('removed')
    })
    const guest = await joinAsGuest(t.url, (await invite(t.url, t.owner, board.id, 'editor')).code, 'Mallory')
    const attacker = openRawSocket(t.wsUrl, board.id, { as: guest })
    await attacker.opened
    attacker.ws.send(awarenessFrame(ownerId, 1_000, { cursor: 'hijacked' }))
    attacker.ws.send(awarenessFrame(ownerId, 2_000, null))
    // A marker from the attacker's own id shows its frames were processed.
    attacker.ws.send(awarenessFrame(424_242, 1, { cursor: 'mallory-own' }))
    await waitFor(() => watcher.awareness.getStates().get(424_242)?.cursor === 'mallory-own', 3_000, 'the attacker marker')
    await sleep(100)

    expect(seenForOwner).toEqual([])
    expect(watcher.awareness.getStates().get(ownerId)?.cursor).toBe('owner-here')
    expect(owner.provider.wsconnected).toBe(true)
  })

  it('others see who the server knows the sender to be, not what it claims', async () => {
    const t = await startTestServer()
    const board = await t.createBoard()
    const code = (await invite(t.url, t.owner, board.id, 'viewer')).code
    const guest = await joinAsGuest(t.url, code, 'Budi', 'akademisi')
    const watcher = connectPeer(t.wsUrl, board.id)
    const liar = connectPeer(t.wsUrl, board.id, {
      as: guest,
      presence: { [PERSON_FIELD]: { userId: t.owner.user.id, name: 'The Owner', role: 'owner', sector: 'pemerintah', organisation: 'Bupati' } },
    })
    await Promise.all([watcher.synced, liar.synced])
    await waitFor(() => watcher.awareness.getStates().has(liar.doc.clientID), 3_000, 'the guest presence')
    const seen = watcher.awareness.getStates().get(liar.doc.clientID)?.[PERSON_FIELD] as PersonPresence
    expect(seen).toEqual({ userId: guest.user.id, name: 'Budi', role: 'viewer', sector: 'akademisi', organisation: null })
  })

  it('the same person reconnecting may take over their own presence', async () => {
    const t = await startTestServer()
    const board = await t.createBoard()
    const first = openRawSocket(t.wsUrl, board.id)
    await first.opened
    first.ws.send(awarenessFrame(777, 1, { cursor: 'old socket' }))
    const watcher = connectPeer(t.wsUrl, board.id)
    await watcher.synced
    await waitFor(() => watcher.awareness.getStates().get(777)?.cursor === 'old socket', 3_000, 'first presence')
    // The old socket is still open (the server has not noticed it is gone) when the new one announces itself.
    const second = openRawSocket(t.wsUrl, board.id)
    await second.opened
    second.ws.send(awarenessFrame(777, 2, { cursor: 'new socket' }))
    await waitFor(() => watcher.awareness.getStates().get(777)?.cursor === 'new socket', 3_000, 'takeover')
    // Closing the old socket must not remove the presence the new socket now owns.
    first.ws.close()
    await sleep(200)
    expect(watcher.awareness.getStates().get(777)?.cursor).toBe('new socket')
  })
})
