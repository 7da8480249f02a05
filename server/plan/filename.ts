import { slugify } from '../../shared/plan/fileName'
import { printable } from './values'

export { slugify }

/** What every export file is called after the forum's title: `forum-desa-a-rencana.docx`. */
const SUFFIX = '-rencana'

const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f/\\:*?"<>|]+/g

/** RFC 5987 `value-chars`: percent-encoded UTF-8, leaving only `attr-char`s as they are. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * The `Content-Disposition` of an export: `attachment` with an ASCII `filename` every client understands and a
 * `filename*` (RFC 6266 / RFC 5987) carrying the title as written, which current browsers prefer. Characters that
 * no file system takes (`/ \ : * ? " < > |`, controls) are replaced in the UTF-8 name too.
 *
 * @example
 * contentDisposition('Forum Désa', 'md')
 * // → `attachment; filename="forum-desa-rencana.md"; filename*=UTF-8''Forum%20D%C3%A9sa-rencana.md`
 */
export function contentDisposition(title: string, extension: string): string {
  const readable =
    [...printable(title).replace(UNSAFE_IN_NAME, '-').trim()].slice(0, 100).join('') || slugify(title)
  return `attachment; filename="${slugify(title)}${SUFFIX}.${extension}"; filename*=UTF-8''${encodeRfc5987(`${readable}${SUFFIX}.${extension}`)}`
}
