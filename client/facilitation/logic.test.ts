import { describe, expect, it } from 'vitest'
import type { PersonPresence } from '../../shared/access'
import type { TimerState } from '../../shared/facilitation/state'
import {
  chimeWatch,
  countContributions,
  mayReact,
  nextReactions,
  parseReaction,
  phaseMove,
  projectorFollowTarget,
  REACTION_SHOW_MS,
  stampAuthor,
  timerView,
  type PresentClient,
} from './logic'
import { stepNames } from './steps'

describe('phaseMove', () => {
  const phase = { step: 2 as const, frameId: 'shape:f2', startedAt: 1000 }

  it('moves once when the page opens while a phase runs', () => {
    const first = phaseMove(undefined, phase, false)
    expect(first).toEqual({ frameId: 'shape:f2', seen: '2@1000' })
    expect(phaseMove(first.seen, phase, false).frameId).toBeNull()
  })

  it('moves again when the same step is started again (a new run)', () => {
    expect(phaseMove('2@1000', { ...phase, startedAt: 2000 }, false).frameId).toBe('shape:f2')
  })

  it('stays with the person being followed, but remembers the run', () => {
    expect(phaseMove(undefined, phase, true)).toEqual({ frameId: null, seen: '2@1000' })
  })

  it('does not move without a phase or without a frame', () => {
    expect(phaseMove('2@1000', null, false)).toEqual({ frameId: null, seen: null })
    expect(phaseMove(null, { ...phase, frameId: null }, false).frameId).toBeNull()
  })
})

describe('projectorFollowTarget', () => {
  const person = (userId: string, role: PersonPresence['role']): PersonPresence => ({ userId, name: userId, role, sector: null, organisation: null })
  const client = (clientId: number, userId: string, role: PersonPresence['role'], presenceUserId: string | null = `user:${userId}`): PresentClient => ({
    clientId,
    person: person(userId, role),
    presenceUserId,
  })
  const self = 'user:fac:projector'

  it('follows the summoner when they are here', () => {
    const clients = [client(1, 'fac', 'facilitator'), client(2, 'ana', 'editor')]
    expect(projectorFollowTarget({ userId: 'ana' }, clients, 'fac', self)).toBe('user:ana')
  })

  it('falls back to a facilitator when the summoner is not here', () => {
    expect(projectorFollowTarget({ userId: 'gone' }, [client(1, 'fac', 'facilitator')], 'fac', self)).toBe('user:fac')
  })

  it('prefers the projector’s own account, then owners, then the earliest connection', () => {
    const clients = [client(5, 'other', 'facilitator'), client(3, 'boss', 'owner'), client(9, 'fac', 'facilitator')]
    expect(projectorFollowTarget(null, clients, 'fac', self)).toBe('user:fac')
    expect(projectorFollowTarget(null, clients, 'nobody', self)).toBe('user:boss')
    expect(projectorFollowTarget(null, [client(5, 'b', 'facilitator'), client(2, 'a', 'facilitator')], 'x', self)).toBe('user:a')
  })

  it('never follows participants, itself, another projector or someone without presence', () => {
    const clients = [
      client(1, 'ana', 'editor'),
      client(2, 'fac', 'facilitator', self),
      client(3, 'fac2', 'facilitator', 'user:fac2:projector'),
      client(4, 'fac3', 'facilitator', null),
      { clientId: 5, person: null, presenceUserId: 'user:anon' },
    ]
    expect(projectorFollowTarget(null, clients, 'fac', self)).toBeNull()
  })
})

describe('countContributions', () => {
  it('counts stamped contributions per author sector, unsectored under none', () => {
    const counts = countContributions([
      { type: 'note', meta: { authorId: 'u1', authorSector: 'swasta' } },
      { type: 'stakeholder', meta: { authorId: 'u2', authorSector: 'pemerintah' } },
      { type: 'text', meta: { authorId: 'u3', authorSector: null } },
      { type: 'geo', meta: { authorId: 'u1', authorSector: 'swasta' } },
    ])
    expect(counts).toEqual({ pemerintah: 1, masyarakat_sipil: 0, swasta: 2, akademisi: 0, none: 1 })
  })

  it('leaves out frames, arrows, unstamped shapes, drafts and unknown sectors as none', () => {
    const counts = countContributions([
      { type: 'frame', meta: { authorId: 'u1', authorSector: 'swasta' } },
      { type: 'arrow', meta: { authorId: 'u1', authorSector: 'swasta' } },
      { type: 'note', meta: {} },
      { type: 'note', meta: { authorId: 'u1', authorSector: 'swasta', draft: true } },
      { type: 'note', meta: { authorId: 'u1', authorSector: 'martians' } },
    ])
    expect(counts).toEqual({ pemerintah: 0, masyarakat_sipil: 0, swasta: 0, akademisi: 0, none: 1 })
  })
})

