import { describe, expect, it } from 'vitest'
import { serviceWorkerPlugin } from './serviceWorkerPlugin'

/** Runs the plugin's generateBundle on a bundle with these file names; returns the emitted /sw.js. */
function build(fileNames: string[]): string {
  const plugin = serviceWorkerPlugin(new URL('./sw.js', import.meta.url))
  const emitted: Array<{ fileName: string; source: string }> = []
  const bundle = Object.fromEntries(fileNames.map((fileName) => [fileName, {}]))
  const hook = plugin.generateBundle as (this: unknown, options: unknown, bundle: unknown) => void
  hook.call({ emitFile: (file: { fileName: string; source: string }) => emitted.push(file) }, {}, bundle)
  expect(emitted.map((file) => file.fileName)).toEqual(['sw.js'])
  return emitted[0]!.source
}

function listed(code: string): { cache: string; assets: string[] } {
  const cache = /const CACHE = '([^']+)'/.exec(code)![1]!
  const assets = JSON.parse(/const ASSETS = (\[.*\])/.exec(code)![1]!) as string[]
  return { cache, assets }
}

describe('the service worker build', () => {
  it('lists every file the build put in assets/, and nothing else', () => {
    const code = build(['index.html', 'card.html', 'assets/BoardSession-abc.js', 'assets/font-x.woff2', 'assets/main-1.css'])
    expect(listed(code).assets).toEqual(['/assets/BoardSession-abc.js', '/assets/font-x.woff2', '/assets/main-1.css'])
    // The rest of the worker is there, with the list filled in where the template had none.
    expect(code).toContain("addEventListener('install'")
    expect(code).not.toContain('const ASSETS = []')
  })

  it('names the cache after the list: a new build is a new cache, the same build the same one', () => {
    const first = listed(build(['assets/a-1.js', 'assets/b-1.css'])).cache
    expect(listed(build(['assets/b-1.css', 'assets/a-1.js'])).cache).toBe(first)
    expect(listed(build(['assets/a-2.js', 'assets/b-1.css'])).cache).not.toBe(first)
    expect(first).toMatch(/^rembug-shell-[0-9a-f]{12}$/)
  })
})
