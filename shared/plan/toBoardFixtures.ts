import { SECTORS, type Sector } from '../access'
import { quadrantOf } from '../forum/grid'
import { CLUSTERS } from '../forum/texts'
import { planOfActions } from './fromCsv'
import type { Plan, PlanAction, PlanIndicator, PlanNote, PlanStakeholder, PlanStatement } from './model'

/**
 * Hand-made plans for the tests of the plan → board layout, the round trip and the import route: every kind of entry,
 * and the awkward cases (stakeholders sharing a grid cell, a stakeholder with no sector and no scores, name-only
 * parties, votes, notes outside every cluster). Test data only; no product code imports it.
 */

const id = (kind: string, n: number) => `shape:${kind}-${n}` as const

export function stakeholder(n: number, fields: Partial<PlanStakeholder> = {}): PlanStakeholder {
  const s: PlanStakeholder = {
    id: id('stakeholder', n),
    name: `Pemangku ${n}`,
    sector: SECTORS[n % SECTORS.length]!,
    organisation: `Organisasi ${n}`,
    role: `Peran ${n}`,
    influence: (n % 5) + 1,
    interest: ((n * 3) % 5) + 1,
    quadrant: null,
    contact: n % 2 === 0 ? `08${n}123` : '',
    sources: [id('stakeholder', n)],
    ...fields,
  }
  return { ...s, quadrant: s.influence !== null && s.interest !== null ? quadrantOf({ influence: s.influence, interest: s.interest }) : null }
}

export function statement(kind: string, n: number, fields: Partial<PlanStatement> = {}): PlanStatement {
  return { id: id(kind, n), text: `${kind} ${n}`, state: 'candidate', votes: null, sources: [id(kind, n)], ...fields }
}

export function action(n: number, fields: Partial<PlanAction> = {}): PlanAction {
  return {
    id: id('action', n),
    goal: `Tujuan ${n}`,
    strategy: `Strategi ${n}`,
    tactics: `Taktik ${n}\nbaris kedua`,
    responsible: [],
    supporters: [],
    budget: n * 1_000_000,
    people: `Tenaga ${n}`,
    knowledge: `Pengetahuan ${n}`,
    funding: n % 2 === 0 ? 'apbdes' : null,
    startDate: '2027-01-15',
    dueDate: n % 3 === 0 ? null : '2027-12-31',
    indicator: `Indikator ${n}`,
    target: `${n * 10} orang`,
    status: (['planned', 'in_progress', 'done', 'blocked'] as const)[n % 4]!,
    sources: [id('action', n)],
    ...fields,
  }
}

export function indicator(n: number, actionIds: string[], fields: Partial<PlanIndicator> = {}): PlanIndicator {
  return {
    id: id('indicator', n),
    indicator: `Ukuran ${n}`,
    baseline: 0,
    target: 10 * n,
    current: 5 * n,
    unit: 'kelompok',
    dueDate: '2027-11-30',
    actionIds: actionIds as PlanIndicator['actionIds'],
    progress: 50,
    sources: [id('indicator', n)],
    ...fields,
  }
}

export function note(n: number, fields: Partial<PlanNote> = {}): PlanNote {
  return { id: id('note', n), step: 2, cluster: CLUSTERS[n % CLUSTERS.length]!, text: `Catatan ${n}`, sources: [id('note', n)], ...fields }
}

function party(s: PlanStakeholder) {
  return { stakeholderId: s.id, name: s.name }
}

/**
 * A small workshop with every kind of entry: stakeholders on the grid (two in one cell), in a lane, and with neither
 * sector nor scores; an adopted vision with votes; adopted and candidate missions; actions owned by a stakeholder,
 * by a name only, or by nobody; indicators linking actions; notes in clusters and outside them.
 */
