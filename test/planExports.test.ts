/**
 * The plan exports: the formatters (server/plan) on hand-written plans, then the routes on a real server with an
 * example board — content, content types, downloads, and the access every route checks.
 */
import JSZip from 'jszip'
import Papa from 'papaparse'
import { afterEach, describe, expect, it } from 'vitest'
import { boardRecords, readRecords } from '../shared/boardDoc'
import { PLAN_CSV_COLUMNS } from '../shared/plan/csvColumns'
import { planFromCsv } from '../shared/plan/fromCsv'
import { planSchema, type Plan } from '../shared/plan/model'
import { planToCsv, UTF8_BOM } from '../server/plan/csv'
import { planToDocx } from '../server/plan/docx'
import { contentDisposition, slugify } from '../server/plan/filename'
import { planToIcs } from '../server/plan/ics'
import { escapeMarkdown, planToMarkdown } from '../server/plan/markdown'
import { SqliteStorage } from '../server/storage/SqliteStorage'
import { desaAPlan, emptyPlan, HOSTILE, hostilePlan } from './fixtures/plans'
import { invite, joinAsGuest, signup, type Person } from './helpers/auth'
import { cleanup, connectPeer, startTestServer, waitFor, withDelayedDocs } from './helpers/server'

afterEach(cleanup)

/** Late on 1 January UTC is already 2 January in Jakarta: the export date is written in WIB. */
const exportedAt = new Date('2027-01-01T20:00:00Z')

function parseCsv(csv: string) {
  expect(csv.startsWith(UTF8_BOM)).toBe(true)
  const parsed = Papa.parse<Record<string, string>>(csv.slice(1), { header: true })
  expect(parsed.errors).toEqual([])
  return parsed
}

/** Each paragraph of a WordprocessingML body: its style and its text (XML entities left as they are). */
function paragraphs(xml: string): Array<{ style: string | null; text: string }> {
  return [...xml.matchAll(/<w:p[ >].*?<\/w:p>/g)].map(([p]) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? null,
    text: [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''),
  }))
}

async function documentXml(bytes: Uint8Array): Promise<{ xml: string; zip: JSZip }> {
  const zip = await JSZip.loadAsync(bytes)
  const xml = await zip.file('word/document.xml')?.async('string')
  if (!xml) throw new Error('no word/document.xml in the DOCX')
  return { xml, zip }
}

const styled = (xml: string, style: string) => paragraphs(xml).filter((p) => p.style === style).map((p) => p.text)

describe('plan.csv', () => {
  it('parses back with exactly the columns of PLAN_CSV_COLUMNS and one row per action, raw values', () => {
    const { data, meta } = parseCsv(planToCsv(desaAPlan))
    expect(meta.fields).toEqual(PLAN_CSV_COLUMNS.map((c) => c.id))
    expect(data).toHaveLength(desaAPlan.actions.length)
    expect(data[0]).toMatchObject({
      id: 'shape:pelatihan',
      responsible: 'Pemerintah Desa A',
      responsible_sector: 'pemerintah',
      supporters: 'Universitas Negeri',
      budget_idr: '5000000',
      funding: 'apbdes',
      start_date: '2027-03-01',
      due_date: '2027-06-30',
      status: 'in_progress',
    })
    // The separator inside a name is replaced, so the cell splits back into the two parties.
    expect(data[1]).toMatchObject({ responsible: 'LSM Perempuan Berdaya; Bank, Desa', supporters: 'Koperasi Maju Bersama; PKK', budget_idr: '80000000' })
    expect(data[2]).toMatchObject({ budget_idr: '', funding: '', due_date: '', status: 'blocked' })
    expect(parseCsv(planToCsv(emptyPlan)).data).toEqual([])
  })

  it('neutralises every formula-looking value and keeps UTF-8 names intact', () => {
    const [a1, a2, a3] = parseCsv(planToCsv(hostilePlan)).data
    expect(a1).toMatchObject({
      strategy: `'${HOSTILE.formula}`,
      people: `'${HOSTILE.plus}`,
      knowledge: `'${HOSTILE.minus}`,
      supporters: `'${HOSTILE.at}`,
      indicator: `'${HOSTILE.tab}`,
      target: `'${HOSTILE.carriageReturn}`,
      responsible: HOSTILE.utf8Name,
      responsible_sector: 'swasta',
      goal: HOSTILE.markdown,
      tactics: HOSTILE.multiline,
    })
    expect(a2!.strategy).toBe(`'${HOSTILE.multilineFormula}`)
    expect(a2!.tactics).toBe('bel vt nul ok')
    expect(a3!.goal).toBe(HOSTILE.utf8Name)
    for (const row of [a1!, a2!, a3!]) {
      for (const [column, cell] of Object.entries(row)) expect(cell, column).not.toMatch(/^[=+\-@\t\r]/)
    }
  })

  it('is read back by the importer (shared/plan/fromCsv) to the same actions', () => {
    const result = planFromCsv(planToCsv(hostilePlan))
    if (!('plan' in result)) throw new Error(result.errors.join('\n'))
    const [a1, a2] = result.plan.actions
    const original = hostilePlan.actions[0]!
    expect(a1).toMatchObject({ id: original.id, goal: original.goal, strategy: original.strategy, people: original.people, indicator: original.indicator, target: original.target })
    expect(a1).toMatchObject({ budget: original.budget, funding: original.funding, startDate: original.startDate, dueDate: original.dueDate, status: original.status })
    expect(a1!.responsible.map((p) => p.name)).toEqual([HOSTILE.utf8Name])
    expect(a2!.responsible.map((p) => p.name)).toEqual(['Dinas, Bappeda, Kota'])
  })
})

