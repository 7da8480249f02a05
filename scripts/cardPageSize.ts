/**
 * `npm run size:card` (run by `npm run build:client`): the light card page's weight as a phone on slow 2G receives
 * it — `dist/client/card.html` plus every script and stylesheet it loads, each gzipped (as the server sends them,
 * server/cards/cardPage.ts). Prints the total against the budget and fails the build when it is over.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { cardPageFiles } from '../server/cards/cardPage'

const BUDGET_KB = 50
const root = resolve(process.argv[2] ?? 'dist/client')

let files: string[]
try {
  files = cardPageFiles(root)
} catch (error) {
  console.error(`Light card page: cannot read ${join(root, 'card.html')} (${(error as Error).message}). Build the client first.`)
  process.exit(1)
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1)
let total = 0
let raw = 0
for (const file of files) {
  const body = readFileSync(join(root, file))
  const gzip = gzipSync(body, { level: 9 }).byteLength
  total += gzip
  raw += body.byteLength
  console.log(`  ${file.padEnd(40)} ${kb(body.byteLength).padStart(7)} KB  → ${kb(gzip).padStart(6)} KB gzip`)
}
const over = total > BUDGET_KB * 1024
console.log(`Light card page: ${kb(total)} KB gzip (budget ${BUDGET_KB} KB) — ${files.length} files, ${kb(raw)} KB uncompressed${over ? ' — OVER BUDGET' : ''}`)
process.exit(over ? 1 : 0)
