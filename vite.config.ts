import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'
import { serviceWorkerPlugin } from './client/offline/serviceWorkerPlugin'

const serverPort = Number(process.env.PORT ?? 8787)

/**
 * With DATABASE_URL set (CI sets it), the integration tests of access and the room pipeline run a second time with
 * every test server on PostgreSQL (test/helpers/server.ts reads REMBUG_TEST_STORAGE). Without it the project does not
 * exist, so `npm test` (`--project 'integration*'`) runs on SQLite alone.
 */
const postgresIntegration = process.env.DATABASE_URL
  ? [
      {
        extends: true as const,
        test: {
          name: 'integration-postgres',
          root: '.',
          include: ['test/access.test.ts', 'test/collab.test.ts', 'test/presenceGuard.test.ts'],
          environment: 'node' as const,
          env: { REMBUG_TEST_STORAGE: 'postgres' },
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ]
  : []

// One config for the client build, the dev server and the three test projects.
export default defineConfig({
  root: 'client',
  publicDir: false,
  // The service worker is built into /sw.js (it must keep its name and live at the root) with the build's asset list.
  plugins: [react(), serviceWorkerPlugin(new URL('./client/offline/sw.js', import.meta.url))],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // tldraw alone is ~580 kB gzip; it is split into the lazily loaded board chunk.
    chunkSizeWarningLimit: 3000,
    // Two pages: the app, and the light card page for weak phones (/card/:code; no React, no tldraw).
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('./client/index.html', import.meta.url)),
        card: fileURLToPath(new URL('./client/card.html', import.meta.url)),
      },
    },
  },
  // Its `?url` imports must go through Vite's asset pipeline, which the dependency pre-bundler cannot do.
  optimizeDeps: { exclude: ['@tldraw/assets'] },
  server: {
    port: 5173,
    proxy: {
      // Trailing slashes matter: a bare '/api' prefix would also catch the client's own module /api.ts.
      // The Host header is kept (a string target would rewrite it): the server compares Origin with Host.
      '/api/': { target: `http://127.0.0.1:${serverPort}`, changeOrigin: false },
      '/healthz': { target: `http://127.0.0.1:${serverPort}`, changeOrigin: false },
      '/collab/': { target: `ws://127.0.0.1:${serverPort}`, ws: true },
    },
  },
  test: {
    root: '.',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          root: '.',
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          root: '.',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      ...postgresIntegration,
      {
        extends: true,
        test: {
          name: 'e2e',
          root: '.',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
