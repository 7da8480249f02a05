import { TALLY_SECTORS, type Tally, type TallySector, type VoteState } from '../../../shared/facilitation/state'
import { rankedResults } from '../../../shared/facilitation/votes'

/** One part of a candidate's stacked bar: a voter sector's dots and their share of the candidate's total. */
export interface SectorSegment {
  sector: TallySector
  count: number
  /** 0–1 of the candidate's total. */
  share: number
}

/** The dots of a candidate by voter sector, in the fixed sector order (`none` last), leaving out empty ones. */
export function sectorSegments(tally: Tally): SectorSegment[] {
  const total = tally.total
  return TALLY_SECTORS.flatMap((sector) => {
    const count = tally.bySector[sector] ?? 0
    return count > 0 ? [{ sector, count, share: total > 0 ? count / total : 0 }] : []
  })
}

export interface ResultRow {
  shapeId: string
  /** 1 for the most dots; candidates with equal dots and sectors share no rank (ties keep the vote's order). */
  rank: number
  tally: Tally
  consent: boolean
}

/** The revealed results, most dots first, ranked before filtering (so "only consent" keeps the true ranks). */
export function resultRows(vote: VoteState, onlyConsent = false): ResultRow[] {
  const rows = rankedResults(vote).map((row, i) => ({ ...row, rank: i + 1 }))
  return onlyConsent ? rows.filter((row) => row.consent) : rows
}

/** CSS colours of the voter sectors, from tldraw's palette of the forum's sector colours (shared/forum/template.ts). */
export const SECTOR_CSS: Record<TallySector, string> = {
  pemerintah: '#4465e9', // blue
  masyarakat_sipil: '#099268', // green
  swasta: '#e16919', // orange
  akademisi: '#ae3ec9', // violet
  none: '#9fa8b2', // grey
}
