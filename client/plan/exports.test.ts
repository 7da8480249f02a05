import { describe, expect, it } from 'vitest'
import {
  expectedBytes,
  exportLanguage,
  fileNameFromDisposition,
  formatBytes,
  IMAGE_MAX_PIXELS,
  IMAGE_MAX_SIDE,
  imageFileName,
  imagePixelRatio,
  planExportPath,
  planFileName,
  progressPercent,
  slugify,
  type HeaderSource,
} from './exports'

const headers = (values: Record<string, string>): HeaderSource => ({ get: (name) => values[name] ?? null })

describe('planExportPath', () => {
  it.each([
    ['json', 'id', '/api/boards/b1/plan'],
    ['md', 'en', '/api/boards/b1/plan.md?lang=en'],
    ['docx', 'id', '/api/boards/b1/plan.docx?lang=id'],
    ['csv', 'en', '/api/boards/b1/plan.csv'],
    ['ics', 'en', '/api/boards/b1/plan.ics'],
  ] as const)('%s in %s → %s', (format, lang, path) => {
    expect(planExportPath('b1', format, lang)).toBe(path)
  })

  it('escapes the board id', () => {
    expect(planExportPath('a/b?c', 'csv', 'id')).toBe('/api/boards/a%2Fb%3Fc/plan.csv')
  })
})

describe('exportLanguage', () => {
  it.each([
    ['en', 'en'],
    ['en-GB', 'en'],
    ['id', 'id'],
    ['fr', 'id'],
    ['', 'id'],
  ])('%s → %s', (ui, lang) => expect(exportLanguage(ui)).toBe(lang))
})

describe('file names', () => {
  it.each([
    ['Forum Desa A: Pemberdayaan Perempuan', 'forum-desa-a-pemberdayaan-perempuan'],
    ['  Café—Wilayah B  ', 'cafe-wilayah-b'],
    ['!!!', 'forum'],
    ['', 'forum'],
    ['a'.repeat(59) + ' bb', 'a'.repeat(59)],
  ])('slugify(%j) → %s', (title, slug) => expect(slugify(title)).toBe(slug))

  it('names plan exports and images after the board, as the server does', () => {
    expect(planFileName('Desa A', 'docx')).toBe('desa-a-rencana.docx')
    expect(planFileName('', 'json')).toBe('forum-rencana.json')
    expect(imageFileName('Desa A', 'png')).toBe('desa-a-papan.png')
    expect(imageFileName('Desa A', 'svg')).toBe('desa-a-papan.svg')
  })
})

describe('fileNameFromDisposition', () => {
  it.each<[string | null, string | null]>([
    [null, null],
    ['inline', null],
    ['attachment; filename="rencana.csv"', 'rencana.csv'],
    ['attachment; filename=rencana.csv', 'rencana.csv'],
    [`attachment; filename="x.csv"; filename*=UTF-8''rencana%20desa%20%C3%A9.csv`, 'rencana desa é.csv'],
    [`attachment; filename*=UTF-8''%E0%A4%A.csv; filename="fallback.csv"`, 'fallback.csv'],
    ['attachment; filename="../../etc/passwd"', '.._.._etc_passwd'],
    ['attachment; filename="say \\"hi\\".md"', 'say "hi".md'],
    ['attachment; filename=".."', null],
  ])('%j → %j', (header, name) => expect(fileNameFromDisposition(header)).toBe(name))
})

describe('expectedBytes and progressPercent', () => {
  it('reads Content-Length, unless the body is compressed or the length is nonsense', () => {
    expect(expectedBytes(headers({ 'Content-Length': '2048' }))).toBe(2048)
    expect(expectedBytes(headers({ 'Content-Length': '2048', 'Content-Encoding': 'identity' }))).toBe(2048)
    expect(expectedBytes(headers({ 'Content-Length': '2048', 'Content-Encoding': 'gzip' }))).toBeNull()
    expect(expectedBytes(headers({}))).toBeNull()
    expect(expectedBytes(headers({ 'Content-Length': '0' }))).toBeNull()
    expect(expectedBytes(headers({ 'Content-Length': '-5' }))).toBeNull()
    expect(expectedBytes(headers({ 'Content-Length': '12abc' }))).toBeNull()
  })

  it.each<[number, number | null, number | null]>([
    [450, 1000, 45],
    [0, 1000, 0],
    [999, 1000, 99],
    [1000, 1000, 99],
    [5000, 1000, 99],
    [10, null, null],
    [10, 0, null],
  ])('%i of %s → %s', (received, total, percent) => expect(progressPercent(received, total)).toBe(percent))
})

describe('formatBytes', () => {
  it.each<[number, 'id' | 'en', string]>([
    [512, 'id', '512 B'],
    [1536, 'id', '1,5 KB'],
    [1536, 'en', '1.5 KB'],
    [20 * 1024, 'en', '20 KB'],
    [3 * 1024 * 1024, 'id', '3 MB'],
  ])('%i in %s → %s', (bytes, lang, text) => expect(formatBytes(bytes, lang)).toBe(text))
})

describe('imagePixelRatio', () => {
  it('draws an ordinary page at 2×', () => {
    expect(imagePixelRatio(1200, 800)).toBe(2)
  })

  it.each([
    [9704, 1324],
    [20_000, 300],
    [5000, 5000],
    [3000, 2500],
  ])('keeps a %i × %i page within the side and pixel limits', (w, h) => {
    const ratio = imagePixelRatio(w, h)
    expect(Math.max(w, h) * ratio).toBeLessThanOrEqual(IMAGE_MAX_SIDE + 1e-6)
    expect(w * h * ratio * ratio).toBeLessThanOrEqual(IMAGE_MAX_PIXELS * (1 + 1e-9))
    expect(ratio).toBeGreaterThan(0.25)
  })

  it('never goes below a quarter, and copes with an empty page', () => {
    expect(imagePixelRatio(200_000, 200_000)).toBe(0.25)
    expect(imagePixelRatio(0, 0)).toBe(2)
  })
})
