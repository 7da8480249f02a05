import type { TLShape } from '@tldraw/tlschema'
import { STEPS, type Step } from '../forum/template'
import { BOARD_LANGUAGES, TEMPLATE_TEXTS, type BoardLanguage } from '../forum/texts'
import type { PlanStep } from './model'
import { fold } from './text'

/**
 * Which step a frame holds when its meta does not say (a board drawn by hand, or a template frame copied without
 * meta): its name, in either language, compared after folding and with the step number dropped. And which text
 * shapes are the template's own words (hints, headings, region labels) rather than something a participant wrote.
 */

/** The names people give the five steps, besides the template's own (TEMPLATE_TEXTS), in the article's words too. */
const STEP_TITLES: Record<BoardLanguage, Record<Step, readonly string[]>> = {
  id: {
    1: ['Pemangku Kepentingan', 'Identifikasi Pemangku Kepentingan', 'Pemetaan Pemangku Kepentingan', 'Identifikasi Stakeholder'],
    2: ['Forum Diskusi', 'Diskusi'],
    3: ['Visi dan Misi', 'Visi Misi', 'Visi dan Misi Bersama'],
    4: ['Rencana Aksi', 'Rencana Tindak Lanjut'],
    5: ['Monitor dan Evaluasi', 'Monitoring dan Evaluasi', 'Pemantauan dan Evaluasi', 'Monev'],
  },
  en: {
    1: ['Stakeholders', 'Stakeholder', 'Identify Stakeholders', 'Stakeholder Identification', 'Stakeholder Mapping'],
    2: ['Discussion Forum', 'Discussion', 'Forum Discussion'],
    3: ['Vision and Mission', 'Shared Vision and Mission', 'Vision Mission'],
    4: ['Action Plan', 'Action Planning'],
    5: ['Monitoring and Evaluation', 'Monitor and Evaluate', 'Monitoring', 'M&E'],
  },
}

/** "Langkah 4 · Rencana Aksi", "4. Rencana aksi", "Step 4: Action plan" and "Rencana Aksi" share one key. */
function titleKey(text: string): string {
  return fold(text)
    .replace(/^(?:(?:langkah|tahap|bagian|step|part)\s+)?\d+\s*/, '')
    .split(' ')
    .filter((word) => word !== 'dan' && word !== 'and')
    .join(' ')
}

const TITLE_INDEX = new Map<string, { step: Step; lang: BoardLanguage }>()
for (const lang of BOARD_LANGUAGES) {
  for (const step of STEPS) {
    for (const title of [TEMPLATE_TEXTS[lang].steps[step - 1]!, ...STEP_TITLES[lang][step]]) {
      const key = titleKey(title)
      if (!TITLE_INDEX.has(key)) TITLE_INDEX.set(key, { step, lang })
    }
  }
}

/**
 * The step a frame's name stands for, in either language, or `null`. Case, diacritics, punctuation, "dan"/"and" and a
 * leading step number do not matter; other words do ("Rencana Aksi Desa" is no step title).
 *
 * @example
 * stepOfTitle('4 · Action plan')       // → { step: 4, lang: 'en' }
 * stepOfTitle('Monitor dan Evaluasi')  // → { step: 5, lang: 'id' }
 */
export function stepOfTitle(name: string): { step: Step; lang: BoardLanguage } | null {
  const key = titleKey(name)
  return key.length > 0 ? (TITLE_INDEX.get(key) ?? null) : null
}

const HINTS = new Set(BOARD_LANGUAGES.flatMap((lang) => TEMPLATE_TEXTS[lang].hints.map(fold)))
const REGION_LABELS = new Set(
  BOARD_LANGUAGES.flatMap((lang) => {
    const texts = TEMPLATE_TEXTS[lang]
    return [...Object.values(texts.sectors), ...Object.values(texts.clusters), ...Object.values(texts.areas)].map(fold)
  }),
)

/**
 * Whether a text or geo shape is part of the template rather than content: a step's hint (a text shape with the
 * template's hint, in either language), or a heading that is only a step title or a lane, cluster or area name
 * ("Visi", "Kebutuhan", "4 · Rencana Aksi"). Notes are always content.
 *
 * @example
 * isTemplateText(hintShape, TEMPLATE_TEXTS.id.hints[0]) // → true
 */
export function isTemplateText(shape: TLShape, text: string): boolean {
  if (shape.type === 'note') return false
  const folded = fold(text)
  if (shape.type === 'text' && HINTS.has(folded)) return true
  return REGION_LABELS.has(folded) || stepOfTitle(text) !== null
}

/** A frame that holds one of the five steps. */
export interface StepFrameInfo {
  id: TLShape['id']
  step: Step
  name: string
  /** The step came from `meta.forumStep` (a template frame) rather than from the name. */
  byMeta: boolean
  /** The language its name is in, when the name is a known title. */
  lang: BoardLanguage | null
}

/**
 * `workshop.steps`: the five steps, each with its frame and that frame's name as title. Where a step has several
 * frames, a template frame (meta) goes before one named by hand, then board order. A step with no frame gets the
 * template's title in the board's language (the language most frame names are in; Indonesian by default).
 *
 * @example
 * workshopSteps(indexBoard(records).frames)[3] // → { step: 4, title: '4 · Rencana Aksi', frameId: 'shape:…' }
 */
export function workshopSteps(frames: readonly StepFrameInfo[]): PlanStep[] {
  const en = frames.filter((frame) => frame.lang === 'en').length
  const id = frames.filter((frame) => frame.lang === 'id').length
  const lang: BoardLanguage = en > id ? 'en' : 'id'
  return STEPS.map((step) => {
    const frame = frames.filter((f) => f.step === step).sort((a, b) => Number(b.byMeta) - Number(a.byMeta))[0]
    const title = frame?.name.trim() || TEMPLATE_TEXTS[lang].steps[step - 1]!
    return { step, title, frameId: frame?.id ?? null }
  })
}
