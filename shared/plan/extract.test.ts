import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { TLParentId, TLRecord, TLShapeId } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import { initialBoardRecords } from '../boardSchema'
import { EXAMPLE_CONTENT } from '../forum/exampleContent'
import { EXAMPLES } from '../forum/examples'
import { cellCentre, gridPlot, type PowerGridShape } from '../forum/grid'
import { BOARD_LANGUAGES, TEMPLATE_TEXTS } from '../forum/texts'
import { extractPlan } from './extract'
import { boardBuilder, exampleRecords, type BoardBuilder } from './extractFixtures'
import { planSchema, type Plan } from './model'
import { findProblems } from './problems'

// Board → plan on whole boards: the example boards against golden files, and hand-made boards (structured only,
// freeform only, mixed, empty, hostile) against the fields they must give. `UPDATE_GOLDEN=1` rewrites the golden files.

const GOLDEN = new URL('./__golden__/', import.meta.url)

function expectGolden(name: string, plan: Plan): void {
  const file = fileURLToPath(new URL(`${name}.json`, GOLDEN))
  const text = `${JSON.stringify(plan, null, 2)}\n`
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(fileURLToPath(GOLDEN), { recursive: true })
    writeFileSync(file, text)
  }
  expect(existsSync(file), `${name}.json is missing: run the tests with UPDATE_GOLDEN=1`).toBe(true)
  expect(text).toBe(readFileSync(file, 'utf8'))
}

/** Extracts, and checks the result against the published schema on the way. */
function extract(records: readonly TLRecord[], title = 'Board'): Plan {
  const plan = extractPlan(records, { title, boardId: 'board-1' })
  expect(() => planSchema.parse(plan)).not.toThrow()
  return plan
}

const reversed = <T>(list: readonly T[]) => [...list].reverse()

describe.each(EXAMPLES.flatMap((example) => BOARD_LANGUAGES.map((lang) => [example, lang] as const)))('example %s in %s', (example, lang) => {
  const { records, title } = exampleRecords(example, lang)
  const plan = extract(records, title)
  const content = EXAMPLE_CONTENT[example]

  it('matches its golden plan, whatever the record order', () => {
    expectGolden(`${example}.${lang}`, plan)
    expect(extractPlan(reversed(records), { title, boardId: 'board-1' })).toEqual(plan)
  })

  it('holds every entry of the example and nothing of the template', () => {
    expect(plan.stakeholders.map((s) => s.name).sort()).toEqual(content.stakeholders.map((s) => s.name[lang]).sort())
    expect(plan.vision.adopted?.text).toBe(content.visions.find((v) => v.adopted)!.text[lang])
    expect(plan.vision.candidates).toHaveLength(content.visions.length - 1)
    expect(plan.missions.adopted.map((m) => m.text)).toEqual(content.missions.filter((m) => m.adopted).map((m) => m.text[lang]))
    expect(plan.actions.map((a) => a.goal)).toEqual(content.actions.map((a) => a.goal[lang]))
    expect(plan.indicators.map((i) => i.indicator)).toEqual(content.indicators.map((i) => i.indicator[lang]))
    expect(plan.notes.map((n) => n.text).sort()).toEqual(content.notes.map((n) => n.text[lang]).sort())
    expect(plan.notes.every((n) => n.step === 2 && n.cluster !== null)).toBe(true)
    expect(plan.workshop.steps.map((s) => s.title)).toEqual(TEMPLATE_TEXTS[lang].steps)
  })

  it('links owners, supporters, arrows and indicators to the plan’s own entries', () => {
    const byKey = new Map(content.stakeholders.map((s) => [s.key, plan.stakeholders.find((p) => p.name === s.name[lang])!]))
    content.actions.forEach((action, i) => {
      const entry = plan.actions[i]!
      expect(entry.responsible).toEqual([{ stakeholderId: byKey.get(action.owner)!.id, name: byKey.get(action.owner)!.name }])
      expect(entry.supporters.map((s) => s.stakeholderId)).toEqual(action.supporters.map((key) => byKey.get(key)!.id))
      expect(entry.sources).toHaveLength(2) // the card and the owner's arrow
    })
    const actionIds = new Set(plan.actions.map((a) => a.id))
    for (const indicator of plan.indicators) expect(indicator.actionIds.every((id) => actionIds.has(id))).toBe(true)
    expect(plan.indicators.map((i) => i.progress)).toEqual(
      content.indicators.map((i) => Math.round(((i.current - i.baseline) / (i.target - i.baseline)) * 100)),
    )
    expect(findProblems(plan)).toEqual([])
  })
})