describe('plan.md', () => {
  it('shows user text literally: markup, links, HTML, headings and lists are escaped', () => {
    expect(escapeMarkdown(HOSTILE.markdown)).toBe('\\*\\*bold\\*\\* \\[x\\]\\(javascript:alert\\(1\\)\\) \\| pipe')
    const md = planToMarkdown(hostilePlan, { lang: 'id', exportedAt })
    expect(md).toContain('\\*\\*bold\\*\\* \\[x\\]\\(javascript:alert\\(1\\)\\) \\| pipe')
    expect(md).not.toContain('**bold**')
    expect(md).not.toContain('](javascript')
    expect(md).not.toContain('<script>')
    expect(md).toContain('\\<script\\>')
    expect(md).toContain('- \\# Judul palsu (2 suara)')
    expect(md).toContain('- 1\\. bukan daftar')
    expect(md).toContain('| baris satu baris dua baris tiga |')
    expect(md).toContain(HOSTILE.utf8Name)
    expect(md).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/)
  })

  it('keeps its structure: only its own headings, and every table row has as many cells as its header', () => {
    const md = planToMarkdown(hostilePlan, { lang: 'id', exportedAt })
    const headings = md.split('\n').filter((line) => line.startsWith('#'))
    expect(headings).toEqual([
      '# Forum \\<Kota\\> \\& "Désa" 中文 🌾',
      '## Pemangku Kepentingan',
      '### Sektor Swasta',
      '## Visi dan Misi',
      '### Visi',
      '### Misi',
      '## Rencana Aksi',
      '## Monitor dan Evaluasi',
      '## Catatan Diskusi',
      '### 2 · Forum Diskusi',
      '#### Gagasan',
      '#### Malam Diskusi: inspirasi',
    ])
    const cells = (line: string) => line.split(/(?<!\\)\|/).length
    let header: number | null = null
    for (const line of md.split('\n')) {
      if (!line.startsWith('|')) header = null
      else if (header === null) header = cells(line)
      else expect(cells(line), line).toBe(header)
    }
    expect(md.split('\n').filter((line) => line.startsWith('| \\*\\*bold')).length).toBe(2)
  })

  it('writes Indonesian by default and English with lang=en: dates dd/mm/yyyy, rupiah, statuses in words', () => {
    const id = planToMarkdown(desaAPlan, { lang: 'id', exportedAt })
    expect(id).toContain('Rencana Aksi Forum Kemitraan Lokal')
    expect(id).toContain('Tanggal ekspor: 02/01/2027')
    expect(id).toContain('| Melatih 40 perempuan membuat produk olahan pada Juni 2027 | Pelatihan berjenjang |')
    expect(id).toContain('| Rp 5.000.000 | APBDes |')
    expect(id).toContain('| 01/03/2027 | 30/06/2027 |')
    expect(id).toContain('| Berjalan |')
    expect(id).toContain('- Perempuan Desa A mandiri secara ekonomi pada 2030 (9 suara)')
    expect(id).toContain('| Pendapatan rata\\-rata | 1,5 | 3 |')
    expect(id).toContain('### Sektor belum diisi')
    const en = planToMarkdown(desaAPlan, { lang: 'en', exportedAt })
    for (const text of ['## Stakeholders', '## Action Plan', '## Monitoring and Evaluation', 'Exported on: 02/01/2027', '| In progress |', '(9 votes)', '(1 vote)', '| 1.5 | 3 |', '| Specific goal |']) {
      expect(en).toContain(text)
    }
    expect(planToMarkdown(emptyPlan, { lang: 'id', exportedAt })).toContain('Belum ada aksi.')
  })
})

