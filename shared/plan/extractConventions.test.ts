import { toRichText } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import { stepOfTitle } from './extractSteps'
import { readAction, readIndicator, readLines, readStakeholder, readStatement, ACTION_FIELDS } from './freeform'
import { findDate, findMoney, fold, parseQuantity, richTextToPlain } from './text'

// Each convention of docs/PLAN.md, one row per way of writing it, in both board languages: text → the fields it fills.

describe('action conventions (step 4)', () => {
  it.each([
    ['Indonesian, all fields', 'Pelatihan menjahit\nPJ: Pemerintah Desa\nMulai: 01/02/2027\nTenggat: 30-06-2027\nAnggaran: Rp 45.000.000\nDana: APBDes\nStatus: berjalan\nIndikator: Perempuan terlatih\nTarget: 60 orang\nStrategi: Bertahap\nTaktik: 3 angkatan\nTenaga: 2 instruktur\nPengetahuan: Menjahit',
      { goal: 'Pelatihan menjahit', responsible: ['Pemerintah Desa'], startDate: '2027-02-01', dueDate: '2027-06-30', budget: 45_000_000, funding: 'apbdes', status: 'in_progress', indicator: 'Perempuan terlatih', target: '60 orang', strategy: 'Bertahap', tactics: '3 angkatan', people: '2 instruktur', knowledge: 'Menjahit' }],
    ['English, all fields', 'Sewing training\nOwner: Village Government\nStart: 2027-02-01\nDue: 30 June 2027\nBudget: IDR 45 million\nFunding: donor grant\nStatus: done\nIndicator: Women trained\nTarget: 60 women\nStrategy: Step by step\nTactics: 3 cohorts\nPeople: 2 trainers\nKnowledge: Sewing',
      { goal: 'Sewing training', responsible: ['Village Government'], startDate: '2027-02-01', dueDate: '2027-06-30', budget: 45_000_000, funding: 'donor', status: 'done', indicator: 'Women trained', target: '60 women', strategy: 'Step by step', tactics: '3 cohorts', people: '2 trainers', knowledge: 'Sewing' }],
    ['Penanggung jawab + Batas waktu', 'Pojok baca\nPenanggung jawab: Yayasan\nBatas waktu: 31 Desember 2026', { responsible: ['Yayasan'], dueDate: '2026-12-31' }],
    ['Responsible + Due (month first)', 'Reading corners\nResponsible: Foundation\nDue: December 31, 2026', { responsible: ['Foundation'], dueDate: '2026-12-31' }],
    ['date with dots, abbreviated month', 'X\nTenggat: 31.12.2026\nMulai: 1 Des 2026', { dueDate: '2026-12-31', startDate: '2026-12-01' }],
    ['an impossible date is none', 'X\nTenggat: 31/02/2026', { dueDate: null }],
    ['"5 juta" anywhere is the budget', 'Sewa tenda 5 juta untuk acara', { budget: 5_000_000, goal: 'Sewa tenda 5 juta untuk acara' }],
    ['"Rp 5.000.000" anywhere is the budget', 'Cetak modul\nkira-kira Rp 5.000.000', { budget: 5_000_000, tactics: 'kira-kira Rp 5.000.000' }],
    ['a line that is only an amount is the budget, not tactics', 'Modal Rp 10 juta per kelompok\nRp 80 juta\nSeleksi proposal', { budget: 80_000_000, tactics: 'Seleksi proposal' }],
    ['a bare number line is no amount', 'Cetak buku\n2027', { budget: null, tactics: '2027' }],
    ['numbers without Rp or a unit are no money', 'Latih 8 kelompok dan 60 orang', { budget: null }],
    ['Biaya / Cost', 'A\nBiaya: 7,5 juta', { budget: 7_500_000 }],
    ['Dana with an amount is a budget', 'A\nDana: Rp 2 juta', { budget: 2_000_000, funding: null }],
    ['Dana: CSR + swadaya (first named wins)', 'A\nSumber dana: CSR dan swadaya', { funding: 'csr' }],
    ['Funding: something else is other', 'A\nFunding: church collection', { funding: 'other' }],
    ['Dana: APBD', 'A\nDana: APBD kabupaten', { funding: 'apbd' }],
    ['Status words, Indonesian', 'A\nStatus: terhambat', { status: 'blocked' }],
    ['Status words, English', 'A\nStatus: in progress', { status: 'in_progress' }],
    ['"belum selesai" is in progress', 'A\nStatus: belum selesai', { status: 'in_progress' }],
    ['unknown status is planned', 'A\nStatus: ???', { status: 'planned' }],
    ['deadline in running text', 'Latih 60 perempuan sebelum 30 Juni 2027', { dueDate: '2027-06-30' }],
    ['deadline in English running text', 'Train 60 women by 30 June 2027', { dueDate: '2027-06-30' }],
    ['several PJ lines and Pendukung', 'A\nPJ: Dinas\nPJ: LSM\nPendukung: Kampus; Koperasi', { responsible: ['Dinas', 'LSM'], supporters: ['Kampus; Koperasi'] }],
    ['labels with bullets, bold and odd case', '- **pj:** Dinas\n• TENGGAT : 01/03/2027\n* Taktik：rapat', { responsible: ['Dinas'], dueDate: '2027-03-01', tactics: 'rapat' }],
    ['an empty value leaves the line free', 'A\nPJ:', { responsible: [], tactics: 'PJ:' }],
    ['unknown labels are free text', 'Rapat warga\nCatatan: bawa KTP', { goal: 'Rapat warga', tactics: 'Catatan: bawa KTP' }],
  ])('%s', (_, text, expected) => {
    expect(readAction(text)).toMatchObject(expected)
  })
})

