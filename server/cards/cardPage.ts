import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import { gzipSync } from 'node:zlib'
import { Hono } from 'hono'

/**
 * The files of the light card page in a client build: `card.html` and every asset it loads — the scripts and
 * stylesheets it links (modulepreload included) and, transitively, the modules those scripts import. Paths are
 * relative to the build's root (`assets/card-x.js`). Used to serve the page compressed and to measure its size.
 *
 * @example
 * cardPageFiles('dist/client') // → ['card.html', 'assets/card-BV0zwUzu.js', 'assets/access-DyvQoDbF.js']
 */
export function cardPageFiles(root: string): string[] {
  const files = ['card.html']
  const seen = new Set(files)
  const add = (path: string) => {
    if (seen.has(path) || !existsSync(join(root, path))) return
    seen.add(path)
    files.push(path)
  }
  const html = readFileSync(join(root, 'card.html'), 'utf8')
  for (const match of html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="\/([^"?#]+\.(?:js|css))"/g)) add(match[1]!)
  // Modules the scripts import, statically or lazily (`from"./x.js"`, `import("./x.js")`, `import"./x.js"`).
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!
    if (!file.endsWith('.js')) continue
    const code = readFileSync(join(root, file), 'utf8')
    for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'`](\.{1,2}\/[^"'`]+\.(?:js|css))["'`]/g)) {
      add(posix.normalize(posix.join(posix.dirname(file), match[1]!)))
    }
  }
  return files
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=UTF-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
}

interface Prepared {
  raw: Buffer
  gzip: Buffer
  type: string
  etag: string
}

function prepare(root: string, path: string): Prepared {
  const raw = readFileSync(join(root, path))
  return {
    raw,
    gzip: gzipSync(raw, { level: 9 }),
    type: TYPES[path.slice(path.lastIndexOf('.') + 1)] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 22)}"`,
  }
}

/**
 * `/card/:code` answers the light card page, and its own assets are sent gzipped (compressed once, at start): on
 * slow 2G every kilobyte is most of a second. Other paths fall through to the ordinary static files. Without a
 * `card.html` in the build this serves nothing, and `/card/*` gets the app like any unknown path.
 */
export function cardPageRoutes(root: string) {
  const app = new Hono()
  if (!existsSync(join(root, 'card.html'))) return app
  const [page, ...assetPaths] = cardPageFiles(root)
  const html = prepare(root, page!)
  const assets = new Map(assetPaths.map((path) => [`/${path}`, prepare(root, path)]))

  const send = (file: Prepared, cacheControl: string) => (c: import('hono').Context) => {
    c.header('Cache-Control', cacheControl)
    c.header('Vary', 'Accept-Encoding')
    c.header('ETag', file.etag)
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304)
    c.header('Content-Type', file.type)
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      c.header('Content-Encoding', 'gzip')
      return c.body(new Uint8Array(file.gzip), 200)
    }
    return c.body(new Uint8Array(file.raw), 200)
  }

  app.get('/card/*', send(html, 'no-cache'))
  app.get('/card.html', send(html, 'no-cache'))
  app.get('/assets/*', async (c, next) => {
    const file = assets.get(c.req.path)
    if (!file) return next()
    return send(file, 'public, max-age=31536000, immutable')(c)
  })
  return app
}