describe('plan.docx', () => {
  it('is a Word file with the report structure in Indonesian by default', async () => {
    const { xml, zip } = await documentXml(await planToDocx(desaAPlan, { lang: 'id', exportedAt }))
    expect(styled(xml, 'Title')).toEqual(['Forum Kemitraan Desa A'])
    expect(styled(xml, 'Heading1')).toEqual(['Pemangku Kepentingan', 'Visi dan Misi', 'Rencana Aksi', 'Monitor dan Evaluasi', 'Catatan Diskusi'])
    expect(styled(xml, 'Heading2')).toEqual(
      expect.arrayContaining(['Pemerintah', 'Masyarakat Sipil', 'Sektor Swasta', 'Akademisi', 'Sektor belum diisi', 'Visi', 'Misi', '2 · Forum Diskusi']),
    )
    const texts = paragraphs(xml).map((p) => p.text)
    for (const text of [
      'Rencana Aksi Forum Kemitraan Lokal',
      'Tanggal ekspor: 02/01/2027',
      'Kelola dengan erat',
      'Perempuan Desa A mandiri secara ekonomi pada 2030 (9 suara)',
      'Anggaran (Rp): Rp 5.000.000',
      'Tenggat: 30/06/2027',
      'Berjalan',
      'APBDes',
      '50%',
      '1,5',
    ]) {
      expect(texts, text).toContain(text)
    }
    // Word's navigation pane finds headings by their outline level.
    expect(await zip.file('word/styles.xml')!.async('string')).toMatch(/w:styleId="Heading1".*?<w:outlineLvl w:val="0"\/>/)
  })

  it('is in English with lang=en', async () => {
    const { xml } = await documentXml(await planToDocx(desaAPlan, { lang: 'en', exportedAt }))
    expect(styled(xml, 'Heading1')).toEqual(['Stakeholders', 'Vision and Mission', 'Action Plan', 'Monitoring and Evaluation', 'Discussion Notes'])
    const texts = paragraphs(xml).map((p) => p.text)
    for (const text of ['Local Partnership Forum Action Plan', 'Exported on: 02/01/2027', 'In progress', 'Manage closely', 'Budget (IDR): Rp 5.000.000']) {
      expect(texts, text).toContain(text)
    }
  })

  it('escapes user text as XML and drops the characters XML forbids', async () => {
    const { xml } = await documentXml(await planToDocx(hostilePlan, { lang: 'id', exportedAt }))
    expect(xml).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;tebal&lt;/b&gt;')
    expect(xml).not.toContain('<script>')
    expect(xml).not.toContain('<b>')
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/)
    expect(styled(xml, 'Title')).toEqual(['Forum &lt;Kota&gt; &amp; &quot;Désa&quot; 中文 🌾'])
    expect(paragraphs(xml).map((p) => p.text)).toContain(HOSTILE.utf8Name)
  })
})

