import { z } from 'zod'

// Digits only: z.coerce.number() turned a blank PORT into 0 (a random port) and accepted '0x1F90' or '1e3'.
const portSchema = z
  .string()
  .trim()
  .regex(/^\d+$/, 'must be a whole number between 0 and 65535')
  .transform(Number)
  .pipe(z.number().max(65535, 'must be between 0 and 65535'))

const configSchema = z.object({
  HOST: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .regex(/^[A-Za-z0-9.:\-[\]]+$/, 'must be a host name or an IP address, e.g. 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  PORT: portSchema.default(8787),
  DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
})

export interface Config {
  host: string
  port: number
  dataDir: string
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent'
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/**
 * Reads the server's settings from the environment. Empty variables count as unset. A bad value throws a
 * `ConfigError` whose message names the variable, the value and what is expected.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(configSchema.shape)
      .map((key) => [key, env[key]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  )
  const parsed = configSchema.safeParse(relevant)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0])
      return `  ${key}=${JSON.stringify(env[key])}: ${issue.message}`
    })
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const { HOST, PORT, DATA_DIR, LOG_LEVEL } = parsed.data
  return { host: HOST, port: PORT, dataDir: DATA_DIR, logLevel: LOG_LEVEL }
}
