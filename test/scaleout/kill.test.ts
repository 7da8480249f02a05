/**
 * Two instances of the real server as child processes (the built bundle, configured only by environment variables
 * as in production: DATABASE_URL, REDIS_URL) behind a small TCP load balancer, with stock y-websocket editors writing
 * in a storm through it. `kill -9` one instance mid-storm:
 * - everything any client had received from another client is in PostgreSQL at that moment (stored before sent, on
 *   either instance);
 * - the killed instance's clients reconnect through the load balancer to the other instance, and in the end every
 *   client and the store hold every version anyone wrote: nothing is lost.
 */
import { describe, expect, it } from 'vitest'
import { PostgresStorage } from '../../server/storage/PostgresStorage'
import { call, signup } from '../helpers/auth'
import { databaseUrl, dropSchema, newSchemaName } from '../helpers/postgres'
import { newRedisPrefix, redisUrl } from '../helpers/redis'
import { sleep, waitFor } from '../helpers/server'
import {
  docFromLog,
  Editor,
  freePort,
  makeDataDir,
  mergeVersions,
  ServerProcess,
  shortfall,
  versionsIn,
} from '../crash/harness'
import { useBuiltServer } from '../crash/useBuiltServer'
import { canRunCluster, clusterSkipReason } from './cluster'
import { LoadBalancer } from './LoadBalancer'

const canRun = canRunCluster
if (!canRun) console.warn(`kill -9 of one of two instances ${clusterSkipReason}`)

const EDITORS = 4
const WRITE_EVERY_MS = 20

describe.skipIf(!canRun)(`kill -9 one of two instances${canRun ? '' : ` — ${clusterSkipReason}`}`, () => {
  let balancer: LoadBalancer | null = null
  const schemas: string[] = []
  const builtServer = useBuiltServer(async () => {
    await balancer?.close()
    balancer = null
    for (const schema of schemas.splice(0)) await dropSchema(schema)
  })

  it('its clients reconnect to the other instance and nothing anyone wrote or received is lost', async () => {
    const schema = newSchemaName()
    schemas.push(schema)
    const env = { DATABASE_URL: databaseUrl!, DATABASE_SCHEMA: schema, REDIS_URL: redisUrl!, REDIS_PREFIX: newRedisPrefix() }
    const [portA, portB] = [await freePort(), await freePort()]
    // Started together on an empty schema: the migrations run once, under the advisory lock.
    const [a, b] = await Promise.all([
      ServerProcess.start(builtServer(), portA, makeDataDir(), { ...env, INSTANCE_ID: 'A' }),
      ServerProcess.start(builtServer(), portB, makeDataDir(), { ...env, INSTANCE_ID: 'B' }),
    ])
    balancer = await LoadBalancer.start([portA, portB])
    const health = (await (await fetch(`${a.url}/healthz`)).json()) as { storage: { kind: string }; fanout: { kind: string } }
    expect(health).toMatchObject({ ok: true, storage: { kind: 'postgres', ok: true }, fanout: { kind: 'redis', ok: true } })

    const owner = await signup(balancer.url, { name: 'Fasilitator' })
    const created = await call<{ id: string }>(balancer.url, owner, 'POST', '/api/boards', { title: 'Forum darurat' })
    expect(created.status).toBe(201)
    const boardId = created.body.id

    // Through the balancer, in turn: editors 0 and 2 on one instance, 1 and 3 on the other.
    const editors = Array.from({ length: EDITORS }, (_, i) => new Editor(i, balancer!.wsUrl, boardId, owner, balancer!.url))
    await waitFor(() => editors.every((e) => e.synced), 10_000, 'every editor to sync')
    expect(balancer.routed.get(portA)).toBeGreaterThan(0)
    expect(balancer.routed.get(portB)).toBeGreaterThan(0)

    for (const editor of editors) editor.start(WRITE_EVERY_MS)
    await sleep(1_200)
    // Some of what each editor wrote reached the others across instances before the kill.
    for (const editor of editors) expect(editor.receivedCount).toBeGreaterThan(0)

    const killed = await a.kill('SIGKILL')
    expect(killed.signal).toBe('SIGKILL')
    // Received before the kill means stored before the kill, on whichever instance took it in.
    const receivedAtKill = mergeVersions(...editors.map((e) => e.received))
    const storage = await PostgresStorage.open({ connectionString: databaseUrl!, schema, maxConnections: 2 })
    try {
      const atKill = versionsIn(docFromLog(await storage.docs.load(boardId)))
      expect(shortfall(receivedAtKill, atKill)).toEqual([])

      // The storm goes on on B while A's editors find their way there.
      await sleep(1_000)
      for (const editor of editors) editor.stop()
      await waitFor(() => editors.every((e) => e.connected && e.synced), 15_000, 'every editor to be back and synced')
      expect(balancer.routed.get(portB)).toBeGreaterThanOrEqual(EDITORS)

      const written = mergeVersions(...editors.map((e) => e.written))
      await waitFor(
        async () => {
          for (const editor of editors) expect(shortfall(written, versionsIn(editor.doc))).toEqual([])
          expect(shortfall(written, versionsIn(docFromLog(await storage.docs.load(boardId))))).toEqual([])
          return true
        },
        15_000,
        'every editor and the store to hold every version anyone wrote',
      )
      expect(b.alive).toBe(true)
    } finally {
      await storage.close()
      for (const editor of editors) editor.destroy()
    }
  }, 60_000) // about 5–10 s alone; more on a busy machine
})
