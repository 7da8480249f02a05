/**
 * The service worker (client/offline/sw.js, built into /sw.js) keeps the app shell and every asset on the device,
 * so a page reloaded without a connection still opens. Browsers run service workers only on https and on
 * localhost; on a laptop hub reached over plain http the page keeps working offline as long as it stays open (the
 * board lives in IndexedDB either way).
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return
  navigator.serviceWorker.addEventListener('controllerchange', keepLoadedAssets)
  navigator.serviceWorker
    .register('/sw.js')
    .then(() => keepLoadedAssets())
    .catch((error: unknown) => console.warn('Rembug: no offline shell:', error))
}

/**
 * Asks the worker to keep what this page loaded before the worker controlled it — the board chunk, tldraw's fonts,
 * icons and translations. Called again once the board is open: the board chunk may arrive after the first call.
 */
export function keepLoadedAssets(): void {
  if (!('serviceWorker' in navigator)) return
  void navigator.serviceWorker.ready.then((registration) => {
    const urls = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((url) => url.startsWith(`${location.origin}/assets/`))
    registration.active?.postMessage({ type: 'keep-assets', urls })
  })
}
