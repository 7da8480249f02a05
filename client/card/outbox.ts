import type { Category } from './texts'

/** A card this device wrote, kept in localStorage until (and after) it is on the board. */
export interface OutboxCard {
  /** Made on this device; the server derives the note's id from it, so sending again never duplicates. */
  id: string
  boardId: string
  text: string
  category: Category | null
  createdAt: number
  state: 'waiting' | 'sent' | 'failed'
  /** The server's error code when `failed`. */
  error?: string
}

/** What one attempt to send a card came to. */
export type SendOutcome =
  | { kind: 'sent' }
  /** Offline, timed out, 5xx, 429: try again later (after `afterMs` at least, when the server said). */
  | { kind: 'retry'; afterMs?: number }
  /** No session (401): wait until the person joins again. */
  | { kind: 'unauthorized' }
  /** Refused for good (403, 404, 400, 413): keep the text, stop trying. */
  | { kind: 'failed'; code: string }

export interface CardStore {
  load(): OutboxCard[]
  save(cards: OutboxCard[]): void
}

/** Sent cards kept for the "cards from this device" list; older ones are dropped. Waiting cards are never dropped. */
const KEEP_SENT = 100

/**
 * The cards of one invite code in localStorage. When storage is unavailable (blocked, full) it falls back to memory
 * for this page, which is all that can be done.
 */
export function localCardStore(code: string): CardStore {
  const key = `rembug.cards.${code}`
  let memory: OutboxCard[] = []
  return {
    load() {
      try {
        const raw = localStorage.getItem(key)
        const parsed: unknown = raw ? JSON.parse(raw) : []
        return Array.isArray(parsed) ? (parsed as OutboxCard[]) : memory
      } catch {
        return memory
      }
    },
    save(cards) {
      const sent = cards.filter((c) => c.state === 'sent')
      const drop = new Set(sent.slice(0, Math.max(0, sent.length - KEEP_SENT)))
      memory = cards.filter((c) => !drop.has(c))
      try {
        localStorage.setItem(key, JSON.stringify(memory))
      } catch {
        // Memory only.
      }
    },
  }
}

/** 128 random bits as 26 base-32 characters: `crypto.randomUUID` needs https, a hall's LAN server is plain http. */
export function newCardId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
  let bits = 0
  let value = 0
  let id = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      id += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) id += alphabet[(value << (5 - bits)) & 31]
  return id
}

export interface OutboxOptions {
  store: CardStore
  send: (card: OutboxCard) => Promise<SendOutcome>
  /** Called after every change of the cards or of the outbox's state. */
  onChange: () => void
  /** First retry delay; doubles per failed attempt up to `maxDelayMs`, each with jitter. */
  baseDelayMs?: number
  maxDelayMs?: number
  random?: () => number
}

/**
 * Sends waiting cards one at a time, oldest first. A card is saved before it is sent, and stays `waiting` through any
 * failure that may pass (offline, timeout, 5xx, 429), retried with growing, jittered delays and at once when
 * `kick()` is called (the browser came online, the person tapped "send now"). A 401 pauses the outbox until `resume()`.
 */
export class Outbox {
  private sending = false
  private timer: ReturnType<typeof setTimeout> | null = null
  private attempts = 0
  /** True while the server wants a session first. */
  paused = false
  /** When the next automatic attempt is due (ms since the epoch), or `null`. */
  nextAttemptAt: number | null = null

  constructor(private readonly options: OutboxOptions) {}

  /** An attempt is in flight. */
  get busy(): boolean {
    return this.sending
  }

  cards(): OutboxCard[] {
    return this.options.store.load()
  }

  waiting(boardId: string): OutboxCard[] {
    return this.cards().filter((c) => c.state === 'waiting' && c.boardId === boardId)
  }

  /** Saves a new card first, then tries to send it. */
  add(boardId: string, text: string, category: Category | null): OutboxCard {
    const card: OutboxCard = { id: newCardId(), boardId, text, category, createdAt: Date.now(), state: 'waiting' }
    this.options.store.save([...this.cards(), card])
    this.options.onChange()
    this.kick()
    return card
  }

  /** Tries now, whatever the backoff said (unless paused for a session). */
  kick(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.nextAttemptAt = null
    void this.drain()
  }

  resume(): void {
    this.paused = false
    this.kick()
  }

  private update(id: string, change: Partial<OutboxCard>): void {
    this.options.store.save(this.cards().map((c) => (c.id === id ? { ...c, ...change } : c)))
  }

  private async drain(): Promise<void> {
    if (this.sending || this.paused) return
    this.sending = true
    try {
      for (;;) {
        const next = this.cards().find((c) => c.state === 'waiting')
        if (!next) {
          this.attempts = 0
          return
        }
        const outcome = await this.options.send(next)
        if (outcome.kind === 'sent') {
          this.attempts = 0
          this.update(next.id, { state: 'sent' })
        } else if (outcome.kind === 'failed') {
          this.update(next.id, { state: 'failed', error: outcome.code })
        } else if (outcome.kind === 'unauthorized') {
          this.paused = true
          return
        } else {
          this.schedule(outcome.afterMs)
          return
        }
        this.options.onChange()
      }
    } finally {
      this.sending = false
      this.options.onChange()
    }
  }

  private schedule(atLeastMs = 0): void {
    const { baseDelayMs = 2_000, maxDelayMs = 60_000, random = Math.random } = this.options
    const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** this.attempts)
    this.attempts = Math.min(this.attempts + 1, 16)
    // Half fixed, half random: a hall of phones that lost the Wi-Fi together does not come back together.
    const delay = Math.max(atLeastMs, backoff / 2 + random() * (backoff / 2))
    this.nextAttemptAt = Date.now() + delay
    this.timer = setTimeout(() => this.kick(), delay)
  }
}
