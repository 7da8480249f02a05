/**
 * Redis goes away in the middle of editing and comes back (a private `redis-server` of this test, killed and
 * started again on the same port; the shared one is not touched). Meanwhile each instance keeps serving its own
 * clients and storing their edits; when Redis is back every room catches up from the store, live fan-out resumes,
 * and every client on both instances converges on what everyone wrote.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { hasRedisServer, PrivateRedis } from '../helpers/redis'
import { cleanup, sleep, waitFor } from '../helpers/server'
import { Editor, docFromLog, mergeVersions, shortfall, versionsIn } from '../crash/harness'
import { boardRecords, readRecords } from '../../shared/boardDoc'
import { geoShape } from '../fixtures/geoShape'
import { canRunCluster, clusterSkipReason, startCluster, type Cluster } from './cluster'

const canRun = canRunCluster && hasRedisServer
const why = canRunCluster ? 'skipped: no redis-server binary to run a private Redis' : clusterSkipReason

if (!canRun) console.warn(`Redis restart test ${why}`)

describe.skipIf(!canRun)(`a Redis restart during editing${canRun ? '' : ` — ${why}`}`, () => {
  let cluster: Cluster | null = null
  let redis: PrivateRedis | null = null

  afterEach(async () => {
    await cleanup()
    await cluster?.close()
    cluster = null
    await redis?.stop()
    redis = null
  })

  it('rooms on both instances catch up and converge, and live fan-out resumes', async () => {
    redis = await PrivateRedis.start()
    cluster = await startCluster({ redisUrl: redis.url })
    const board = await cluster.createBoard()
    const [a, b] = cluster.instances
    const editors = [0, 1, 0, 1].map((i, n) => new Editor(n, cluster!.instances[i]!.wsUrl, board.id, cluster!.owner, cluster!.instances[i]!.url))
    await waitFor(() => editors.every((e) => e.synced), 10_000, 'every editor to sync')
    for (const editor of editors) editor.start(30)
    await sleep(500)

    await redis.stop()
    // Each instance goes on storing its own clients' edits; the others' do not reach it for now.
    await sleep(800)
    const health = await fetch(`${b!.url}/healthz`)
    expect(health.status).toBe(503)
    expect(await health.json()).toMatchObject({ ok: false, storage: { ok: true }, fanout: { kind: 'redis', ok: false } })

    await redis.start()
    await waitFor(async () => (await fetch(`${a!.url}/healthz`)).ok && (await fetch(`${b!.url}/healthz`)).ok, 10_000, 'both instances to reach Redis again')
    await sleep(300)
    for (const editor of editors) editor.stop()

    const written = mergeVersions(...editors.map((e) => e.written))
    await waitFor(
      async () => {
        for (const editor of editors) expect(shortfall(written, versionsIn(editor.doc))).toEqual([])
        return true
      },
      10_000,
      'every editor to hold every version anyone wrote',
    )
    expect(a!.server.fanout.stats.reconnects).toBeGreaterThan(0)
    expect(b!.server.fanout.stats.reconnects).toBeGreaterThan(0)
    const stored = docFromLog(await a!.server.storage.docs.load(board.id))
    expect(shortfall(written, versionsIn(stored))).toEqual([])

    // Live again: an edit on A reaches B through Redis, well before any periodic catch-up would matter.
    const received = b!.server.fanout.stats.received
    boardRecords(editors[0]!.doc).set('shape:after-restart', geoShape('after-restart', { x: 7 }))
    await waitFor(() => readRecords(editors[1]!.doc).some((r) => r.id === 'shape:after-restart'), 3_000, 'a new edit on A to reach B')
    expect(b!.server.fanout.stats.received).toBeGreaterThan(received)
    for (const editor of editors) editor.destroy()
  })
})