describe('indicator conventions (step 5)', () => {
  it.each([
    ['Indonesian', 'Guru terlatih\nAwal: 0\nTarget: 120 guru\nCapaian: 45\nTenggat: 15/12/2027', { indicator: 'Guru terlatih', baseline: 0, target: 120, current: 45, unit: 'guru', dueDate: '2027-12-15' }],
    ['English', 'Teachers trained\nBaseline: 0\nTarget: 120\nCurrent: 45\nUnit: teachers\nDue: 2027-12-15', { indicator: 'Teachers trained', baseline: 0, target: 120, current: 45, unit: 'teachers', dueDate: '2027-12-15' }],
    ['Satuan wins over the target\'s words', 'A\nTarget: 80 persen\nSatuan: %', { target: 80, unit: '%' }],
    ['percent', 'Siswa lancar membaca\nNilai awal: 62%\nTarget: 80%\nRealisasi: 68%', { baseline: 62, target: 80, current: 68, unit: '%' }],
    ['Indonesian grouping and decimals', 'A\nTarget: 12.000 buku\nAwal: 0,4', { target: 12_000, baseline: 0.4, unit: 'buku' }],
    ['English grouping and decimals', 'A\nTarget: 12,000 books\nBaseline: 1.5', { target: 12_000, baseline: 1.5 }],
    ['money as a target', 'Pendapatan tambahan\nTarget: Rp 750 ribu', { target: 750_000, unit: 'Rp' }],
    ['Indikator: label names it', 'Indikator: Kelas dengan pojok baca', { indicator: 'Kelas dengan pojok baca', target: null }],
    ['no number, no target', 'A\nTarget: banyak', { target: null, unit: '' }],
  ])('%s', (_, text, expected) => {
    expect(readIndicator(text)).toMatchObject(expected)
  })
})

describe('stakeholder conventions (step 1)', () => {
  it.each([
    ['Sektor label', 'Bu Sari\nSektor: Swasta\nPeran: Pemasok kain', { name: 'Bu Sari', sector: 'swasta', role: 'Pemasok kain' }],
    ['Sector label', 'Mrs Sari\nSector: Civil society\nRole: Fabric supplier', { name: 'Mrs Sari', sector: 'masyarakat_sipil', role: 'Fabric supplier' }],
    ['a line that is a sector name', 'Pak Budi\nAkademisi\nMeneliti dampak', { sector: 'akademisi', role: 'Meneliti dampak' }],
    ['a sector word in the name', 'LSM Perempuan Berdaya', { sector: 'masyarakat_sipil' }],
    ['a sector word in English', 'Local university gender centre', { sector: 'akademisi' }],
    ['government words', 'Dinas Pendidikan', { sector: 'pemerintah' }],
    ['the label wins over words', 'Bank Desa\nSektor: Pemerintah', { sector: 'pemerintah' }],
    ['no sector', 'Pak Budi', { sector: null, influence: null, interest: null }],
    ['scores, organisation and contact', 'Pak Budi\nPengaruh: 4\nKepentingan: 2\nLembaga: Koperasi\nKontak: 0812', { influence: 4, interest: 2, organisation: 'Koperasi', contact: '0812' }],
    ['English scores; out of range is none', 'Mr Budi\nInfluence: 5\nInterest: 9', { influence: 5, interest: null }],
  ])('%s', (_, text, expected) => {
    expect(readStakeholder(text)).toMatchObject(expected)
  })
})

