// Rembug's service worker: keeps the app shell and its assets on the device, so a page reloaded without a
// connection still opens (the board itself comes from IndexedDB). Plain JavaScript, served from /sw.js; the build
// (client/offline/serviceWorkerPlugin.ts) fills in the two lines below: the cache's name and every asset file.
// Nothing of the API, the board socket or another origin passes through it.
const CACHE = 'rembug-shell-dev'
const ASSETS = []
/** Navigations are answered by one of these documents when the network is gone. */
const SHELLS = { card: '/card.html', app: '/index.html' }

// Installed means the whole app is on the device (asset files the browser already has come from its HTTP cache). An
// asset that fails to download does not fail the install: the page asks for what it loaded again later.
self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([SHELLS.app]).then(() => Promise.all(ASSETS.map((path) => keep(cache, new URL(path, self.location.origin).href)))))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  )
})

function shellFor(url) {
  return url.pathname.startsWith('/card/') ? SHELLS.card : SHELLS.app
}

async function networkFirstShell(request) {
  const url = new URL(request.url)
  const cache = await caches.open(CACHE)
  try {
    const response = await fetch(request)
    // Only a real page is worth keeping (not an error page from a proxy).
    if (response.ok && (response.headers.get('content-type') ?? '').includes('text/html')) await cache.put(shellFor(url), response.clone())
    return response
  } catch (error) {
    const cached = await cache.match(shellFor(url))
    if (cached) return cached
    throw error
  }
}

/**
 * Stores a response once its whole body is here. A download cut halfway (the Wi-Fi went) must not end up in the
 * cache: putting a response that is still streaming can leave the entry missing when the stream breaks.
 */
async function putWhole(cache, request, response) {
  const body = await response.blob()
  await cache.put(request, new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers }))
}

/**
 * The cached copy, else one downloaded through `keep` (so a file the install is fetching already is not fetched twice),
 * else the network's answer as it is (an error, or a download that failed).
 */
async function cacheFirst(request) {
  const cache = await caches.open(CACHE)
  const cached = await cache.match(request)
  if (cached) return cached
  await keep(cache, request.url)
  return (await cache.match(request)) ?? fetch(request)
}

/** Assets being fetched to be kept, by URL: the page may ask for the same ones several times while they download. */
const keeping = new Map()

function keep(cache, url) {
  let pending = keeping.get(url)
  if (!pending) {
    pending = (async () => {
      if (await cache.match(url)) return
      const response = await fetch(url)
      if (response.ok) await putWhole(cache, url, response)
    })()
      .catch(() => undefined)
      .finally(() => keeping.delete(url))
    keeping.set(url, pending)
  }
  return pending
}

// The page sends the assets it loaded before this worker controlled it.
self.addEventListener('message', (event) => {
  const data = event.data
  if (!data || data.type !== 'keep-assets' || !Array.isArray(data.urls)) return
  const urls = data.urls.filter((url) => typeof url === 'string' && new URL(url).origin === self.location.origin && new URL(url).pathname.startsWith('/assets/'))
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(urls.map((url) => keep(cache, url)))))
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/collab/') || url.pathname === '/healthz' || url.pathname === '/sw.js') return
  if (request.mode === 'navigate') {
    event.respondWith(networkFirstShell(request))
  } else if (url.pathname.startsWith('/assets/')) {
    // Hashed file names: a cached copy is always the right one.
    event.respondWith(cacheFirst(request))
  }
})