describe('plan.ics', () => {
  const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '')

  it('has one all-day VEVENT per dated action, with a stable UID, the goal and who is responsible', () => {
    const ics = planToIcs(desaAPlan, { lang: 'id' })
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(desaAPlan.actions.filter((a) => a.dueDate).length)
    const text = unfold(ics)
    expect(text).toContain('DTSTART;VALUE=DATE:20270630\r\nDTEND;VALUE=DATE:20270701')
    expect(text).toContain('DTSTART;VALUE=DATE:20271231\r\nDTEND;VALUE=DATE:20280101')
    expect(text).toContain('UID:abcdefghijklmnopqrstuvwx-pelatihan@rembug')
    expect(text).toContain('SUMMARY:Melatih 40 perempuan membuat produk olahan pada Juni 2027')
    expect(text).toContain('DESCRIPTION:Penanggung jawab: Pemerintah Desa A\\nStatus: Berjalan')
    expect(unfold(planToIcs(desaAPlan, { lang: 'en' }))).toContain('DESCRIPTION:Responsible: Pemerintah Desa A\\nStatus: In progress')
    expect(planToIcs(desaAPlan, { lang: 'id' }).match(/UID:.*/g)).toEqual(ics.match(/UID:.*/g))
  })

  it('escapes text, folds at 75 octets and keeps UTF-8 intact', () => {
    const ics = planToIcs(hostilePlan, { lang: 'id' })
    const text = unfold(ics)
    expect(text).toContain(`DESCRIPTION:Penanggung jawab: ${HOSTILE.utf8Name}\\nStatus: Selesai`)
    expect(text).toContain('Penanggung jawab: Dinas\\; Bappeda\\, Kota')
    expect(text).toContain('Target: \\n=1+1')
    for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length, line).toBeLessThanOrEqual(75)
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    expect(planToIcs(emptyPlan, { lang: 'id' })).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR\r\n$/)
  })
})

describe('download names', () => {
  it('are an ASCII slug of the title plus the UTF-8 title (RFC 5987)', () => {
    expect(slugify('Forum Désa A: Perempuan & UKM')).toBe('forum-desa-a-perempuan-ukm')
    expect(slugify('中文 🌾')).toBe('forum')
    expect(contentDisposition('Forum Désa', 'md')).toBe(`attachment; filename="forum-desa-rencana.md"; filename*=UTF-8''Forum%20D%C3%A9sa-rencana.md`)
    expect(contentDisposition('a/b "c" (d)*', 'csv')).toBe(`attachment; filename="a-b-c-d-rencana.csv"; filename*=UTF-8''a-b%20-c-%20%28d%29--rencana.csv`)
  })
})

const FORMATS = [
  { path: 'plan', type: 'application/json; charset=utf-8', extension: 'json' },
  { path: 'plan.md', type: 'text/markdown; charset=utf-8', extension: 'md' },
  { path: 'plan.csv', type: 'text/csv; charset=utf-8', extension: 'csv' },
  { path: 'plan.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  { path: 'plan.ics', type: 'text/calendar; charset=utf-8', extension: 'ics' },
] as const

function get(baseUrl: string, person: Person | null, path: string): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { headers: { origin: baseUrl, ...(person ? { cookie: person.cookie } : {}) } })
}