/** A top-left corner for a 200 × 200 note inside a template region (lane, cluster, area), in the frame's space. */
function inRegion(b: BoardBuilder, regionId: TLShapeId, dx = 0): { x: number; y: number } {
  const region = b.shape(regionId)
  return { x: region.x + 20 + dx, y: region.y + 60 }
}

/** The top-left corner that puts a note's centre in a grid cell. */
function onGrid(b: BoardBuilder, gridId: TLShapeId, scores: { influence: number; interest: number }) {
  const grid = b.shape(gridId) as PowerGridShape
  const centre = cellCentre(gridPlot(grid.props), scores)
  return { x: grid.x + centre.x - 100, y: grid.y + centre.y - 100 }
}

/** Notes with conventions in the Indonesian template's frames (meta), arrows between notes. */
function freeformBoard() {
  const b = boardBuilder('f')
  const t = b.template('id')
  const [f1, f2, f3, f4, f5] = [t.frames[1], t.frames[2], t.frames[3], t.frames[4], t.frames[5]]
  const kades = b.note(f1, 'Bu Kades Sari\nPeran: Kepala desa', inRegion(b, t.lanes.pemerintah))
  const lsm = b.note(f1, 'LSM Berdaya', onGrid(b, t.grid, { influence: 4, interest: 5 }))
  const budi = b.text(f1, 'Pak Budi\nSektor: Swasta\nKontak: 0812-1111', { x: 900, y: 1180 }, 300)
  b.note(f2, 'Modal usaha', inRegion(b, t.clusters.needs))
  b.note(f2, 'Pojok produk', inRegion(b, t.clusters.ideas))
  b.note(f2, 'Catatan fasilitator', { x: 750, y: 500 }) // centre in the gap between the four clusters
  b.note(f3, 'Desa mandiri ✓', inRegion(b, t.areas.vision))
  b.note(f3, 'Desa wisata', inRegion(b, t.areas.vision, 300), { votes: 3 })
  b.note(f3, 'Misi: Pelatihan keterampilan', inRegion(b, t.areas.mission))
  const training = b.note(f4, 'Pelatihan menjahit\nPJ: bu kades sari\nTenggat: 30/06/2027\nRp 15 juta\nDana: APBDes\nStatus: berjalan', { x: 100, y: 200 })
  b.note(f4, 'Pasar daring\nPJ: Koperasi Baru\nPendukung: LSM Berdaya', { x: 400, y: 200 })
  const orphan = b.note(f4, 'Tanpa penanggung jawab', { x: 700, y: 200 })
  const trained = b.note(f5, 'Peserta terlatih\nAwal: 0\nTarget: 60 orang\nCapaian: 20\nTenggat: 31/12/2027', { x: 100, y: 200 })
  b.note(f5, 'Kelompok aktif', { x: 400, y: 200 })
  b.note(b.page, 'Catatan umum', { x: -1000, y: -1000 })
  const arrows = [b.arrow(budi, orphan), b.arrow(lsm, training), b.arrow(training, trained), b.arrow(trained, kades)]
  return { b, t, ids: { kades, lsm, budi, training, orphan, trained }, arrows }
}

