import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ConfigError, loadConfig } from './config'
import { lanBanner } from './lanBanner'
import { defaultInstanceId } from './collab/Fanout'
import { createLogger } from './logger'
import { startServer } from './server'

// The built server lives in dist/server/, the built client in dist/client/.
const clientRoot = fileURLToPath(new URL('../client', import.meta.url))

async function main(): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(2)
    }
    throw error
  }
  const instanceId = config.instanceId ?? defaultInstanceId()
  // Every line names the instance, so the logs of several can be read together.
  const log = createLogger(config.logLevel, undefined, { instance: instanceId })
  const running = await startServer({
    host: config.host,
    port: config.port,
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    databaseSchema: config.databaseSchema,
    redisUrl: config.redisUrl,
    redisPrefix: config.redisPrefix,
    instanceId,
    log,
    limits: config.limits,
    ...(existsSync(clientRoot) ? { clientRoot } : {}),
  })
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  log.info('Rembug is listening', {
    url: running.url,
    open: `http://${shownHost}:${running.port}/`,
    storage: running.storage.kind,
    fanout: running.fanout.kind,
    ...(config.databaseUrl ? {} : { dataDir: config.dataDir }),
  })
  // For the person at the laptop: where the phones connect, as text and as a QR code (stdout; the log is stderr).
  process.stdout.write(await lanBanner(config.host, running.port))

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    log.info('shutting down: storing pending edits and closing sockets', { signal })
    const force = setTimeout(() => {
      log.error('shutdown took longer than 10 s; exiting with edits possibly unsaved')
      process.exit(1)
    }, 10_000)
    force.unref()
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('shutdown failed', { error: (error as Error).message })
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

main().catch((error: unknown) => {
  process.stderr.write(`Rembug could not start: ${(error as Error).stack ?? String(error)}\n`)
  process.exit(1)
})
