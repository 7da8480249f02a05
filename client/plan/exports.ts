/**
 * Pure helpers of the plan's downloads: which route serves which format, what the saved file is called, and how far a
 * download has got. No DOM, no fetch: `download.ts` does the I/O.
 */
import { slugify } from '../../shared/plan/fileName'

export { slugify }

/** The plan exports the server writes (docs/API.md): JSON is the plan itself, the others are documents. */
export const PLAN_FORMATS = ['json', 'md', 'csv', 'docx', 'ics'] as const
export type PlanFormat = (typeof PLAN_FORMATS)[number]

/** The board images the client draws itself with tldraw. */
export const IMAGE_FORMATS = ['png', 'svg'] as const
export type ImageFormat = (typeof IMAGE_FORMATS)[number]

export type ExportLanguage = 'id' | 'en'

/** Formats whose words follow the reader's language (the others hold data, or the board's own words). */
const WORDED: ReadonlySet<PlanFormat> = new Set(['md', 'docx'])

/**
 * The route of a plan export, on the page's own origin.
 *
 * @example
 * planExportPath('abc', 'docx', 'en') // → '/api/boards/abc/plan.docx?lang=en'
 * planExportPath('abc', 'json', 'id') // → '/api/boards/abc/plan'
 */
export function planExportPath(boardId: string, format: PlanFormat, lang: ExportLanguage): string {
  const base = `/api/boards/${encodeURIComponent(boardId)}/plan`
  if (format === 'json') return base
  return WORDED.has(format) ? `${base}.${format}?lang=${lang}` : `${base}.${format}`
}

/** The UI language as an export language: English when the person chose it, Bahasa Indonesia otherwise. */
export function exportLanguage(uiLanguage: string): ExportLanguage {
  return uiLanguage.toLowerCase().startsWith('en') ? 'en' : 'id'
}

/** The name a plan export is saved under when the server does not name it (it does: this is the fallback). */
export function planFileName(title: string, format: PlanFormat): string {
  return `${slugify(title)}-rencana.${format}`
}

/** The name a board image is saved under: next to the plan's files, with the same stem. */
export function imageFileName(title: string, format: ImageFormat): string {
  return `${slugify(title)}-papan.${format}`
}

/** A file name from a server's answer must not climb out of the downloads folder or hide in a control character. */
function safeFileName(name: string): string | null {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f]/g, '').replace(/[\\/]/g, '_').trim()
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : null
}

/**
 * The file name of a `Content-Disposition` header (RFC 6266): `filename*` (UTF-8, percent-encoded) wins over
 * `filename`; null when there is none.
 *
 * @example
 * fileNameFromDisposition(`attachment; filename="plan.csv"; filename*=UTF-8''rencana%20desa.csv`) // → 'rencana desa.csv'
 */
export function fileNameFromDisposition(header: string | null): string | null {
  if (!header) return null
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header)
  if (extended) {
    try {
      const name = safeFileName(decodeURIComponent(extended[2]!.trim().replace(/^"|"$/g, '')))
      if (name) return name
    } catch {
      // A malformed escape: fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header)
  if (!plain) return null
  return safeFileName((plain[1] ?? plain[2] ?? '').replace(/\\(.)/g, '$1'))
}

/** Anything with headers: a `Response`, or a test's stand-in. */
export interface HeaderSource {
  get(name: string): string | null
}

/**
 * How many bytes the body will have, or null when unknown. A compressed answer's `Content-Length` counts the
 * compressed bytes while the body stream yields the uncompressed ones, so it says nothing about progress.
 */
export function expectedBytes(headers: HeaderSource): number | null {
  const encoding = headers.get('Content-Encoding')
  if (encoding && encoding.trim().toLowerCase() !== 'identity') return null
  const length = headers.get('Content-Length')
  if (!length || !/^\s*\d+\s*$/.test(length)) return null
  const bytes = Number(length)
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : null
}

/**
 * Whole percent of a download, or null when the size is unknown (show a spinner). Never 100 before the body has
 * ended: a server that under-reported its size must not look finished.
 *
 * @example
 * progressPercent(450, 1000) // → 45
 */
export function progressPercent(received: number, total: number | null): number | null {
  if (total === null || total <= 0) return null
  return Math.max(0, Math.min(99, Math.floor((received / total) * 100)))
}

/**
 * A file size as people read it.
 *
 * @example
 * formatBytes(1536, 'id') // → '1,5 KB'
 */
export function formatBytes(bytes: number, lang: ExportLanguage): string {
  const locale = lang === 'en' ? 'en-GB' : 'id-ID'
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: value < 10 ? 1 : 0 }).format(value)} ${units[unit]}`
}

/** Longest side and most pixels of a board PNG: within what phones' canvases take, and seconds (not tens) to draw. */
export const IMAGE_MAX_SIDE = 8192
export const IMAGE_MAX_PIXELS = 16_000_000

/**
 * The pixel ratio for a PNG of a `width` × `height` page: 2 (sharp on a projector) for an ordinary page, less for a
 * wide board so the image stays within `IMAGE_MAX_SIDE` and `IMAGE_MAX_PIXELS`, never below 0.25.
 *
 * @example
 * imagePixelRatio(1200, 800)  // → 2
 * imagePixelRatio(9704, 1324) // → 0.84…
 */
export function imagePixelRatio(width: number, height: number): number {
  const w = Math.max(1, width)
  const h = Math.max(1, height)
  return Math.max(0.25, Math.min(2, IMAGE_MAX_SIDE / Math.max(w, h), Math.sqrt(IMAGE_MAX_PIXELS / (w * h))))
}