describe('statement conventions (step 3)', () => {
  it.each([
    ['Visi prefix', 'Visi: Desa mandiri', { kind: 'vision', text: 'Desa mandiri', adopted: false }],
    ['Mission prefix', 'Mission: Train women', { kind: 'mission', text: 'Train women', adopted: false }],
    ['numbered Misi', 'Misi 2: Membuka pasar', { kind: 'mission', text: 'Membuka pasar' }],
    ['✓ at the end', 'Misi: Membuka akses modal ✓', { kind: 'mission', text: 'Membuka akses modal', adopted: true }],
    ['✔ at the start', '✔ Vision: Every child reads', { kind: 'vision', text: 'Every child reads', adopted: true }],
    ['(disepakati)', 'Visi: Desa mandiri (disepakati)', { text: 'Desa mandiri', adopted: true }],
    ['(adopted)', 'Vision: Every child reads (Adopted)', { text: 'Every child reads', adopted: true }],
    ['[x]', '[x] Misi: Mentoring guru', { adopted: true }],
    ['Status: disepakati', 'Visi: A\nStatus: disepakati', { text: 'A', adopted: true }],
    ['votes', 'Visi: A\nSuara: 12', { votes: 12 }],
    ['English votes', 'Vision: A\nVotes: 3', { votes: 3 }],
    ['no prefix', 'Desa yang adil', { kind: null, text: 'Desa yang adil' }],
    ['a ✓ inside the text is no mark', 'Cek ✓ lalu lanjut', { adopted: false }],
  ])('%s', (_, text, expected) => {
    expect(readStatement(text)).toMatchObject(expected)
  })
})

describe('text primitives', () => {
  it('reads rich text: paragraphs, hard breaks, lists, marks, blank lines', () => {
    expect(richTextToPlain(toRichText('a\n\nb'))).toBe('a\n\nb')
    const doc = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Judul' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'PJ: ', marks: [{ type: 'bold' }] }, { type: 'text', text: 'Dinas' }, { type: 'hardBreak' }, { type: 'text', text: 'Tenggat: 1/1/2027' }] },
        { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'satu' }] }] }, { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'dua' }] }] }] },
      ],
    }
    expect(richTextToPlain(doc)).toBe('Judul\nPJ: Dinas\nTenggat: 1/1/2027\nsatu\ndua')
  })

  it('reads anything else as no text, and stops at absurd depth', () => {
    for (const value of [null, undefined, 42, 'text', [], { type: 'doc' }, { type: 'doc', content: 'x' }, { type: 'doc', content: [null, 3, 'x'] }]) {
      expect(richTextToPlain(value)).toBe('')
    }
    let deep: Record<string, unknown> = { type: 'text', text: 'deep' }
    for (let i = 0; i < 200; i++) deep = { type: 'paragraph', content: [deep] }
    expect(richTextToPlain({ type: 'doc', content: [deep] })).toBe('')
  })

  it('folds case, diacritics, punctuation and invisible characters', () => {
    expect(fold('  Séktor\u200B Swasta!! ')).toBe('sektor swasta')
    expect(fold('Visi & Misi')).toBe(fold('visi · misi'))
  })

  it('finds dates, money and quantities', () => {
    expect(findDate('rapat 5 Mei 2027 di balai')?.iso).toBe('2027-05-05')
    expect(findDate('12345/12/20261')).toBeNull()
    expect(findMoney('harga 2,5 jt')).toBe(2_500_000)
    expect(findMoney('8 kelompok, 2026')).toBeNull()
    expect(parseQuantity('−5 poin')).toEqual({ value: -5, unit: 'poin' })
    expect(parseQuantity('9'.repeat(500))).toEqual({ value: null, unit: '' })
  })

  it('recognises labels in readLines only when allowed', () => {
    expect(readLines('Target: 5\nSektor: Swasta', ACTION_FIELDS).map((l) => l.field)).toEqual(['target', null])
  })
})

describe('step titles', () => {
  it.each([
    ['Rencana Aksi', 4], ['4 · Action plan', 4], ['Langkah 4: Rencana aksi', 4], ['Visi dan Misi', 3], ['VISI & MISI', 3],
    ['Monitor dan Evaluasi', 5], ['5. Monitoring & Evaluation', 5], ['Identifikasi Pemangku Kepentingan', 1], ['Stakeholders', 1],
    ['1 · Pemangku Kepentingan', 1], ['Forum diskusi', 2], ['Step 2 — Discussion Forum', 2],
  ] as const)('%s → step %d', (title, step) => {
    expect(stepOfTitle(title)?.step).toBe(step)
  })

  it.each(['Rencana Aksi Desa', 'Catatan', '', '4', 'Aksi'])('%j is no step title', (title) => {
    expect(stepOfTitle(title)).toBeNull()
  })
})
