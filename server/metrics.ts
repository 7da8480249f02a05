import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { CollabStats } from './collab/limits'
import type { Fanout } from './collab/Fanout'
import type { RoomMetrics } from './collab/RoomMetrics'

/** What /metrics reads at scrape time besides what rooms report as they go. */
export interface MetricSources {
  instanceId: string
  storageKind: string
  fanout: Fanout
  rooms: () => number
  connections: () => number
  stats: CollabStats
}

/** A counter whose value is read from a counter kept elsewhere (the limits' and the fan-out's stats). */
function mirroredCounter(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset()
      this.inc(read())
    },
  })
}

/**
 * The server's metrics in Prometheus text format: one registry per app (several instances can run in one process in
 * tests), no per-board labels (their number is unbounded, and board ids are capabilities of a sort).
 */
export class Metrics {
  readonly registry = new Registry()
  readonly rooms: RoomMetrics
  private sources: MetricSources | null = null

  constructor() {
    const registry = this.registry
    const registers = [registry]
    const received = new Counter({ name: 'rembug_messages_received_total', help: 'Frames received from clients, by y-websocket message type', labelNames: ['type'], registers })
    const storeSeconds = new Histogram({
      name: 'rembug_store_write_seconds',
      help: 'Time to store one batch of document updates (group commit), the wait before anything is sent on',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    })
    const storedUpdates = new Counter({ name: 'rembug_updates_stored_total', help: 'Document updates stored', registers })
    const storeErrors = new Counter({ name: 'rembug_store_errors_total', help: 'Failed storage operations of rooms (retried)', labelNames: ['operation'], registers })
    const compactions = new Counter({ name: 'rembug_compactions_total', help: 'Update logs folded into a snapshot', registers })
    const remoteApplied = new Counter({ name: 'rembug_fanout_updates_applied_total', help: 'Updates from other instances applied to rooms', registers })
    const catchUps = new Counter({ name: 'rembug_gap_catchups_total', help: 'Times a room read updates it lacked from storage (a gap in sequence numbers, or a reconnect)', registers })
    const catchUpUpdates = new Counter({ name: 'rembug_gap_catchup_updates_total', help: 'Updates (and snapshots) read from storage by catch-ups', registers })
    this.rooms = {
      messageReceived: (type) => received.inc({ type }),
      stored: (seconds, updates) => {
        storeSeconds.observe(seconds)
        storedUpdates.inc(updates)
      },
      storeFailed: (operation) => storeErrors.inc({ operation }),
      compacted: () => compactions.inc(),
      remoteApplied: (updates) => remoteApplied.inc(updates),
      caughtUp: (updates) => {
        catchUps.inc()
        catchUpUpdates.inc(updates)
      },
    }

    const source = () => {
      if (!this.sources) throw new Error('metrics read before their sources were attached')
      return this.sources
    }
    new Gauge({
      name: 'rembug_info',
      help: 'This instance: its id, its storage and its fan-out',
      labelNames: ['instance', 'storage', 'fanout'],
      registers,
      collect() {
        const s = source()
        this.reset()
        this.set({ instance: s.instanceId, storage: s.storageKind, fanout: s.fanout.kind }, 1)
      },
    })
    new Gauge({ name: 'rembug_rooms', help: 'Boards loaded in memory', registers, collect() { this.set(source().rooms()) } })
    new Gauge({ name: 'rembug_connections', help: 'Open board sockets', registers, collect() { this.set(source().connections()) } })
    const stat = (key: keyof CollabStats) => () => source().stats[key]
    mirroredCounter(registry, 'rembug_frames_sent_doc_total', 'Document frames sent to sockets', stat('docFramesSent'))
    mirroredCounter(registry, 'rembug_frames_sent_presence_total', 'Presence frames sent to sockets', stat('presenceFramesSent'))
    mirroredCounter(registry, 'rembug_presence_frames_skipped_total', 'Presence frames skipped for sockets above the soft buffer limit', stat('droppedPresenceFrames'))
    mirroredCounter(registry, 'rembug_slow_consumer_closes_total', 'Sockets closed with 4508', stat('slowConsumerCloses'))
    mirroredCounter(registry, 'rembug_message_too_large_closes_total', 'Sockets closed with 4413', stat('messageTooLargeCloses'))
    mirroredCounter(registry, 'rembug_rate_limited_closes_total', 'Sockets closed with 4529', stat('rateLimitedCloses'))
    mirroredCounter(registry, 'rembug_too_many_connections_refusals_total', 'Sockets refused with 4530', stat('tooManyConnectionsRefusals'))
    mirroredCounter(registry, 'rembug_server_busy_refusals_total', 'Sockets refused with 4531', stat('serverBusyRefusals'))
    const fanoutStat = (key: keyof Fanout['stats']) => () => source().fanout.stats[key]
    mirroredCounter(registry, 'rembug_fanout_published_total', 'Messages published to other instances', fanoutStat('published'))
    mirroredCounter(registry, 'rembug_fanout_received_total', 'Messages received from other instances', fanoutStat('received'))
    mirroredCounter(registry, 'rembug_fanout_publish_failures_total', 'Messages that could not be published (other instances catch up from storage)', fanoutStat('publishFailures'))
    mirroredCounter(registry, 'rembug_fanout_reconnects_total', 'Times the connection to the fan-out bus came back', fanoutStat('reconnects'))
    mirroredCounter(registry, 'rembug_compaction_lock_busy_total', 'Compactions skipped because another instance held the lock', fanoutStat('lockBusy'))
  }

  /** Connects the values read at scrape time (the room manager exists only after the metrics it reports to). */
  attach(sources: MetricSources): void {
    this.sources = sources
  }

  get contentType(): string {
    return this.registry.contentType
  }

  render(): Promise<string> {
    return this.registry.metrics()
  }
}