describe('a freeform board in the template', () => {
  const { b, ids, arrows } = freeformBoard()
  const plan = extract(b.records())

  it('matches its golden plan', () => expectGolden('freeform', plan))

  it('reads step-1 notes as stakeholders: lane, grid cell, Sektor: line', () => {
    expect(plan.stakeholders.map((s) => [s.name, s.sector, s.influence, s.interest, s.quadrant])).toEqual([
      ['Bu Kades Sari', 'pemerintah', null, null, null],
      ['LSM Berdaya', 'masyarakat_sipil', 4, 5, 'manage_closely'],
      ['Pak Budi', 'swasta', null, null, null],
    ])
    expect(plan.stakeholders[0]!.role).toBe('Kepala desa')
    expect(plan.stakeholders[2]).toMatchObject({ id: ids.budi, contact: '0812-1111', sources: [ids.budi] })
  })

  it('reads step-2 notes with their cluster, other notes with their step or none', () => {
    expect(plan.notes.map((n) => [n.text, n.step, n.cluster])).toEqual([
      ['Modal usaha', 2, 'needs'],
      ['Catatan fasilitator', 2, null],
      ['Pojok produk', 2, 'ideas'],
      ['Catatan umum', null, null],
    ])
  })

  it('reads step-3 notes by area and prefix, with marks and votes', () => {
    expect(plan.vision.adopted).toMatchObject({ text: 'Desa mandiri', state: 'adopted', votes: null })
    expect(plan.vision.candidates).toMatchObject([{ text: 'Desa wisata', state: 'candidate', votes: 3 }])
    expect(plan.missions.candidates).toMatchObject([{ text: 'Pelatihan keterampilan', state: 'candidate' }])
  })

  it('reads step-4 notes as actions, names matched to stakeholders, arrows as the rule says', () => {
    const [training, market, orphan] = plan.actions
    expect(training).toMatchObject({
      goal: 'Pelatihan menjahit',
      responsible: [{ stakeholderId: ids.kades, name: 'Bu Kades Sari' }],
      supporters: [{ stakeholderId: ids.lsm, name: 'LSM Berdaya' }], // PJ came first: the arrow makes a supporter
      dueDate: '2027-06-30',
      budget: 15_000_000,
      funding: 'apbdes',
      status: 'in_progress',
      sources: [ids.training, arrows[1]],
    })
    expect(market).toMatchObject({ responsible: [{ stakeholderId: null, name: 'Koperasi Baru' }], supporters: [{ stakeholderId: ids.lsm }] })
    expect(orphan).toMatchObject({ responsible: [{ stakeholderId: ids.budi, name: 'Pak Budi' }], sources: [ids.orphan, arrows[0]] })
  })

  it('reads step-5 notes as indicators, linked to actions by arrow', () => {
    expect(plan.indicators[0]).toMatchObject({ indicator: 'Peserta terlatih', baseline: 0, target: 60, current: 20, unit: 'orang', dueDate: '2027-12-31', progress: 33, actionIds: [ids.training], sources: [ids.trained, arrows[2]] })
    expect(plan.indicators[1]).toMatchObject({ indicator: 'Kelompok aktif', target: null, progress: null, actionIds: [] })
  })

  it('lists its problems in plan order', () => {
    expect(findProblems(plan).map((p) => [p.kind, p.label])).toEqual([
      ['actionWithoutDueDate', 'Pasar daring'],
      ['actionWithoutDueDate', 'Tanpa penanggung jawab'],
      ['indicatorWithoutTarget', 'Kelompok aktif'],
    ])
  })
})

describe('frames named only by their title', () => {
  const b = boardBuilder('t')
  const titles = ['Identifikasi Pemangku Kepentingan', 'Forum Diskusi', 'Visi dan Misi', '4 · Action plan', 'Monitor dan Evaluasi']
  const frames = titles.map((name, i) => b.frame(name, { x: i * 1200, y: 0, w: 1000, h: 900 }))
  const [f1, f2, f3, f4, f5] = frames as [TLParentId, TLParentId, TLParentId, TLParentId, TLParentId]
  b.text(f4, 'Rencana Aksi', { x: 40, y: 20 }) // a heading, not an action
  b.text(f1, TEMPLATE_TEXTS.en.hints[0], { x: 40, y: 20 }) // the template's hint, in the other language
  b.geo(f1, 'Pemerintah', { x: 40, y: 600, w: 800, h: 250 }) // a lane drawn by hand: its label is a heading
  b.text(f2, 'Kebutuhan', { x: 40, y: 20 }) // a cluster heading
  const dinas = b.note(f1, 'Dinas Pendidikan', { x: 100, y: 100 })
  b.note(f1, 'Universitas Wilayah B\nPeran: Mentor guru', { x: 400, y: 100 })
  b.note(f2, 'Buku kurang', { x: 100, y: 100 })
  b.note(f3, 'Vision: Every child reads (adopted)', { x: 100, y: 100 })
  const group = b.frame('Kelompok 1', { x: 50, y: 300, w: 500, h: 500 }, undefined, f4)
  const action = b.note(group, 'Reading corners\nOwner: DINAS PENDIDIKAN\nDue: 30/11/2027\nBudget: IDR 250 million', { x: 20, y: 20 })
  b.note(b.page, 'Mentoring guru\nPJ: Universitas Wilayah B', { x: 1200 * 3 + 500, y: 100 }) // on the page, centre inside frame 4
  b.note(f5, 'Guru selesai mentoring\nTarget: 120\nCapaian: 45\nBaseline: 0', { x: 100, y: 100 })
  const plan = extract(b.records())

  it('finds each step by title, in either language, and ignores headings and hints', () => {
    expect(plan.workshop.steps.map((s) => [s.title, s.frameId])).toEqual(titles.map((title, i) => [title, frames[i]]))
    expect(plan.stakeholders.map((s) => [s.name, s.sector])).toEqual([['Dinas Pendidikan', 'pemerintah'], ['Universitas Wilayah B', 'akademisi']])
    expect(plan.notes).toMatchObject([{ text: 'Buku kurang', step: 2, cluster: null }])
    expect(plan.vision.adopted).toMatchObject({ text: 'Every child reads', state: 'adopted' })
  })

  it('reads actions inside a nested frame and on the page over a frame', () => {
    expect(plan.actions).toMatchObject([
      { goal: 'Mentoring guru', responsible: [{ name: 'Universitas Wilayah B' }] },
      { id: action, goal: 'Reading corners', responsible: [{ stakeholderId: dinas, name: 'Dinas Pendidikan' }], dueDate: '2027-11-30', budget: 250_000_000 },
    ])
    expect(plan.indicators).toMatchObject([{ target: 120, current: 45, baseline: 0, progress: 38 }])
  })
})

