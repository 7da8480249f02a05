import { describe, expect, it } from 'vitest'
import { parsePerson, peopleFromStates } from './people'

const person = (userId: string, name: string, role: string, extra: Record<string, unknown> = {}) => ({
  person: { userId, name, role, sector: null, organisation: null, ...extra },
})

describe('people on the board', () => {
  it('lists each person once, this person first, then by role and name', () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, person('u-editor', 'Siti', 'editor', { sector: 'masyarakat_sipil' })],
      [2, { ...person('u-owner', 'Budi', 'owner'), presence: { color: '#e03131' } }],
      [3, person('u-editor', 'Siti', 'editor')], // a second tab
      [4, person('u-me', 'Ani', 'viewer')],
      [5, { presence: { color: '#000' } }], // no person field
      [6, { person: { userId: 'x', name: 'Bad', role: 'admin' } }],
    ])
    const people = peopleFromStates(states, 'u-me')
    expect(people.map((p) => p.userId)).toEqual(['u-me', 'u-owner', 'u-editor'])
    expect(people[0]!.self).toBe(true)
    expect(people[1]!.color).toBe('#e03131')
    expect(people[2]!.sector).toBe('masyarakat_sipil')
  })
  it('drops a malformed sector and colour rather than the person', () => {
    expect(parsePerson({ userId: 'a', name: 'A', role: 'editor', sector: 'mars', organisation: 5 })).toEqual({
      userId: 'a',
      name: 'A',
      role: 'editor',
      sector: null,
      organisation: null,
    })
    const [p] = peopleFromStates(new Map([[1, { ...person('a', 'A', 'editor'), presence: { color: 'red;background:url(x)' } }]]), null)
    expect(p!.color).toBeNull()
  })
})
