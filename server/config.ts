import { z } from 'zod'
import { defaultCollabLimits, resolveLimits, type CollabLimits } from './collab/limits'

// Digits only: z.coerce.number() turned a blank PORT into 0 (a random port) and accepted '0x1F90' or '1e3'.
const portSchema = z
  .string()
  .trim()
  .regex(/^\d+$/, 'must be a whole number between 0 and 65535')
  .transform(Number)
  .pipe(z.number().max(65535, 'must be between 0 and 65535'))

/** A whole number in [min, max], written in digits only (no sign, exponent, hex or fraction). */
function wholeNumber(min: number, max: number, unit: string) {
  const expected = `must be a whole number of ${unit} from ${min} to ${max}`
  return z.string().trim().regex(/^\d+$/, expected).transform(Number).pipe(z.number().min(min, expected).max(max, expected))
}

const MiB = 1024 * 1024

/** A URL with one of `protocols`; the message never repeats the value (it may hold a password). */
function serviceUrl(protocols: string[], example: string) {
  const expected = `must be a ${protocols.join(' or ')} URL, e.g. ${example}`
  return z
    .string()
    .trim()
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol.replace(/:$/, ''))
      } catch {
        return false
      }
    }, expected)
}

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
  MAX_MESSAGE_BYTES: wholeNumber(4096, 64 * MiB, 'bytes').default(defaultCollabLimits.maxMessageBytes),
  MAX_CONNECTIONS_PER_BOARD: wholeNumber(1, 100_000, 'sockets').default(defaultCollabLimits.maxConnectionsPerBoard),
  MAX_CONNECTIONS_PER_ADDRESS: wholeNumber(1, 100_000, 'sockets').default(defaultCollabLimits.maxConnectionsPerAddress),
  MAX_NEW_CONNECTIONS_PER_SECOND: wholeNumber(1, 100_000, 'sockets a second').default(defaultCollabLimits.admissionRate.perSecond),
  MAX_SOCKET_BUFFER_BYTES: wholeNumber(64 * 1024, 1024 * MiB, 'bytes').default(defaultCollabLimits.hardBufferBytes),
  COMPRESS_ABOVE_BYTES: wholeNumber(0, 64 * MiB, 'bytes').default(defaultCollabLimits.compressAboveBytes),
  DATABASE_URL: serviceUrl(['postgres', 'postgresql'], 'postgres://rembug@db.internal:5432/rembug').optional(),
  DATABASE_SCHEMA: z
    .string()
    .trim()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a PostgreSQL schema name: lower-case letters, digits and _, not starting with a digit')
    .optional(),
  REDIS_URL: serviceUrl(['redis', 'rediss'], 'redis://cache.internal:6379').optional(),
  REDIS_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1 to 64 letters, digits or _ . : -')
    .default('rembug'),
  INSTANCE_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1 to 64 letters, digits or _ . : -')
    .optional(),
})

export interface Config {
  host: string
  port: number
  dataDir: string
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent'
  /** Limits of the collaboration socket: the defaults with the `MAX_*` variables on top. */
  limits: CollabLimits
  /** PostgreSQL for all server state instead of SQLite in `dataDir`. */
  databaseUrl?: string
  /** The PostgreSQL schema for Rembug's tables (created if missing); default: the connection's search_path. */
  databaseSchema?: string
  /** Redis to fan rooms out across instances; without it this instance serves its rooms alone. */
  redisUrl?: string
  /** Prefix of every Redis channel and key, so deployments can share one Redis. */
  redisPrefix: string
  /** This instance's name in logs, metrics and fan-out messages (default: host name, process id and a random part). */
  instanceId?: string
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
      // URLs may carry a password: name them, never print them.
      const shown = key.endsWith('_URL') ? '(value hidden)' : JSON.stringify(env[key])
      return `  ${key}=${shown}: ${issue.message}`
    })
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const { HOST, PORT, DATA_DIR, LOG_LEVEL } = parsed.data
  const limits = resolveLimits({
    maxMessageBytes: parsed.data.MAX_MESSAGE_BYTES,
    maxConnectionsPerBoard: parsed.data.MAX_CONNECTIONS_PER_BOARD,
    maxConnectionsPerAddress: parsed.data.MAX_CONNECTIONS_PER_ADDRESS,
    admissionRate: { perSecond: parsed.data.MAX_NEW_CONNECTIONS_PER_SECOND, burst: 2 * parsed.data.MAX_NEW_CONNECTIONS_PER_SECOND },
    hardBufferBytes: parsed.data.MAX_SOCKET_BUFFER_BYTES,
    compressAboveBytes: parsed.data.COMPRESS_ABOVE_BYTES,
    // Presence is skipped once a quarter of the hard limit is waiting (never later than the default soft limit).
    softBufferBytes: Math.min(defaultCollabLimits.softBufferBytes, Math.floor(parsed.data.MAX_SOCKET_BUFFER_BYTES / 4)),
  })
  const { DATABASE_URL, DATABASE_SCHEMA, REDIS_URL, REDIS_PREFIX, INSTANCE_ID } = parsed.data
  return {
    host: HOST,
    port: PORT,
    dataDir: DATA_DIR,
    logLevel: LOG_LEVEL,
    limits,
    redisPrefix: REDIS_PREFIX,
    ...(DATABASE_URL ? { databaseUrl: DATABASE_URL } : {}),
    ...(DATABASE_SCHEMA ? { databaseSchema: DATABASE_SCHEMA } : {}),
    ...(REDIS_URL ? { redisUrl: REDIS_URL } : {}),
    ...(INSTANCE_ID ? { instanceId: INSTANCE_ID } : {}),
  }
}
