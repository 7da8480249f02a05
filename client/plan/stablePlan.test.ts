import { describe, expect, it } from 'vitest'
import { PLAN_VERSION, type Plan } from '../../shared/plan/model'
import { keepUnchanged } from './stablePlan'

function plan(goal: string, notes: string[] = ['a', 'b']): Plan {
  return {
    version: PLAN_VERSION,
    forum: { title: 'Desa A', boardId: 'b1' },
    workshop: { steps: [] },
    stakeholders: [],
    vision: { adopted: null, candidates: [] },
    missions: { adopted: [], candidates: [] },
    actions: [
      {
        id: 'shape:a1', goal, strategy: '', tactics: '', responsible: [], supporters: [], budget: null, people: '', knowledge: '',
        funding: null, startDate: null, dueDate: null, indicator: '', target: '', status: 'planned', sources: ['shape:a1'],
      },
    ],
    indicators: [],
    notes: notes.map((text, i) => ({ id: `shape:n${i}`, step: 2, cluster: null, text, sources: [`shape:n${i}`] })),
  }
}

describe('keepUnchanged', () => {
  it('answers next when there is no previous plan', () => {
    const next = plan('x')
    expect(keepUnchanged(null, next)).toBe(next)
  })

  it('answers the previous plan itself when nothing changed', () => {
    const prev = plan('x')
    expect(keepUnchanged(prev, plan('x'))).toBe(prev)
  })

  it('keeps the unchanged parts and takes the changed ones', () => {
    const prev = plan('x')
    const next = plan('y')
    const merged = keepUnchanged(prev, next)
    expect(merged).not.toBe(prev)
    expect(merged).toEqual(next)
    expect(merged.actions).toBe(next.actions)
    expect(merged.notes).toBe(prev.notes)
    expect(merged.stakeholders).toBe(prev.stakeholders)
    expect(merged.forum).toBe(prev.forum)
  })

  it('notices a change deep inside a part', () => {
    const prev = plan('x', ['a', 'b'])
    const merged = keepUnchanged(prev, plan('x', ['a', 'c']))
    expect(merged.notes.map((n) => n.text)).toEqual(['a', 'c'])
    expect(merged.actions).toBe(prev.actions)
  })
})
