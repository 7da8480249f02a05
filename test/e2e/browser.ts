import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

/** Debian's Chromium (never a downloaded browser); override with CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** The session cookie's name (docs/API.md). */
export const SESSION_COOKIE = 'rembug_session'

/** A phone held upright (an iPhone 12–15 sized viewport). */
export const PHONE_VIEWPORT = { width: 390, height: 844 }

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

/** What one browser context tried outside the server, and which of its requests failed. */
export interface RequestRecorder {
  foreignRequests: string[]
  failedRequests: string[]
}

export interface IsolatedContext extends RequestRecorder {
  context: BrowserContext
}

/**
 * A browser context (its own storage and cookies: another person) that records every request it makes and refuses
 * any to a host other than `origin`, so a test can assert the app needs nothing beyond the server. `cookie`
 * (`rembug_session=<token>`, as a Set-Cookie answer carries it) starts the context signed in.
 */
export async function isolatedContext(
  browser: Browser,
  origin: string,
  options: { viewport?: { width: number; height: number }; cookie?: string } = {},
): Promise<IsolatedContext> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1200, height: 800 } })
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
    // A WebSocket or fetch torn down by a page reload or navigation is not a failure of the app.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return
    failedRequests.push(`${url} ${request.failure()?.errorText ?? ''}`)
  })
  if (options.cookie) await addSessionCookie(context, origin, options.cookie)
  return { context, foreignRequests, failedRequests }
}

/** Puts a session cookie (`rembug_session=<token>`) from an API answer into a browser context for `origin`. */
export async function addSessionCookie(context: BrowserContext, origin: string, cookie: string): Promise<void> {
  const separator = cookie.indexOf('=')
  const name = cookie.slice(0, separator)
  const value = cookie.slice(separator + 1).split(';')[0]!
  if (name !== SESSION_COOKIE || !value) throw new Error(`not a session cookie: ${cookie}`)
  await context.addCookies([{ name, value, url: origin, httpOnly: true, sameSite: 'Lax' }])
}

/** Waits until the board page has mounted tldraw and is connected. */
export async function waitForBoard(page: Page): Promise<void> {
  await page.waitForFunction(() => Boolean(window.rembug?.editor), undefined, { timeout: 30_000 })
  await page.waitForSelector('[data-testid="connection-state"][data-state="connected"]', { timeout: 30_000 })
}

/** The text of every note on the page, read from tldraw's store, sorted. */
export function noteTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const editor = window.rembug!.editor
    return editor
      .getCurrentPageShapes()
      .filter((shape) => shape.type === 'note')
      .map((shape) => editor.getShapeUtil(shape).getText(shape) ?? '')
      .sort()
  })
}

/**
 * Makes a sticky note as a person would: the note tool (key `n`), a click on the canvas at `at` (page pixels), typing
 * once the note's text editor has focus (as a person waits for the caret), then Escape.
 */
export async function createNoteThroughUi(page: Page, at: { x: number; y: number }, text: string): Promise<void> {
  await page.keyboard.press('n')
  await page.waitForFunction(() => window.rembug!.editor.getCurrentToolId() === 'note', undefined, { timeout: 5_000 })
  await page.mouse.click(at.x, at.y)
  await page.waitForFunction(
    () => {
      const editing = window.rembug!.editor.getEditingShapeId() !== null
      return editing && document.activeElement?.getAttribute('contenteditable') === 'true'
    },
    undefined,
    { timeout: 10_000 },
  )
  await page.keyboard.type(text)
  await page.keyboard.press('Escape')
  await page.waitForFunction(() => window.rembug!.editor.getEditingShapeId() === null, undefined, { timeout: 5_000 })
}
