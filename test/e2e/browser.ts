import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

/** Debian's Chromium (never a downloaded browser); override with CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}. Install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH.`)
  }
  return chromium.launch({
    executablePath: chromiumPath,
    // Without the background-networking flags Chromium tries to reach Google's hosts at start.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  })
}

/**
 * A browser context (its own storage: another person) that records every request it makes and refuses any to a
 * host other than `origin`, so a test can assert the app needs nothing beyond the server.
 */
export async function isolatedContext(browser: Browser, origin: string): Promise<{ context: BrowserContext; foreignRequests: string[]; failedRequests: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } })
  const foreignRequests: string[] = []
  const failedRequests: string[] = []
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue()
    foreignRequests.push(url)
    return route.abort('blockedbyclient')
  })
  context.on('requestfailed', (request) => {
    const url = request.url()
    // A WebSocket or fetch torn down by a page reload is not a failure of the app.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return
    failedRequests.push(`${url} ${request.failure()?.errorText ?? ''}`)
  })
  return { context, foreignRequests, failedRequests }
}

/** Stores a display name for the device so the board opens without asking. */
export async function presetIdentity(context: BrowserContext, identity: { id: string; name: string; color: string }): Promise<void> {
  await context.addInitScript((value) => {
    localStorage.setItem('rembug.identity', value)
  }, JSON.stringify(identity))
}

/** Waits until the board page has mounted tldraw and is connected. */
export async function waitForBoard(page: Page): Promise<void> {
  await page.waitForFunction(() => Boolean(window.rembug?.editor), undefined, { timeout: 30_000 })
  await page.waitForSelector('[data-testid="connection-state"][data-state="connected"]', { timeout: 30_000 })
}
