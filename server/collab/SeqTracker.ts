/**
 * Which sequence numbers of a board's update log a room's doc holds. Updates reach a room out of order — its own
 * writes, other instances' through the fan-out, catch-ups from the store — so it keeps `contiguous` (every number up
 * to it is in the doc) and the ranges it holds beyond that. `known` is the highest number it has heard of; while
 * `known > contiguous` there is a gap, which either fills as messages arrive or is caught up from the store.
 *
 * @example
 * const seqs = new SeqTracker(10)
 * seqs.add(14, 15)        // our own write came back as 14–15: 11–13 are someone else's, not here yet
 * seqs.hasGap             // true
 * seqs.add(11, 13)        // their message arrived
 * seqs.contiguous         // 15
 */
export class SeqTracker {
  private through: number
  /** Sorted, disjoint, each starting above `through + 1`. */
  private ranges: Array<[number, number]> = []
  private highest: number

  constructor(contiguous: number) {
    this.through = contiguous
    this.highest = contiguous
  }

  /** Every update numbered 1…contiguous is in the doc. */
  get contiguous(): number {
    return this.through
  }

  /** The highest number known to be stored. */
  get known(): number {
    return this.highest
  }

  get hasGap(): boolean {
    return this.highest > this.through
  }

  /** Whether every number in from…to is already held. */
  holds(from: number, to: number): boolean {
    if (to <= this.through) return true
    return this.ranges.some(([a, b]) => a <= Math.max(from, this.through + 1) && b >= to)
  }

  /** The updates numbered from…to are in the doc now. */
  add(from: number, to: number): void {
    if (to < from) return
    this.note(to)
    if (to <= this.through) return
    this.ranges.push([Math.max(from, this.through + 1), to])
    this.ranges.sort((x, y) => x[0] - y[0])
    const merged: Array<[number, number]> = []
    for (const range of this.ranges) {
      const last = merged.at(-1)
      if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1])
      else merged.push([range[0], range[1]])
    }
    while (merged.length > 0 && merged[0]![0] <= this.through + 1) {
      this.through = Math.max(this.through, merged.shift()![1])
    }
    this.ranges = merged
  }

  /** Everything up to `seq` is in the doc now (a catch-up read the store through `seq`). */
  fillThrough(seq: number): void {
    this.add(1, seq)
  }

  /** The store holds updates up to `seq` (an instance said so). */
  note(seq: number): void {
    if (seq > this.highest) this.highest = seq
  }
}
