import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { newCardId, Outbox, type CardStore, type OutboxCard, type SendOutcome } from './outbox'

function memoryStore(): CardStore & { cards: OutboxCard[] } {
  const store = {
    cards: [] as OutboxCard[],
    load: () => store.cards.map((c) => ({ ...c })),
    save: (cards: OutboxCard[]) => void (store.cards = cards.map((c) => ({ ...c }))),
  }
  return store
}

/** An outbox whose sends answer from `answers`, in order; records what the store held at each send. */
function setup(answers: SendOutcome[]) {
  const store = memoryStore()
  const sent: Array<{ id: string; storedState: string | undefined }> = []
  const outbox = new Outbox({
    store,
    random: () => 0.5,
    onChange: () => {},
    send: async (card) => {
      sent.push({ id: card.id, storedState: store.cards.find((c) => c.id === card.id)?.state })
      return answers.shift() ?? { kind: 'sent' }
    },
  })
  return { store, sent, outbox }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('Outbox', () => {
  it('saves a card before sending it, and marks it sent', async () => {
    const { store, sent, outbox } = setup([{ kind: 'sent' }])
    const card = outbox.add('board1', 'Air bersih', 'needs')
    expect(store.cards.map((c) => [c.id, c.state])).toEqual([[card.id, 'waiting']])
    await vi.runAllTimersAsync()
    expect(sent).toEqual([{ id: card.id, storedState: 'waiting' }])
    expect(store.cards[0]!.state).toBe('sent')
  })

  it('keeps a card waiting through failures that may pass, retrying with growing delays, and at once on kick', async () => {
    const { store, sent, outbox } = setup([{ kind: 'retry' }, { kind: 'retry' }, { kind: 'retry', afterMs: 30_000 }, { kind: 'sent' }])
    outbox.add('board1', 'Satu', null)
    await vi.advanceTimersByTimeAsync(0)
    expect(sent).toHaveLength(1)
    // 2 s backoff, half of it random (random() = 0.5 → 1.5 s).
    await vi.advanceTimersByTimeAsync(1_499)
    expect(sent).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(sent).toHaveLength(2)
    // Next 4 s → 3 s; a kick (the browser came online) does not wait for it.
    outbox.kick()
    await vi.advanceTimersByTimeAsync(0)
    expect(sent).toHaveLength(3)
    // The server asked for 30 s: no sooner.
    expect(outbox.nextAttemptAt! - Date.now()).toBe(30_000)
    expect(store.cards[0]!.state).toBe('waiting')
    await vi.advanceTimersByTimeAsync(30_000)
    expect(sent).toHaveLength(4)
    expect(store.cards[0]!.state).toBe('sent')
  })

  it('sends oldest first, one at a time', async () => {
    const { sent, outbox } = setup([])
    const a = outbox.add('board1', 'A', null)
    const b = outbox.add('board1', 'B', null)
    const c = outbox.add('board1', 'C', null)
    await vi.runAllTimersAsync()
    expect(sent.map((s) => s.id)).toEqual([a.id, b.id, c.id])
  })

  it('pauses on 401 until resumed, and keeps refused cards with their reason', async () => {
    const { store, sent, outbox } = setup([{ kind: 'unauthorized' }, { kind: 'failed', code: 'forbidden' }, { kind: 'sent' }])
    outbox.add('board1', 'A', null)
    outbox.add('board1', 'B', null)
    await vi.runAllTimersAsync()
    expect(outbox.paused).toBe(true)
    expect(sent).toHaveLength(1)
    outbox.kick()
    await vi.runAllTimersAsync()
    expect(sent).toHaveLength(1)
    outbox.resume()
    await vi.runAllTimersAsync()
    expect(store.cards.map((c) => [c.text, c.state, c.error])).toEqual([
      ['A', 'failed', 'forbidden'],
      ['B', 'sent', undefined],
    ])
  })
})

describe('newCardId', () => {
  it('is 26 base-32 characters (128 random bits), what the server accepts', () => {
    const ids = new Set(Array.from({ length: 1000 }, newCardId))
    expect(ids.size).toBe(1000)
    for (const id of ids) expect(id).toMatch(/^[a-z2-7]{26}$/)
  })
})