export function samplePlan(): Plan {
  const s = [
    stakeholder(1, { sector: 'pemerintah', influence: 5, interest: 5 }),
    stakeholder(2, { sector: 'masyarakat_sipil', influence: 5, interest: 5 }),
    stakeholder(3, { sector: 'swasta', influence: 2, interest: 4 }),
    stakeholder(4, { sector: 'akademisi', influence: null, interest: null }),
    stakeholder(5, { sector: 'akademisi', influence: null, interest: null }),
    stakeholder(6, { sector: null, influence: 1, interest: 1 }),
  ]
  const visionAdopted = statement('vision', 1, { state: 'adopted', votes: 12 })
  const plan = planOfActions([], 'Forum Desa Contoh')
  plan.stakeholders = s
  plan.vision = { adopted: visionAdopted, candidates: [visionAdopted, statement('vision', 2, { votes: 3 }), statement('vision', 3, { votes: 0 })] }
  const missions = [statement('mission', 1, { state: 'adopted' }), statement('mission', 2, { state: 'adopted', votes: 7 }), statement('mission', 3)]
  plan.missions = { adopted: missions.slice(0, 2), candidates: missions }
  plan.actions = [
    action(1, { responsible: [party(s[0]!)], supporters: [party(s[1]!), party(s[2]!)] }),
    action(2, { responsible: [party(s[1]!)], supporters: [party(s[3]!)] }),
    action(3, { responsible: [{ stakeholderId: null, name: 'Karang Taruna' }] }),
    action(4, { responsible: [], supporters: [], budget: null, funding: null, startDate: null, dueDate: null, status: 'planned' }),
  ]
  plan.indicators = [indicator(1, ['shape:action-1']), indicator(2, ['shape:action-1', 'shape:action-2'], { baseline: null, progress: null }), indicator(3, [])]
  plan.notes = [
    note(1, { cluster: 'needs' }),
    note(2, { cluster: 'needs' }),
    note(3, { cluster: 'challenges' }),
    note(4, { cluster: 'ideas' }),
    note(5, { cluster: 'inspiration' }),
    note(6, { step: 2, cluster: null }),
    note(7, { step: null, cluster: null }),
  ]
  return plan
}

/**
 * A plan far larger than a workshop: `actions` actions (each owned by a stakeholder, measured by an indicator every
 * fourth), many stakeholders in one grid cell and one lane, many notes in one cluster, many statements.
 */
export function largePlan(actions = 200): Plan {
  const plan = planOfActions([], 'Rencana besar')
  const sectors: Sector[] = [...SECTORS]
  plan.stakeholders = [
    ...Array.from({ length: 30 }, (_, i) => stakeholder(i + 1, { influence: 4, interest: 4 })),
    ...Array.from({ length: 30 }, (_, i) => stakeholder(i + 31)),
    ...Array.from({ length: 20 }, (_, i) => stakeholder(i + 61, { sector: 'swasta', influence: null, interest: null })),
    ...Array.from({ length: 12 }, (_, i) => stakeholder(i + 81, { sector: null, influence: i % 2 ? 3 : null, interest: null })),
    ...sectors.map((sector, i) => stakeholder(i + 93, { sector, influence: null, interest: 2 })),
  ]
  const visions = Array.from({ length: 9 }, (_, i) => statement('vision', i + 1, { votes: i }))
  plan.vision = { adopted: { ...visions[0]!, state: 'adopted' }, candidates: [{ ...visions[0]!, state: 'adopted' }, ...visions.slice(1)] }
  const missions = Array.from({ length: 25 }, (_, i) => statement('mission', i + 1, { state: i < 10 ? 'adopted' : 'candidate' }))
  plan.missions = { adopted: missions.slice(0, 10), candidates: missions }
  plan.actions = Array.from({ length: actions }, (_, i) => {
    const owner = plan.stakeholders[i % plan.stakeholders.length]!
    return action(i + 1, { responsible: [party(owner)], supporters: [party(plan.stakeholders[(i + 7) % plan.stakeholders.length]!)] })
  })
  plan.indicators = Array.from({ length: Math.ceil(actions / 4) }, (_, i) => indicator(i + 1, [plan.actions[i * 4]!.id]))
  plan.notes = [
    ...Array.from({ length: 40 }, (_, i) => note(i + 1, { cluster: 'challenges' })),
    ...Array.from({ length: 12 }, (_, i) => note(i + 41)),
    ...Array.from({ length: 15 }, (_, i) => note(i + 53, { step: 2, cluster: null })),
    ...Array.from({ length: 25 }, (_, i) => note(i + 68, { step: null, cluster: null })),
  ]
  return plan
}

