/**
 * Several Rembug instances in one test process, as behind a load balancer: each its own server on its own port with
 * its own PostgreSQL pool (one private schema shared by all of them) and its own Redis connections (one random prefix
 * shared by all of them).
 */
import * as Y from 'yjs'
import { createLogger } from '../../server/logger'
import { startServer, type RunningServer, type StartOptions } from '../../server/server'
import { PostgresStorage } from '../../server/storage/PostgresStorage'
import type { Board } from '../../server/storage/types'
import { call, signup, type Person } from '../helpers/auth'
import { databaseUrl, dropSchema, newSchemaName, skipWithoutPostgres } from '../helpers/postgres'
import { newRedisPrefix, redisUrl, skipWithoutRedis } from '../helpers/redis'
import { connectPeer, type Peer } from '../helpers/server'

export const canRunCluster = databaseUrl !== null && redisUrl !== null
/** What is missing to run the scale-out tests ('' when nothing is). */
export const clusterSkipReason = [databaseUrl ? '' : skipWithoutPostgres, redisUrl ? '' : skipWithoutRedis].filter(Boolean).join('; ')

export interface Instance {
  name: string
  server: RunningServer
  url: string
  wsUrl: string
}

export interface Cluster {
  instances: Instance[]
  schema: string
  prefix: string
  owner: Person
  createBoard(title?: string): Promise<Board>
  /** A stock provider on instance `i` as the owner (or `as`), on a fresh doc (or `doc`). */
  peer(i: number, boardId: string, as?: Person, doc?: Y.Doc): Peer
  /** Stores what the store holds for a board, read through a fresh pool. */
  storedDoc(boardId: string): Promise<Y.Doc>
  close(): Promise<void>
}

export interface ClusterOptions {
  instances?: number
  redisUrl?: string
  rooms?: StartOptions['rooms']
  limits?: StartOptions['limits']
  log?: StartOptions['log']
}

/** Fast gap detection for tests: a message is given 100 ms, heads go out every 300 ms. */
export const testRoomTimings = { headIntervalMs: 300, room: { gapGraceMs: 100 } }

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const url = databaseUrl!
  const bus = options.redisUrl ?? redisUrl!
  const schema = newSchemaName()
  const prefix = newRedisPrefix()
  const instances: Instance[] = []
  const names = ['A', 'B', 'C', 'D']
  try {
    for (let i = 0; i < (options.instances ?? 2); i++) {
      const storage = await PostgresStorage.open({ connectionString: url, schema, maxConnections: 4 })
      const server = await startServer({
        host: '127.0.0.1',
        port: 0,
        dataDir: '/nonexistent-unused',
        log: options.log ?? createLogger('silent'),
        storage,
        redisUrl: bus,
        redisPrefix: prefix,
        instanceId: `instance-${names[i]}`,
        rooms: { ...testRoomTimings, ...options.rooms, room: { ...testRoomTimings.room, ...options.rooms?.room } },
        ...(options.limits ? { limits: options.limits } : {}),
      })
      instances.push({ name: names[i]!, server, url: server.url, wsUrl: `ws://127.0.0.1:${server.port}/collab` })
    }
  } catch (error) {
    await Promise.allSettled(instances.map((instance) => instance.server.close()))
    await dropSchema(schema)
    throw error
  }
  // A session made on one instance is good on every other: it lives in PostgreSQL.
  const owner = await signup(instances[0]!.url, { name: 'Fasilitator' })
  const peers: Peer[] = []
  return {
    instances,
    schema,
    prefix,
    owner,
    async createBoard(title = 'Forum kabupaten') {
      const result = await call<Board>(instances[0]!.url, owner, 'POST', '/api/boards', { title })
      if (result.status !== 201) throw new Error(`POST /api/boards answered ${result.status}`)
      return result.body
    },
    peer(i, boardId, as = owner, doc) {
      const instance = instances[i]!
      const peer = connectPeer(instance.wsUrl, boardId, { as, origin: instance.url, ...(doc ? { doc } : {}) })
      peers.push(peer)
      return peer
    },
    async storedDoc(boardId) {
      const storage = await PostgresStorage.open({ connectionString: url, schema, maxConnections: 1 })
      try {
        const stored = await storage.docs.load(boardId)
        const doc = new Y.Doc()
        if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
        for (const update of stored.updates) Y.applyUpdate(doc, update)
        return doc
      } finally {
        await storage.close()
      }
    },
    async close() {
      for (const peer of peers) peer.destroy()
      await Promise.allSettled(instances.map((instance) => instance.server.close()))
      await dropSchema(schema)
    },
  }
}
