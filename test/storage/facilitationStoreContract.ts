import { describe, expect, it } from 'vitest'
import type { BallotRecord, DraftRecord, Storage } from '../../server/storage/types'
import { UniqueViolation } from '../../server/storage/types'

/**
 * The contract of the facilitation stores (vote ballots, private drafts), registered by `registerStorageContractTests`
 * inside its own `describe`, so every adapter runs it on a fresh storage per test. `current()` returns that test's
 * storage.
 *
 * Ballots and drafts belong to a board, so each test first creates the boards it refers to.
 */
export function registerFacilitationStoreContractTests(current: () => Storage): void {
  const ballot = (boardId: string, voteId: string, userId: string, dots: Record<string, number>, extra: Partial<BallotRecord> = {}): BallotRecord => ({
    boardId,
    voteId,
    userId,
    sector: 'pemerintah',
    dots,
    castAt: '2024-06-01T08:00:00.000Z',
    ...extra,
  })
  /** A note record as tldraw would send it, with nesting, nulls, fractions and non-ASCII text to round-trip. */
  const note = (shapeId: string, text: string) => ({
    id: shapeId,
    typeName: 'shape',
    type: 'note',
    x: 120.5,
    y: -40.25,
    rotation: 0,
    index: 'a1V',
    parentId: 'shape:frame-1',
    isLocked: false,
    opacity: 1,
    props: { color: 'yellow', richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] }, url: '' },
    meta: { draft: true, authorSector: null, authorId: 'u1' },
  })
  const draft = (boardId: string, userId: string, shapeId: string, updatedAt: string, text = `Ide ${shapeId}`): DraftRecord => ({
    boardId,
    userId,
    shapeId,
    record: note(shapeId, text),
    updatedAt,
  })
  const t1 = '2024-06-01T08:00:00.000Z'
  const t2 = '2024-06-01T08:00:01.000Z'
  const t3 = '2024-06-01T08:00:02.000Z'
  const byUser = (a: BallotRecord, b: BallotRecord) => a.userId.localeCompare(b.userId)
  const ids = (drafts: DraftRecord[]) => drafts.map((d) => d.shapeId)

  async function givenBoards(...ids: string[]): Promise<void> {
    for (const id of ids) await current().boards.createBoard({ id, title: `Board ${id}`, createdAt: '2024-01-01T00:00:00.000Z' })
  }
  async function givenBallots(...ballots: BallotRecord[]): Promise<void> {
    for (const b of ballots) await current().ballots.put(b)
  }
  async function givenDrafts(...drafts: DraftRecord[]): Promise<void> {
    for (const d of drafts) await current().drafts.put(d)
  }

  describe('BallotStore', () => {
    it('put stores a ballot and get returns it unchanged', async () => {
      await givenBoards('b1')
      const cast = ballot('b1', 'v1', 'u1', { 'shape:a': 2, 'shape:b': 1 }, { sector: 'swasta', castAt: '2024-06-01T08:03:04.567Z' })
      await givenBallots(cast)
      expect(await current().ballots.get('b1', 'v1', 'u1')).toEqual(cast)
    })

    it('get is null for another person, vote or board', async () => {
      await givenBoards('b1', 'b2')
      await givenBallots(ballot('b1', 'v1', 'u1', { 'shape:a': 1 }))
      expect(await current().ballots.get('b1', 'v1', 'u2')).toBeNull()
      expect(await current().ballots.get('b1', 'v2', 'u1')).toBeNull()
      expect(await current().ballots.get('b2', 'v1', 'u1')).toBeNull()
    })

    it('put again replaces the dots, sector and time of that ballot only', async () => {
      await givenBoards('b1')
      const other = ballot('b1', 'v1', 'u2', { 'shape:a': 1 })
      await givenBallots(ballot('b1', 'v1', 'u1', { 'shape:a': 3 }), other)
      const recast = ballot('b1', 'v1', 'u1', { 'shape:b': 1 }, { sector: null, castAt: '2024-06-01T09:00:00.000Z' })
      await current().ballots.put(recast)
      expect(await current().ballots.get('b1', 'v1', 'u1')).toEqual(recast)
      expect([...(await current().ballots.listForVote('b1', 'v1'))].sort(byUser)).toEqual([recast, other])
    })

    it('an empty ballot (dots taken back) is kept and reads back empty', async () => {
      await givenBoards('b1')
      await givenBallots(ballot('b1', 'v1', 'u1', { 'shape:a': 2 }))
      const empty = ballot('b1', 'v1', 'u1', {})
      await current().ballots.put(empty)
      expect(await current().ballots.get('b1', 'v1', 'u1')).toEqual(empty)
      expect(await current().ballots.listForVote('b1', 'v1')).toEqual([empty])
    })

    it('dots read back exactly as written: keys, their order and counts', async () => {
      await givenBoards('b1')
      const dots = { 'shape:zeta': 1, 'shape:ibu “Sri” 🙂': 7, "shape:a'b\"c\\d": 2, 'shape:alpha': 1_000_000 }
      await givenBallots(ballot('b1', 'v1', 'u1', dots))
      const read = await current().ballots.get('b1', 'v1', 'u1')
      expect(read?.dots).toEqual(dots)
      expect(Object.keys(read?.dots ?? {})).toEqual(Object.keys(dots))
    })

    it('listForVote gives every ballot of that vote on that board, and none of other votes or boards', async () => {
      await givenBoards('b1', 'b2')
      const mine = [ballot('b1', 'v1', 'u1', { 'shape:a': 1 }), ballot('b1', 'v1', 'u2', { 'shape:b': 2 }, { sector: 'akademisi' })]
      const otherVote = ballot('b1', 'v2', 'u1', { 'shape:c': 1 })
      // The same vote id and person on another board must not leak into b1's tally.
      const otherBoard = ballot('b2', 'v1', 'u3', { 'shape:a': 5 })
      await givenBallots(...mine, otherVote, otherBoard)
      expect([...(await current().ballots.listForVote('b1', 'v1'))].sort(byUser)).toEqual(mine)
      expect(await current().ballots.listForVote('b1', 'v2')).toEqual([otherVote])
      expect(await current().ballots.listForVote('b2', 'v1')).toEqual([otherBoard])
      expect(await current().ballots.listForVote('b2', 'v2')).toEqual([])
    })

    it('deleteVote removes every ballot of that vote on that board, and nothing else', async () => {
      await givenBoards('b1', 'b2')
      const otherVote = ballot('b1', 'v2', 'u1', { 'shape:c': 1 })
      const otherBoard = ballot('b2', 'v1', 'u1', { 'shape:a': 5 })
      await givenBallots(ballot('b1', 'v1', 'u1', { 'shape:a': 1 }), ballot('b1', 'v1', 'u2', { 'shape:b': 2 }), otherVote, otherBoard)
      await current().ballots.deleteVote('b1', 'v1')
      expect(await current().ballots.listForVote('b1', 'v1')).toEqual([])
      expect(await current().ballots.get('b1', 'v1', 'u1')).toBeNull()
      expect(await current().ballots.listForVote('b1', 'v2')).toEqual([otherVote])
      expect(await current().ballots.listForVote('b2', 'v1')).toEqual([otherBoard])
    })
  })

  describe('DraftStore', () => {
    it('put stores a draft and the record reads back exactly as written', async () => {
      await givenBoards('b1')
      const written = draft('b1', 'u1', 'shape:n1', t1, 'Air bersih untuk dusun “Krajan” 🙂\n\\ baris dua')
      await givenDrafts(written)
      const [read] = await current().drafts.listForUser('b1', 'u1')
      expect(read).toEqual(written)
      expect(JSON.stringify(read?.record)).toBe(JSON.stringify(written.record))
    })

    it('put by the same person replaces the record and time, keeping one draft', async () => {
      await givenBoards('b1')
      await givenDrafts(draft('b1', 'u1', 'shape:n1', t1, 'first'))
      const edited = draft('b1', 'u1', 'shape:n1', t2, 'edited')
      await current().drafts.put(edited)
      expect(await current().drafts.listForUser('b1', 'u1')).toEqual([edited])
      expect(await current().drafts.count('b1')).toBe(1)
    })

    it("put of another person's shape id rejects with UniqueViolation and changes nothing", async () => {
      await givenBoards('b1', 'b2')
      const original = draft('b1', 'u1', 'shape:n1', t1, 'mine')
      await givenDrafts(original)
      await expect(current().drafts.put(draft('b1', 'u2', 'shape:n1', t2, 'taken over'))).rejects.toBeInstanceOf(UniqueViolation)
      expect(await current().drafts.listForBoard('b1')).toEqual([original])
      expect(await current().drafts.listForUser('b1', 'u2')).toEqual([])
      // The id is taken per board: the same id on another board is free.
      const elsewhere = draft('b2', 'u2', 'shape:n1', t2)
      await givenDrafts(elsewhere)
      expect(await current().drafts.listForBoard('b2')).toEqual([elsewhere])
      expect(await current().drafts.listForBoard('b1')).toEqual([original])
    })

    it("delete removes the person's own draft (true), and is false for an unknown or someone else's", async () => {
      await givenBoards('b1', 'b2')
      const others = draft('b1', 'u2', 'shape:theirs', t1)
      const otherBoard = draft('b2', 'u1', 'shape:mine', t1)
      await givenDrafts(draft('b1', 'u1', 'shape:mine', t1), others, otherBoard)
      expect(await current().drafts.delete('b1', 'u1', 'shape:theirs')).toBe(false)
      expect(await current().drafts.delete('b1', 'u1', 'shape:unknown')).toBe(false)
      expect(await current().drafts.delete('b1', 'u1', 'shape:mine')).toBe(true)
      expect(await current().drafts.delete('b1', 'u1', 'shape:mine')).toBe(false)
      expect(await current().drafts.listForBoard('b1')).toEqual([others])
      expect(await current().drafts.listForBoard('b2')).toEqual([otherBoard])
    })

    it('lists are oldest first by time, then by when each draft was first written (not by id)', async () => {
      await givenBoards('b1')
      // Written out of time order; within one time, ids descend so id order and write order differ.
      await givenDrafts(
        draft('b1', 'u1', 'shape:z', t2),
        draft('b1', 'u2', 'shape:y', t2),
        draft('b1', 'u1', 'shape:x', t1),
        draft('b1', 'u1', 'shape:w', t2),
        draft('b1', 'u2', 'shape:v', t3),
      )
      expect(ids(await current().drafts.listForBoard('b1'))).toEqual(['shape:x', 'shape:z', 'shape:y', 'shape:w', 'shape:v'])
      expect(ids(await current().drafts.listForUser('b1', 'u1'))).toEqual(['shape:x', 'shape:z', 'shape:w'])
      expect(ids(await current().drafts.listForUser('b1', 'u2'))).toEqual(['shape:y', 'shape:v'])
    })

    it('a replaced draft keeps its place among drafts of the same time, and moves when its time moves', async () => {
      await givenBoards('b1')
      await givenDrafts(draft('b1', 'u1', 'shape:b', t1), draft('b1', 'u1', 'shape:a', t1), draft('b1', 'u1', 'shape:c', t1))
      await current().drafts.put(draft('b1', 'u1', 'shape:b', t1, 'same time'))
      expect(ids(await current().drafts.listForUser('b1', 'u1'))).toEqual(['shape:b', 'shape:a', 'shape:c'])
      await current().drafts.put(draft('b1', 'u1', 'shape:b', t2, 'later'))
      expect(ids(await current().drafts.listForUser('b1', 'u1'))).toEqual(['shape:a', 'shape:c', 'shape:b'])
    })

    it('a draft deleted and written again comes after those written meanwhile', async () => {
      await givenBoards('b1')
      await givenDrafts(draft('b1', 'u1', 'shape:b', t1), draft('b1', 'u1', 'shape:c', t1))
      await current().drafts.delete('b1', 'u1', 'shape:c')
      await givenDrafts(draft('b1', 'u1', 'shape:a', t1), draft('b1', 'u1', 'shape:c', t1))
      expect(ids(await current().drafts.listForBoard('b1'))).toEqual(['shape:b', 'shape:a', 'shape:c'])
    })

    it("lists hold only that board's (and that person's) drafts", async () => {
      await givenBoards('b1', 'b2')
      const mine = draft('b1', 'u1', 'shape:a', t1)
      const theirs = draft('b1', 'u2', 'shape:b', t2)
      const mineElsewhere = draft('b2', 'u1', 'shape:c', t1)
      await givenDrafts(mine, theirs, mineElsewhere)
      expect(await current().drafts.listForUser('b1', 'u1')).toEqual([mine])
      expect(await current().drafts.listForUser('b2', 'u1')).toEqual([mineElsewhere])
      expect(await current().drafts.listForUser('b2', 'u2')).toEqual([])
      expect(await current().drafts.listForBoard('b1')).toEqual([mine, theirs])
      expect(await current().drafts.listForBoard('b2')).toEqual([mineElsewhere])
    })

    it('count is the number of drafts on that board, of everyone', async () => {
      await givenBoards('b1', 'b2', 'b3')
      await givenDrafts(draft('b1', 'u1', 'shape:a', t1), draft('b1', 'u2', 'shape:b', t1), draft('b1', 'u1', 'shape:c', t2), draft('b2', 'u1', 'shape:d', t1))
      expect(await current().drafts.count('b1')).toBe(3)
      expect(await current().drafts.count('b2')).toBe(1)
      expect(await current().drafts.count('b3')).toBe(0)
    })

    it('deleteMany removes exactly those drafts of that board, of anyone, and returns how many it removed', async () => {
      await givenBoards('b1', 'b2')
      const kept = draft('b1', 'u1', 'shape:kept', t3)
      const sameIdElsewhere = draft('b2', 'u1', 'shape:a', t1)
      await givenDrafts(draft('b1', 'u1', 'shape:a', t1), draft('b1', 'u2', 'shape:b', t2), kept, sameIdElsewhere)
      // An id with no draft counts for nothing.
      expect(await current().drafts.deleteMany('b1', ['shape:a', 'shape:b', 'shape:unknown'])).toBe(2)
      expect(await current().drafts.listForBoard('b1')).toEqual([kept])
      expect(await current().drafts.listForBoard('b2')).toEqual([sameIdElsewhere])
      expect(await current().drafts.deleteMany('b1', [])).toBe(0)
      expect(await current().drafts.deleteMany('b1', ['shape:a'])).toBe(0)
      expect(await current().drafts.count('b1')).toBe(1)
    })
  })

  it("deleteBoard removes the board's ballots and drafts, and no other board's", async () => {
    await givenBoards('doomed', 'kept')
    const keptBallot = ballot('kept', 'v1', 'u1', { 'shape:a': 1 })
    const keptDraft = draft('kept', 'u1', 'shape:a', t1)
    await givenBallots(ballot('doomed', 'v1', 'u1', { 'shape:a': 1 }), keptBallot)
    await givenDrafts(draft('doomed', 'u1', 'shape:a', t1), keptDraft)
    await current().boards.deleteBoard('doomed')
    // A board created again with the same id starts without them.
    await givenBoards('doomed')
    expect(await current().ballots.listForVote('doomed', 'v1')).toEqual([])
    expect(await current().drafts.listForBoard('doomed')).toEqual([])
    expect(await current().drafts.count('doomed')).toBe(0)
    expect(await current().ballots.listForVote('kept', 'v1')).toEqual([keptBallot])
    expect(await current().drafts.listForBoard('kept')).toEqual([keptDraft])
  })
}