async function exampleBoard(url: string, owner: Person): Promise<{ id: string }> {
  const response = await fetch(`${url}/api/boards`, {
    method: 'POST',
    headers: { origin: url, cookie: owner.cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Forum Désa A 🌾', template: 'example-desa-a' }),
  })
  expect(response.status).toBe(201)
  return (await response.json()) as { id: string }
}

describe('GET /api/boards/:id/plan…', () => {
  it('answers every format of an example board as a download named after it', async () => {
    const t = await startTestServer()
    const board = await exampleBoard(t.url, t.owner)
    const json = await get(t.url, t.owner, `/api/boards/${board.id}/plan`)
    const plan: Plan = planSchema.parse(await json.json())
    expect(plan.forum).toEqual({ title: 'Forum Désa A 🌾', boardId: board.id })
    expect(plan.actions.length).toBeGreaterThanOrEqual(3)
    for (const format of FORMATS) {
      const response = await get(t.url, t.owner, `/api/boards/${board.id}/${format.path}`)
      expect(response.status, format.path).toBe(200)
      expect(response.headers.get('content-type')).toBe(format.type)
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="forum-desa-a-rencana.${format.extension}"; filename*=UTF-8''Forum%20D%C3%A9sa%20A%20%F0%9F%8C%BE-rencana.${format.extension}`,
      )
      expect(response.headers.get('cache-control')).toBe('private, no-store')
      const bytes = new Uint8Array(await response.arrayBuffer())
      const text = new TextDecoder().decode(bytes)
      if (format.extension === 'csv') expect(parseCsv('\uFEFF' + text.replace(/^\uFEFF/, '')).data).toHaveLength(plan.actions.length)
      if (format.extension === 'csv') expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      if (format.extension === 'md') expect(text).toContain('## Rencana Aksi')
      if (format.extension === 'ics') expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(plan.actions.filter((a) => a.dueDate).length)
      if (format.extension === 'docx') expect(styled((await documentXml(bytes)).xml, 'Heading1')).toContain('Rencana Aksi')
    }
    const english = await get(t.url, t.owner, `/api/boards/${board.id}/plan.md?lang=en`)
    expect(await english.text()).toContain('## Action Plan')
    // An export reads the stored board; it loads no room (one without sockets would never be unloaded).
    expect(t.server.rooms.loadedRoom(board.id)).toBeUndefined()
  })

  it('checks access on every route: 401 without a session, 403 without a role, 200 for a viewer, 404 for no board', async () => {
    const t = await startTestServer()
    const board = await exampleBoard(t.url, t.owner)
    const stranger = await signup(t.url, { name: 'Orang Lain' })
    const viewer = await joinAsGuest(t.url, (await invite(t.url, t.owner, board.id, 'viewer')).code, 'Proyektor')
    for (const format of FORMATS) {
      const path = `/api/boards/${board.id}/${format.path}`
      const anonymous = await get(t.url, null, path)
      expect(anonymous.status, path).toBe(401)
      expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('unauthorized')
      expect((await get(t.url, stranger, path)).status, path).toBe(403)
      expect((await get(t.url, viewer, path)).status, path).toBe(200)
      const unknown = await get(t.url, t.owner, `/api/boards/${'a'.repeat(24)}/${format.path}`)
      expect(unknown.status, path).toBe(404)
      expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('board_not_found')
      expect((await get(t.url, t.owner, `/api/boards/not-a-board/${format.path}`)).status).toBe(404)
    }
  })

  it('refuses an unknown lang with a 400 that says what is allowed', async () => {
    const t = await startTestServer()
    const board = await exampleBoard(t.url, t.owner)
    for (const path of ['plan.md', 'plan.docx', 'plan.ics']) {
      const response = await get(t.url, t.owner, `/api/boards/${board.id}/${path}?lang=fr`)
      expect(response.status, path).toBe(400)
      const body = (await response.json()) as { error: { code: string; message: string } }
      expect(body.error).toMatchObject({ code: 'bad_request', message: 'lang must be one of id, en' })
    }
  })

  it('exports the live doc of a loaded room, edits not yet stored included, without writing to it', async () => {
    // Appends are held back, so an edit sits in the room's doc well before it is in the store.
    const t = await startTestServer({ storage: (dir) => withDelayedDocs(new SqliteStorage(dir), { appendMs: 1_500 }) })
    const board = await exampleBoard(t.url, t.owner)
    const peer = connectPeer(t.wsUrl, board.id)
    await peer.synced
    const card = readRecords(peer.doc).find((r) => r.typeName === 'shape' && r.type === 'action')
    if (!card || card.typeName !== 'shape' || card.type !== 'action') throw new Error('the example has no action card')
    const room = t.server.rooms.loadedRoom(board.id)!
    boardRecords(peer.doc).set(card.id, { ...card, props: { ...card.props, goal: 'Tujuan yang baru saja diubah' } })
    // Looked at through the raw array: `readRecords` would attach a y-utility view to the room's doc.
    const inRoom = () => room.doc.getArray<{ key: string; val: { props?: { goal?: string } } }>('records').toArray().some((e) => e.key === card.id && e.val.props?.goal === 'Tujuan yang baru saja diubah')
    await waitFor(inRoom, 2_000, 'the edit to reach the room\'s doc')

    let serverWrites = 0
    room.doc.on('update', () => serverWrites++)
    const plan = planSchema.parse(await (await get(t.url, t.owner, `/api/boards/${board.id}/plan`)).json())
    expect(room.hasUnsavedChanges).toBe(true)
    expect(plan.actions.find((a) => a.id === card.id)?.goal).toBe('Tujuan yang baru saja diubah')
    expect(serverWrites).toBe(0)
  })
})
