import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Plugin } from 'vite'

/**
 * Builds `/sw.js` from `client/offline/sw.js` with the list of every file the build put in `assets/`, so the worker
 * keeps the whole app on the device as it installs — the board chunk, the lazily loaded panels, fonts and
 * translations — not only what the first page happened to load. The cache is named after that list: a new build is
 * a new worker, which fills a new cache and drops the old one.
 */
export function serviceWorkerPlugin(source: URL): Plugin {
  return {
    name: 'rembug-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const assets = Object.keys(bundle)
        .filter((fileName) => fileName.startsWith('assets/'))
        .sort()
        .map((fileName) => `/${fileName}`)
      const version = createHash('sha256').update(assets.join('\n')).digest('hex').slice(0, 12)
      const template = readFileSync(source, 'utf8')
      if (!template.includes(CACHE_LINE) || !template.includes(ASSETS_LINE)) {
        throw new Error(`${source.pathname} must contain the lines "${CACHE_LINE}" and "${ASSETS_LINE}"`)
      }
      const code = template
        .replace(CACHE_LINE, `const CACHE = 'rembug-shell-${version}'`)
        .replace(ASSETS_LINE, `const ASSETS = ${JSON.stringify(assets)}`)
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: code })
    },
  }
}

const CACHE_LINE = "const CACHE = 'rembug-shell-dev'"
const ASSETS_LINE = 'const ASSETS = []'