describe('stampAuthor', () => {
  const author = { userId: 'u1', sector: 'akademisi' as const }
  it('stamps contributions with the author and sector', () => {
    expect(stampAuthor({ type: 'note', meta: { x: 1 } }, author).meta).toEqual({ x: 1, authorId: 'u1', authorSector: 'akademisi' })
    expect(stampAuthor({ type: 'statement', meta: {} }, { userId: 'u2', sector: null }).meta).toEqual({ authorId: 'u2', authorSector: null })
  })
  it('leaves frames, arrows and the grid alone, and keeps an existing author', () => {
    for (const type of ['frame', 'arrow', 'power-grid', 'draw']) {
      const shape = { type, meta: {} }
      expect(stampAuthor(shape, author)).toBe(shape)
    }
    const pasted = { type: 'note', meta: { authorId: 'u9', authorSector: 'swasta' } }
    expect(stampAuthor(pasted, author)).toBe(pasted)
  })
})

describe('chimeWatch', () => {
  const running = (rev: number, endsAt: number): TimerState => ({ durationMs: 60_000, remainingMs: 60_000, endsAt, rev })

  it('rings once when a run it saw reaches zero', () => {
    const ring = chimeWatch()
    const timer = running(1, 10_000)
    expect(ring(timer, 9_000)).toBe(false)
    expect(ring(timer, 10_000)).toBe(true)
    expect(ring(timer, 10_250)).toBe(false)
    expect(ring(timer, 20_000)).toBe(false)
  })

  it('does not ring for a run that ended before the page saw it running', () => {
    const ring = chimeWatch()
    expect(ring(running(1, 10_000), 12_000)).toBe(false)
    expect(ring(running(1, 10_000), 13_000)).toBe(false)
  })

  it('rings again for a new run (a new rev), and not for a paused timer', () => {
    const ring = chimeWatch()
    ring(running(1, 10_000), 9_000)
    expect(ring(running(1, 10_000), 10_000)).toBe(true)
    expect(ring(running(2, 20_000), 15_000)).toBe(false)
    expect(ring(running(2, 20_000), 20_001)).toBe(true)
    const paused: TimerState = { durationMs: 60_000, remainingMs: 0, endsAt: null, rev: 3 }
    expect(ring(paused, 30_000)).toBe(false)
    expect(ring(null, 30_000)).toBe(false)
  })
})

describe('timerView', () => {
  it('shows what is left, the share of the set time and the last minute', () => {
    const timer: TimerState = { durationMs: 120_000, remainingMs: 120_000, endsAt: 100_000, rev: 1 }
    expect(timerView(timer, 40_000)).toEqual({ remainingMs: 60_000, fraction: 0.5, running: true, urgent: true, done: false })
    expect(timerView(timer, 0).urgent).toBe(false)
    expect(timerView(timer, 100_000)).toMatchObject({ remainingMs: 0, running: false, urgent: false, done: true })
    expect(timerView(null, 0)).toMatchObject({ remainingMs: 0, fraction: 0, done: false })
  })
})

describe('reactions', () => {
  it('parses only our emoji with numeric fields', () => {
    expect(parseReaction({ emoji: '👍', at: 1, x: 2, y: 3 })).toEqual({ emoji: '👍', at: 1, x: 2, y: 3 })
    expect(parseReaction({ emoji: '<script>', at: 1, x: 2, y: 3 })).toBeNull()
    expect(parseReaction({ emoji: '👍', at: 1, x: 'a', y: 3 })).toBeNull()
    expect(parseReaction(null)).toBeNull()
  })

  it('shows each new reaction once, for a few seconds, and not those there on joining', () => {
    const seen = new Set<string>()
    const states = new Map<number, Record<string, unknown>>([[1, { reaction: { emoji: '🎉', at: 5, x: 0, y: 0 } }]])
    expect(nextReactions([], states, seen, 1000, true)).toEqual([])
    states.set(2, { reaction: { emoji: '👏', at: 7, x: 10, y: 20 } })
    const shown = nextReactions([], states, seen, 2000)
    expect(shown.map((r) => r.emoji)).toEqual(['👏'])
    expect(nextReactions(shown, states, seen, 2100)).toHaveLength(1)
    expect(nextReactions(shown, states, seen, 2000 + REACTION_SHOW_MS)).toHaveLength(0)
  })

  it('throttles to one reaction per half second', () => {
    expect(mayReact(1000, 1400)).toBe(false)
    expect(mayReact(1000, 1500)).toBe(true)
  })
})

describe('stepNames', () => {
  it('names the five steps in the UI language, without their numbers', () => {
    expect(stepNames('id')[2]).toBe('Forum Diskusi')
    expect(stepNames('en')[5]).toBe('Monitoring & Evaluation')
  })
})