/**
 * A plan as the round-trip and import tests compare it. Every id in a plan is the id of a board shape, and a board
 * made from a plan has new shapes, so ids cannot be compared. Instead:
 * - each entry's `id` becomes its kind and position (`stakeholder#0`, `vision#1`, `action#3`, …; visions and missions
 *   are counted over the adopted then the candidate list), and every reference to an entry becomes that same token:
 *   a party's `stakeholderId`, an indicator's `actionIds`, a step's `frameId` (`frame#4`). Links are therefore
 *   compared by the position of what they point at, which is exactly "the same link" when the lists are equal;
 * - `sources` are dropped: they list the shapes an entry was read from (its card, and the arrows that named a party),
 *   and the new board draws its own arrows (one from every responsible stakeholder), so even their number may differ;
 * - `forum.boardId` is dropped: the new board has its own.
 * Names, every field, the order of every list, parties, adoption, votes and notes' steps and clusters are kept as is.
 *
 * With `stakeholderOrder: 'content'` stakeholders are first sorted by their fields (and their tokens follow that
 * order), for the one comparison where their order is known to change (docs/PLAN.md, "Import").
 */
export function normalisePlan(plan: Plan, options: { stakeholderOrder?: 'board' | 'content' } = {}) {
  const contentKey = (s: PlanStakeholder) => JSON.stringify({ ...s, id: null, sources: null })
  const stakeholders = options.stakeholderOrder === 'content' ? [...plan.stakeholders].sort((a, b) => (contentKey(a) < contentKey(b) ? -1 : contentKey(a) > contentKey(b) ? 1 : 0)) : plan.stakeholders
  const token = new Map<string, string>()
  const name = (kind: string, list: ReadonlyArray<{ id: string }>) => list.forEach((entry, i) => token.has(entry.id) || token.set(entry.id, `${kind}#${i}`))
  name('stakeholder', stakeholders)
  name('vision', [...(plan.vision.adopted ? [plan.vision.adopted] : []), ...plan.vision.candidates])
  name('mission', [...plan.missions.adopted, ...plan.missions.candidates])
  name('action', plan.actions)
  name('indicator', plan.indicators)
  name('note', plan.notes)
  plan.workshop.steps.forEach((step) => step.frameId && token.set(step.frameId, `frame#${step.step}`))
  const ref = (id: string) => token.get(id) ?? `dangling:${id}`
  const entry = <T extends { id: string; sources: string[] }>({ sources: _sources, ...rest }: T) => ({ ...rest, id: ref(rest.id) })
  const party = (p: { stakeholderId: string | null; name: string }) => ({ stakeholderId: p.stakeholderId === null ? null : ref(p.stakeholderId), name: p.name })
  return {
    version: plan.version,
    forum: { title: plan.forum.title },
    workshop: { steps: plan.workshop.steps.map((step) => ({ ...step, frameId: step.frameId === null ? null : ref(step.frameId) })) },
    stakeholders: stakeholders.map(entry),
    vision: { adopted: plan.vision.adopted ? entry(plan.vision.adopted) : null, candidates: plan.vision.candidates.map(entry) },
    missions: { adopted: plan.missions.adopted.map(entry), candidates: plan.missions.candidates.map(entry) },
    actions: plan.actions.map((a) => ({ ...entry(a), responsible: a.responsible.map(party), supporters: a.supporters.map(party) })),
    indicators: plan.indicators.map((i) => ({ ...entry(i), actionIds: i.actionIds.map(ref) })),
    notes: plan.notes.map(entry),
  }
}
