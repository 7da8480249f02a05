/**
 * y-websocket frames for raw sockets in limit tests: document updates and presence made by real Yjs docs and
 * awareness instances, encoded exactly as the stock provider encodes them.
 */
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { encodeAwareness, encodeSyncStep1, encodeUpdate, MessageType, SyncType } from '../../server/collab/messages'
import { waitFor, withTimeout, type RawSocket } from './server'

/**
 * `count` update frames, each setting key `<prefix><n>` of the top-level map `flood` to `bytes` characters. They
 * come from one doc, so each depends on the one before (as a client's own updates do).
 */
export function updateFrames(count: number, options: { bytes?: number; prefix?: string } = {}): Uint8Array[] {
  const doc = new Y.Doc()
  const frames: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => frames.push(encodeUpdate(update)))
  const filler = 'x'.repeat(options.bytes ?? 16)
  const prefix = options.prefix ?? 'k'
  for (let n = 0; n < count; n++) doc.getMap('flood').set(`${prefix}${n}`, `${n}:${filler}`)
  doc.destroy()
  return frames
}

/** Keys of the `flood` map in a doc that start with `prefix`. */
export function floodKeys(doc: Y.Doc, prefix = 'k'): string[] {
  return [...doc.getMap('flood').keys()].filter((key) => key.startsWith(prefix))
}

/** `count` awareness frames from one client id, each announcing a new cursor position. */
export function awarenessFrames(count: number): Uint8Array[] {
  const doc = new Y.Doc()
  const awareness = new awarenessProtocol.Awareness(doc)
  const frames: Uint8Array[] = []
  for (let n = 0; n < count; n++) {
    awareness.setLocalState({ cursor: { x: n, y: n } })
    frames.push(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])))
  }
  awareness.destroy()
  doc.destroy()
  return frames
}

export function isSyncStep1(frame: Uint8Array): boolean {
  return frame[0] === MessageType.sync && frame[1] === SyncType.step1
}

export function isSyncStep2(frame: Uint8Array): boolean {
  return frame[0] === MessageType.sync && frame[1] === SyncType.step2
}

/** Waits until the server took the raw socket into its room (its first frame, sync step 1, arrived). */
export async function joined(raw: RawSocket, timeoutMs = 5_000): Promise<void> {
  await raw.opened
  await waitFor(() => raw.received.some(isSyncStep1), timeoutMs, 'the server’s sync step 1 on a raw socket')
}

/** Does the client half of the sync handshake on a raw socket and waits for the server's sync step 2. */
export async function syncRaw(raw: RawSocket, timeoutMs = 5_000): Promise<void> {
  await joined(raw, timeoutMs)
  raw.ws.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))
  await waitFor(() => raw.received.some(isSyncStep2), timeoutMs, 'the server’s sync step 2 on a raw socket')
}

/** The code and reason a raw socket was closed with, or a failure after `timeoutMs`. */
export function closeOf(raw: RawSocket, timeoutMs = 5_000): Promise<{ code: number; reason: string }> {
  return withTimeout(raw.closed, timeoutMs, 'the server closing the socket')
}
