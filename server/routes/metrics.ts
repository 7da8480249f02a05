import { Hono } from 'hono'
import type { Metrics } from '../metrics'

/** `/metrics`: Prometheus text format (counts and timings only: no board ids, no people). */
export function metricsRoutes(metrics: Metrics) {
  return new Hono().get('/', async (c) => {
    c.header('Content-Type', metrics.contentType)
    return c.body(await metrics.render())
  })
}