describe('structured cards only, with dangling references', () => {
  const b = boardBuilder('c')
  const dinas = b.card('stakeholder', b.page, { x: 0, y: 0 }, { name: 'Dinas', sector: 'pemerintah', influence: 5, interest: 2 })
  const unknown = b.card('stakeholder', b.page, { x: 300, y: 0 }, { name: 'Tanpa sektor' })
  const gone = 'shape:gone' as TLShapeId
  const byText = b.card('action', b.page, { x: 0, y: 300 }, { goal: 'A', ownerId: gone, ownerText: 'dinas', supporterIds: [gone, unknown, dinas] })
  const nobody = b.card('action', b.page, { x: 400, y: 300 }, { goal: 'B', ownerId: gone, dueDate: '2027-01-31' })
  b.card('indicator', b.page, { x: 0, y: 600 }, { indicator: 'I', baseline: 10, target: 10, current: 12, actionIds: [gone, nobody, nobody] })
  b.card('statement', b.page, { x: 0, y: 900 }, { kind: 'vision', text: 'V1', state: 'adopted' }, { votes: 7 })
  b.card('statement', b.page, { x: 400, y: 900 }, { kind: 'vision', text: 'V2', state: 'adopted' }, { votes: 2.5 })
  b.card('statement', b.page, { x: 800, y: 900 }, { kind: 'mission', text: 'M', state: 'candidate' }, { votes: -1 })
  const plan = extract(b.records())

  it('resolves owners by id or by name, and skips dangling ids', () => {
    expect(plan.actions[0]).toMatchObject({ id: byText, responsible: [{ stakeholderId: dinas, name: 'Dinas' }], supporters: [{ stakeholderId: unknown }] })
    expect(plan.actions[1]).toMatchObject({ responsible: [], supporters: [] })
    expect(plan.indicators[0]).toMatchObject({ actionIds: [nobody], progress: null })
    expect(plan.stakeholders[0]).toMatchObject({ quadrant: 'keep_satisfied' })
  })

  it('keeps one adopted vision and reads only whole non-negative votes', () => {
    expect(plan.vision.adopted).toMatchObject({ text: 'V1', votes: 7 })
    expect(plan.vision.candidates).toMatchObject([{ text: 'V2', state: 'adopted', votes: null }])
    expect(plan.missions.candidates).toMatchObject([{ text: 'M', votes: null }])
  })

  it('lists each kind of problem', () => {
    expect(findProblems(plan)).toEqual([
      { kind: 'stakeholderWithoutSector', id: unknown, label: 'Tanpa sektor' },
      { kind: 'actionWithoutDueDate', id: byText, label: 'A' },
      { kind: 'actionWithoutOwner', id: nobody, label: 'B' },
    ])
  })
})

describe('a mixed board: an example with notes and arrows added', () => {
  const b = boardBuilder('m')
  const { shapes } = b.example('desa-a', 'id')
  const card = (name: string) => shapes.find((s) => s.type === 'stakeholder' && (s.props as { name: string }).name === name)!
  const frameOf = (step: number) => shapes.find((s) => s.type === 'frame' && s.meta.forumStep === step)!.id
  const lane = shapes.find((s) => s.meta.forumLane === 'masyarakat_sipil')!
  const karang = b.note(frameOf(1), 'Karang Taruna\nPeran: Relawan', { x: lane.x + 600, y: lane.y + 60 })
  const marketing = b.note(frameOf(4), 'Pemasaran bersama\nPJ: koperasi ukm maju BERSAMA\nTenggat: 1 Desember 2027', { x: 1500, y: 900 })
  const firstAction = shapes.find((s) => s.type === 'action')!
  b.arrow(card('BPR setempat').id, marketing)
  b.arrow(karang, firstAction.id)
  b.push({ ...(initialBoardRecords()[1] as TLRecord), id: 'page:second', index: 'a2' } as TLRecord)
  b.note('page:second' as TLParentId, 'Di halaman lain', { x: 0, y: 0 })
  const plan = extract(b.records())

  it('matches its golden plan', () => expectGolden('mixed', plan))

  it('merges notes with cards', () => {
    expect(plan.stakeholders.find((s) => s.id === karang)).toMatchObject({ sector: 'masyarakat_sipil', role: 'Relawan' })
    const koperasi = card('Koperasi UKM Maju Bersama')
    expect(plan.actions.find((a) => a.id === marketing)).toMatchObject({
      responsible: [{ stakeholderId: koperasi.id }],
      supporters: [{ stakeholderId: card('BPR setempat').id }],
      dueDate: '2027-12-01',
    })
    expect(plan.actions.find((a) => a.id === firstAction.id)!.supporters.at(-1)).toEqual({ stakeholderId: karang, name: 'Karang Taruna' })
    expect(plan.notes.at(-1)).toMatchObject({ text: 'Di halaman lain', step: null })
  })
})

