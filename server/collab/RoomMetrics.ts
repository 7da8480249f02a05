import type { ClientMessage } from './messages'

/** What a room reports as it works, for /metrics (server/metrics.ts). */
export interface RoomMetrics {
  messageReceived(type: ClientMessage['type']): void
  /** A batch of `updates` was stored in `seconds`. */
  stored(seconds: number, updates: number): void
  storeFailed(operation: 'append' | 'compact' | 'load'): void
  compacted(): void
  /** Updates from another instance's message were applied. */
  remoteApplied(updates: number): void
  /** A gap was read from the store (`updates` updates, a snapshot counting as one). */
  caughtUp(updates: number): void
}

export const noRoomMetrics: RoomMetrics = {
  messageReceived() {},
  stored() {},
  storeFailed() {},
  compacted() {},
  remoteApplied() {},
  caughtUp() {},
}
