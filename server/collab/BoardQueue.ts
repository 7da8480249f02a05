/**
 * Runs tasks one at a time per board: a task starts once every earlier task for the same board has settled (failed
 * or not). Facilitation commands, ballots and drafts of one board share one queue, so a command reads a state no
 * other change can move under it (a ballot cast while the vote is revealed, a draft stored while the round is
 * revealed); cards from the light card page have their own, so two never take the same free cell.
 */
export class BoardQueue {
  private readonly tails = new Map<string, Promise<unknown>>()

  run<T>(boardId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(boardId) ?? Promise.resolve()
    const next = previous.then(task, task)
    const settled = next.then(
      () => {},
      () => {},
    )
    this.tails.set(boardId, settled)
    void settled.then(() => {
      if (this.tails.get(boardId) === settled) this.tails.delete(boardId)
    })
    return next
  }
}