describe('boards with nothing to read', () => {
  it.each([['no records', [] as TLRecord[]], ['document and page only', initialBoardRecords()]])('%s: an empty plan with the five steps', (_, records) => {
    const plan = extract(records)
    expect(plan.workshop.steps).toEqual(TEMPLATE_TEXTS.id.steps.map((title, i) => ({ step: i + 1, title, frameId: null })))
    expect([plan.stakeholders, plan.actions, plan.indicators, plan.notes, plan.vision.candidates, plan.missions.adopted]).toEqual([[], [], [], [], [], []])
    expect(plan.vision.adopted).toBeNull()
  })

  it.each(BOARD_LANGUAGES)('the bare template in %s: frames and titles, no entries from its labels and hints', (lang) => {
    const b = boardBuilder()
    const t = b.template(lang)
    const plan = extract(b.records())
    expect(plan.workshop.steps.map((s) => [s.title, s.frameId])).toEqual(TEMPLATE_TEXTS[lang].steps.map((title, i) => [title, t.frames[(i + 1) as 1]]))
    expect([plan.stakeholders, plan.actions, plan.indicators, plan.notes, plan.vision.candidates]).toEqual([[], [], [], [], []])
  })
})

describe('hostile text', () => {
  const b = boardBuilder('h')
  const t = b.template('en')
  const long = 'x'.repeat(2000)
  const html = '<img src=x onerror=alert(1)> **bold** [link](javascript:alert(1))'
  const rtl = '\u202Eموسسه\u202C 👩🏽‍🌾 e\u0301'
  b.card('stakeholder', t.frames[1], { x: 100, y: 200 }, { name: 'Dinas Pendidikan', sector: 'pemerintah' })
  b.note(t.frames[1], `${long}\nSektor: ${long}`, { x: 1400, y: 1090 }) // below the plot: no lane, no cell
  b.note(t.frames[2], html, { x: 100, y: 200 })
  b.note(t.frames[2], rtl, { x: 400, y: 200 })
  b.note(t.frames[4], '=CMD("calc")\nPJ: D\u0069\u0307nas\u200B  PENDIDIKAN\nTenggat: 99/99/9999\nRp ' + '1.'.repeat(1000), { x: 100, y: 200 })
  b.note(t.frames[5], `Target: ${'9'.repeat(1500)}\nAwal: -1e308\nCapaian: NaN`, { x: 100, y: 200 })
  const plan = extract(b.records())

  it('keeps text verbatim, matches names through invisible characters, and reads no nonsense', () => {
    expect(plan.stakeholders[1]).toMatchObject({ name: long, sector: null })
    expect(plan.notes.map((n) => n.text)).toEqual([html, rtl])
    expect(plan.actions[0]).toMatchObject({ goal: '=CMD("calc")', responsible: [{ name: 'Dinas Pendidikan' }], dueDate: null, budget: null })
    expect(plan.indicators[0]).toMatchObject({ target: null, current: null, progress: null })
  })

  it('reads pathological text (no regular expression backtracks on it)', () => {
    // Quadratic backtracking on any of these lines would take minutes and the test would time out; linear reading
    // takes milliseconds. Speed itself is measured in `npm run bench`, not asserted here.
    const n = 20_000
    const huge = [' '.repeat(2 * n), '- '.repeat(n), '1 '.repeat(n), `1${' '.repeat(n)}x`, `Rp ${'1.'.repeat(n)}`, `${'a'.repeat(2 * n)}:`].join('\n')
    const h = boardBuilder('p')
    const frames = h.template('id').frames
    for (const step of [1, 2, 3, 4, 5] as const) h.note(frames[step], `${huge}\n${huge} ✓`, { x: 100, y: 200 })
    const big = extract(h.records())
    expect(big.actions).toHaveLength(1)
  })
})
