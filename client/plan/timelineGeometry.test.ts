import { describe, expect, it } from 'vitest'
import { dayNumber, isoOfDay, localToday, timelineLayout, type TimelineAction } from './timelineGeometry'

const action = (id: string, startDate: string | null, dueDate: string | null, status: TimelineAction['status'] = 'planned'): TimelineAction => ({
  id,
  startDate,
  dueDate,
  status,
})

describe('dayNumber', () => {
  it('counts calendar days, whatever the time zone', () => {
    expect(dayNumber('1970-01-02')).toBe(1)
    expect(isoOfDay(dayNumber('2027-02-28')!)).toBe('2027-02-28')
    expect(dayNumber('2027-02-30')).toBeNull()
    expect(dayNumber('31/12/2027')).toBeNull()
  })
})

describe('localToday', () => {
  it('is the reader’s own calendar day', () => {
    expect(localToday(new Date(2027, 0, 5, 23, 59))).toBe('2027-01-05')
    expect(localToday(new Date(2027, 11, 31, 0, 1))).toBe('2027-12-31')
  })
})

describe('timelineLayout', () => {
  const example = [
    action('pelatihan', '2027-02-01', '2027-06-30'),
    action('modal', '2027-04-01', '2027-10-31'),
    action('pasar', '2027-09-01', '2027-12-15'),
    action('none', null, null),
  ]

  it('draws bars from start to due, sorted by start, inside the given width', () => {
    const layout = timelineLayout(example, '2026-11-30', 100, 300)
    expect(layout.rows.map((r) => r.id)).toEqual(['pelatihan', 'modal', 'pasar'])
    for (const row of layout.rows) {
      expect(row.kind).toBe('bar')
      expect(row.x).toBeGreaterThanOrEqual(100)
      expect(row.x + row.w).toBeLessThanOrEqual(400 + 1e-9)
    }
    const [a, b] = layout.rows
    expect(b!.x).toBeGreaterThan(a!.x)
    expect(layout.undated).toEqual(['none'])
  })

  it('puts today on the axis when it is near the plan, before the first bar here', () => {
    const layout = timelineLayout(example, '2026-11-30', 100, 300)
    expect(layout.todayX).not.toBeNull()
    expect(layout.todayX!).toBeLessThan(layout.rows[0]!.x)
    expect(layout.from <= '2026-11-30').toBe(true)
  })

  it('leaves today off when it is years away, instead of squashing the plan', () => {
    const layout = timelineLayout(example, '2019-01-01', 0, 300)
    expect(layout.todayX).toBeNull()
    expect(layout.from > '2026-12-01').toBe(true)
  })

  it('marks an action overdue when its due date has passed and it is not done', () => {
    const layout = timelineLayout([action('late', '2026-01-01', '2026-06-30'), action('done', '2026-01-01', '2026-06-30', 'done'), action('future', '2026-01-01', '2027-06-30')], '2026-11-30', 0, 300)
    expect(Object.fromEntries(layout.rows.map((r) => [r.id, r.overdue]))).toEqual({ late: true, done: false, future: false })
  })

  it('draws a milestone for an action with one date, and flags a due date before the start', () => {
    const layout = timelineLayout([action('due-only', null, '2027-03-01'), action('start-only', '2027-01-15', null), action('reversed', '2027-05-01', '2027-02-01')], '2027-01-01', 0, 300)
    const byId = Object.fromEntries(layout.rows.map((r) => [r.id, r]))
    expect(byId['due-only']!.kind).toBe('milestone')
    expect(byId['start-only']!.kind).toBe('milestone')
    expect(byId['reversed']).toMatchObject({ kind: 'bar', reversed: true })
    expect(byId['reversed']!.w).toBeGreaterThan(0)
  })

  it('labels the first of each month, at most about eight of them', () => {
    const short = timelineLayout([action('a', '2027-01-10', '2027-04-20')], '2027-01-10', 0, 300)
    expect(short.ticks.map((t) => t.date)).toEqual(['2027-01-01', '2027-02-01', '2027-03-01', '2027-04-01'].filter((d) => d >= short.from))
    const long = timelineLayout([action('a', '2027-01-01', '2031-12-31')], '2027-01-01', 0, 300)
    expect(long.ticks.length).toBeLessThanOrEqual(8)
    expect(long.ticks.length).toBeGreaterThanOrEqual(3)
    for (const tick of long.ticks) expect(tick.date.endsWith('-01')).toBe(true)
  })

  it('has an empty layout with no dated actions', () => {
    const layout = timelineLayout([action('x', null, null)], '2027-01-01', 0, 300)
    expect(layout.rows).toEqual([])
    expect(layout.undated).toEqual(['x'])
  })
})
