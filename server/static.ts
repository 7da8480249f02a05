import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { cardPageRoutes } from './cards/cardPage'

/**
 * Serves the built client from `root` (dist/client): hashed files under /assets/ are cached for a year, and every
 * other path that is not a file gets index.html so the client router can handle /b/:boardId (and the projector,
 * /b/:boardId/projector); /card/:code gets the light card page (card.html).
 */
export function staticRoutes(root: string) {
  const app = new Hono()
  const indexPath = join(root, 'index.html')
  if (!existsSync(indexPath)) {
    return app.get('*', (c) =>
      c.text('The client is not built. Run `npm run build` (or `npm start`, which builds first), or use `npm run dev`.', 503),
    )
  }
  const indexHtml = readFileSync(indexPath, 'utf8')
  // The light card page for weak phones: /card/:code gets card.html, and its few assets go out gzipped.
  app.route('/', cardPageRoutes(root))
  app.use(
    '/assets/*',
    serveStatic({
      root,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=31536000, immutable')
      },
    }),
  )
  app.get('/assets/*', (c) => c.text('Not found', 404))
  app.use('*', serveStatic({ root }))
  app.get('*', (c) => {
    c.header('Cache-Control', 'no-cache')
    return c.html(indexHtml)
  })
  return app
}
