import i18next from 'i18next'
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import type { Editor } from 'tldraw'
import { beforeAll, describe, expect, it } from 'vitest'
import { emptyFacilitation, type FacilitationState, type VoteState } from '../../../shared/facilitation/state'
import { tallyBallots } from '../../../shared/facilitation/votes'
import type { BoardSession } from '../../board/BoardSession'
import { cardShapesId } from '../../cards/labels'
import { id as messagesId } from '../../i18n/id'
import { ResultsList } from './ResultsList'
import { VotePanel } from './VotePanel'

const i18n = i18next.createInstance()

beforeAll(async () => {
  await i18n.use(initReactI18next).init({
    resources: { id: { translation: { sectors: messagesId.sectors, cardShapes: cardShapesId } } },
    lng: 'id',
    interpolation: { escapeValue: false },
  })
})

const shapes: Record<string, { id: string; type: string; props: Record<string, unknown> }> = {
  'shape:frame': { id: 'shape:frame', type: 'frame', props: { name: 'Visi & Misi' } },
  'shape:vision': { id: 'shape:vision', type: 'statement', props: { kind: 'vision', text: 'Desa yang setara', state: 'candidate' } },
  'shape:note': { id: 'shape:note', type: 'note', props: {} },
}

/** Just what the components ask of the editor. */
const editor = {
  getShape: (id: string) => shapes[id],
  getOnlySelectedShape: () => null,
  getShapeUtil: () => ({ getText: () => 'Sekolah untuk semua' }),
} as unknown as Editor

const session = { boardId: 'b1' } as unknown as BoardSession

const revealed: VoteState = {
  id: 'v1',
  frameId: 'shape:frame',
  dots: 3,
  status: 'revealed',
  openedAt: 1,
  candidates: ['shape:note', 'shape:vision'],
  voters: 5,
  results: tallyBallots([
    { userId: 'u1', sector: 'pemerintah', dots: { 'shape:vision': 2 } },
    { userId: 'u2', sector: 'masyarakat_sipil', dots: { 'shape:vision': 1 } },
    { userId: 'u3', sector: 'swasta', dots: { 'shape:vision': 1, 'shape:note': 1 } },
    { userId: 'u4', sector: 'akademisi', dots: { 'shape:vision': 1 } },
    { userId: 'u5', sector: null, dots: { 'shape:note': 3 } },
  ]),
}

const render = (node: React.ReactNode) => renderToStaticMarkup(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>)
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ')

describe('vote results and the facilitator panel (static render)', () => {
  it('lists candidates by dots with totals, sector bars, the consent mark, and Adopt for a statement only with onAdopt', () => {
    const html = render(<ResultsList editor={editor} vote={revealed} onAdopt={() => {}} />)
    const words = text(html)
    expect(words).toContain('5 orang memilih')
    expect(words.indexOf('Desa yang setara')).toBeLessThan(words.indexOf('Sekolah untuk semua'))
    expect(words).toContain('#1 Desa yang setara 5 titik')
    expect(words).toContain('#2 Sekolah untuk semua 4 titik')
    expect(words.match(/didukung keempat sektor/g)).toHaveLength(2) // the filter's label and the one consent row
    expect(html.match(/class="vote-bar-segment"/g)).toHaveLength(4 + 2)
    expect(words).toContain('Tanpa sektor')
    expect(words).toContain('Sektor Swasta')
    expect(html.match(/class="vote-adopt"/g)).toHaveLength(1)
    expect(render(<ResultsList editor={editor} vote={revealed} />)).not.toContain('vote-adopt')
  })

  it('shows the running vote with its controls, and offers a new vote on the phase frame when none runs', () => {
    const open: FacilitationState = { ...emptyFacilitation, vote: { ...revealed, status: 'open', voters: undefined, results: undefined } }
    const running = text(render(<VotePanel session={session} editor={editor} state={open} />))
    expect(running).toContain('Sedang berjalan')
    expect(running).toContain('0 orang sudah memilih')
    expect(running).toContain('Pada bingkai Visi & Misi, 3 titik per orang')
    expect(running).toContain('Tampilkan hasil')
    expect(running).toContain('Tutup (tanpa titik baru)')

    const idle: FacilitationState = { ...emptyFacilitation, phase: { step: 3, frameId: 'shape:frame', startedAt: 1 } }
    const html = render(<VotePanel session={session} editor={editor} state={idle} />)
    expect(text(html)).toContain('Bingkai tahap sekarang: Visi & Misi')
    expect(html).toMatch(/<button type="submit" class="vote-primary">Buka pemungutan suara<\/button>/)
    const none = render(<VotePanel session={session} editor={editor} state={emptyFacilitation} />)
    expect(none).toMatch(/<button type="submit" class="vote-primary" disabled="">/)
  })
})
