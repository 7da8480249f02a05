import type { ColdJoinRow, FanoutRow, ManyRoomsRow } from './sideBySide'
import { P99_TARGET_MS } from './sideBySide'
import type { PersistCostRow } from './persistCost'
import { formatCell, type Cell, type TableRow } from './table'

/**
 * The one summary table of a bench run: each target of issue 9 with Rembug's figure, what it is compared with (a
 * peer measured in the same run, or a fixed bound), the ratio and whether the target is met. Parts that did not run
 * (`--only`) leave their rows out.
 */
export interface SummaryRow extends TableRow {
  measure: string
  rembug: Cell
  against: string
  ratio: number | null
  target: string
  met: string
}

const round2 = (value: number) => Math.round(value * 100) / 100

function verdict(ok: boolean): string {
  return ok ? 'yes' : 'NO'
}

/** Largest N of a server's ladder such that every step up to it kept p99 within the target and lost nothing. */
export function largestRoom(rows: readonly FanoutRow[], server: string): number {
  let largest = 0
  for (const row of rows.filter((r) => r.server === server).sort((a, b) => a.clients - b.clients)) {
    if (row.p99ms === null || row.p99ms > P99_TARGET_MS || (row.delivered ?? 0) < 0.99) break
    largest = row.clients
  }
  return largest
}

function peakDelivered(rows: readonly FanoutRow[], server: string): number {
  return Math.max(0, ...rows.filter((r) => r.server === server).map((r) => r.deliveredPerSecond ?? 0))
}

function fanoutSummary(rows: FanoutRow[]): SummaryRow[] {
  const peers = ['y-websocket', 'hocuspocus']
  const ours = largestRoom(rows, 'rembug')
  const [bestPeer, bestPeerN] = peers.map((p) => [p, largestRoom(rows, p)] as const).sort((a, b) => b[1] - a[1])[0]!
  const raw = largestRoom(rows, 'raw-ws')
  const roomRatio = bestPeerN > 0 ? round2(ours / bestPeerN) : null
  const msgs = peakDelivered(rows, 'rembug')
  const rawMsgs = peakDelivered(rows, 'raw-ws')
  const msgRatio = rawMsgs > 0 ? round2(msgs / rawMsgs) : null
  return [
    {
      measure: `largest room with p99 ≤ ${P99_TARGET_MS} ms (clients)`,
      rembug: ours,
      against: `best peer ${bestPeer}: ${bestPeerN} (raw ws: ${raw})`,
      ratio: roomRatio,
      target: '≥ 2× best peer and ≥ 200',
      met: verdict(roomRatio !== null && roomRatio >= 2 && ours >= 200),
    },
    {
      measure: 'delivered messages/s, peak of the ladder (records + presence states)',
      rembug: msgs,
      against: `raw ws: ${rawMsgs}`,
      ratio: msgRatio,
      target: '≥ 0.7× raw ws',
      met: verdict(msgRatio !== null && msgRatio >= 0.7),
    },
  ]
}

function manyRoomsSummary(rows: ManyRoomsRow[]): SummaryRow[] {
  const ours = rows.find((r) => r.server === 'rembug')
  if (!ours) return []
  const others = rows.filter((r) => r.server !== 'rembug')
  const describe = (pick: (r: ManyRoomsRow) => Cell) => others.map((r) => `${r.server} ${pick(r)}`).join(', ')
  return [
    { measure: `many rooms (${ours.rooms} × 4): p99 ms`, rembug: ours.p99ms, against: describe((r) => r.p99ms), ratio: null, target: 'report', met: '—' },
    { measure: 'many rooms: server RSS busy / idle (MiB)', rembug: `${ours.rssLoadedMiB} / ${ours.rssIdleMiB}`, against: describe((r) => `${r.rssLoadedMiB} / ${r.rssIdleMiB}`), ratio: null, target: 'report', met: '—' },
  ]
}

function docGrowthSummary(rows: TableRow[]): SummaryRow[] {
  const largest = Math.max(...rows.map((r) => Number(r.moves)))
  const stored = rows.find((r) => r.moves === largest && r.representation === 'server: stored, all moves in')
  const peak = rows.find((r) => r.moves === largest && r.representation === 'server: stored, peak while moving')
  if (!stored) return []
  return [
    {
      measure: `stored bytes after ${largest.toLocaleString('en-US')} moves (peak while moving: ${peak?.storedOrEncodedBytes ?? '—'})`,
      rembug: stored.storedOrEncodedBytes ?? null,
      against: `fresh encode: ${stored.freshBytes}`,
      ratio: Number(stored.ratio),
      target: '≤ 2× fresh encode',
      met: verdict(Number(stored.ratio) <= 2),
    },
  ]
}

function coldJoinSummary(rows: ColdJoinRow[]): SummaryRow[] {
  const ours = rows.find((r) => r.server === 'rembug')
  if (!ours) return []
  return [
    {
      measure: `cold join of ${ours.shapes.toLocaleString('en-US')} shapes: bytes on the wire`,
      rembug: ours.wireBytes,
      against: `JSON snapshot ${ours.jsonSnapshotBytes} (gzip ${ours.jsonGzipBytes}); ${rows.filter((r) => r !== ours).map((r) => `${r.server} ${r.wireBytes}`).join(', ')}`,
      ratio: ours.ratio,
      target: '≤ 0.5× JSON snapshot',
      met: verdict(ours.ratio <= 0.5),
    },
    {
      measure: 'cold join: median time to synced (ms)',
      rembug: ours.medianJoinMs,
      against: rows.filter((r) => r !== ours).map((r) => `${r.server} ${r.medianJoinMs}`).join(', '),
      ratio: null,
      target: 'report',
      met: '—',
    },
  ]
}

function persistSummary(rows: PersistCostRow[]): SummaryRow[] {
  const [stored, memory] = rows
  if (!stored || !memory) return []
  const ratio = round2(stored.movesPerSecond / memory.movesPerSecond)
  return [
    {
      measure: 'persist-before-broadcast throughput (moves/s)',
      rembug: stored.movesPerSecond,
      against: `in-memory store: ${memory.movesPerSecond}`,
      ratio,
      target: '≥ 0.9× in-memory',
      met: verdict(ratio >= 0.9),
    },
  ]
}

function planSummary(rows: TableRow[]): SummaryRow[] {
  const [row] = rows
  if (!row) return []
  return [{ measure: 'plan extraction, 2,000 shapes (median ms)', rembug: row.medianMs ?? null, against: `target ${row.targetMs} ms`, ratio: null, target: `≤ ${row.targetMs} ms`, met: verdict(row.withinTarget === true) }]
}

/** Builds the summary from the rows of the parts that ran, keyed by part name. */
export function summarise(results: Record<string, TableRow[]>): SummaryRow[] {
  const rows = [
    ...(results.fanoutPeers ? fanoutSummary(results.fanoutPeers as FanoutRow[]) : []),
    ...(results.manyRooms ? manyRoomsSummary(results.manyRooms as ManyRoomsRow[]) : []),
    ...(results.docGrowth ? docGrowthSummary(results.docGrowth) : []),
    ...(results.coldJoin ? coldJoinSummary(results.coldJoin as ColdJoinRow[]) : []),
    ...(results.persistCost ? persistSummary(results.persistCost as PersistCostRow[]) : []),
    ...(results.planExtraction ? planSummary(results.planExtraction) : []),
  ]
  // Rembug's figures are of different kinds (clients, bytes, ms): each is shown as its own number, not column-aligned.
  return rows.map((row) => ({ ...row, rembug: typeof row.rembug === 'number' ? formatCell(row.rembug) : row.rembug }))
}
