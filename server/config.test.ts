import { describe, expect, it } from 'vitest'
import { defaultCollabLimits } from './collab/limits'
import { ConfigError, loadConfig } from './config'

/** The ConfigError `loadConfig(env)` throws, failing the test when it throws nothing or something else. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return error as ConfigError
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`)
}

describe('loadConfig', () => {
  it('uses HOST 127.0.0.1, PORT 8787, DATA_DIR ./data and LOG_LEVEL info when nothing is set', () => {
    expect(loadConfig({})).toEqual({ host: '127.0.0.1', port: 8787, dataDir: './data', logLevel: 'info', limits: defaultCollabLimits, redisPrefix: 'rembug' })
  })

  it('takes valid overrides from the environment', () => {
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '3000', DATA_DIR: '/var/lib/rembug', LOG_LEVEL: 'debug' })).toEqual({
      host: '0.0.0.0',
      port: 3000,
      dataDir: '/var/lib/rembug',
      logLevel: 'debug',
      limits: defaultCollabLimits,
      redisPrefix: 'rembug',
    })
  })

  it('takes DATABASE_URL, REDIS_URL, REDIS_PREFIX and INSTANCE_ID for running several instances', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://rembug:secret@db.internal:5432/rembug',
      DATABASE_SCHEMA: 'forum_a',
      REDIS_URL: 'redis://cache.internal:6379/0',
      REDIS_PREFIX: 'forum-a',
      INSTANCE_ID: 'node-1',
    })
    expect(config).toMatchObject({
      databaseUrl: 'postgres://rembug:secret@db.internal:5432/rembug',
      databaseSchema: 'forum_a',
      redisUrl: 'redis://cache.internal:6379/0',
      redisPrefix: 'forum-a',
      instanceId: 'node-1',
    })
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/rembug', REDIS_URL: 'rediss://cache:6380' })).toMatchObject({
      databaseUrl: 'postgresql://db/rembug',
      redisUrl: 'rediss://cache:6380',
    })
    expect(loadConfig({})).not.toHaveProperty('databaseUrl')
    expect(loadConfig({})).not.toHaveProperty('redisUrl')
  })

  it.each([
    ['DATABASE_URL', 'mysql://root:hunter2@db/rembug'],
    ['DATABASE_URL', 'not a url hunter2'],
    ['REDIS_URL', 'http://hunter2@cache:6379'],
  ])('rejects %s=%s with a message naming the variable but never its value (it may hold a password)', (name, value) => {
    const error = configError({ [name]: value })
    expect(error.message).toContain(name)
    expect(error.message).not.toContain('hunter2')
  })

  it.each([['REDIS_PREFIX'], ['INSTANCE_ID'], ['DATABASE_SCHEMA']])('rejects a %s with spaces or slashes', (name) => {
    expect(configError({ [name]: 'a b/c' }).message).toContain(name)
  })

  it('accepts host names and IPv6 addresses as HOST', () => {
    expect(loadConfig({ HOST: 'localhost' }).host).toBe('localhost')
    expect(loadConfig({ HOST: '::' }).host).toBe('::')
    expect(loadConfig({ HOST: 'rembug.example-forum.id' }).host).toBe('rembug.example-forum.id')
  })

  it('accepts the PORT bounds 0 and 65535', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0)
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535)
  })

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ HOST: '', PORT: '', DATA_DIR: '', LOG_LEVEL: '' })).toEqual(loadConfig({}))
  })

  it('ignores variables it does not know', () => {
    expect(loadConfig({ PATH: '/usr/bin', NODE_ENV: 'production' })).toEqual(loadConfig({}))
  })

  it('trims PORT like the other variables', () => {
    expect(loadConfig({ PORT: ' 8080 ' }).port).toBe(8080)
  })

  it.each(['abc', '70000', '-1', '3.5', '65536', '   ', '0x1F90', '1e3'])('rejects PORT=%s with a ConfigError naming PORT and the value', (port) => {
    const error = configError({ PORT: port })
    expect(error.message).toContain('PORT')
    expect(error.message).toContain(JSON.stringify(port))
    expect(error.message).not.toContain('HOST')
  })

  it.each(['my host', 'host/path', 'http://x', 'a;b'])('rejects HOST=%j with a ConfigError naming HOST and the value', (host) => {
    const error = configError({ HOST: host })
    expect(error.message).toContain('HOST')
    expect(error.message).toContain(JSON.stringify(host))
  })

  it('rejects an unknown LOG_LEVEL, naming it', () => {
    const error = configError({ LOG_LEVEL: 'verbose' })
    expect(error.message).toContain('LOG_LEVEL')
    expect(error.message).toContain('"verbose"')
  })

  it('names every bad variable when several are wrong', () => {
    const error = configError({ HOST: 'bad host', PORT: 'abc' })
    expect(error.message).toContain('HOST="bad host"')
    expect(error.message).toContain('PORT="abc"')
  })
})

describe('loadConfig: collaboration limits', () => {
  it('takes the collaboration limits from the MAX_* variables', () => {
    const { limits } = loadConfig({
      MAX_MESSAGE_BYTES: '262144',
      MAX_CONNECTIONS_PER_BOARD: '300',
      MAX_CONNECTIONS_PER_ADDRESS: ' 40 ',
      MAX_NEW_CONNECTIONS_PER_SECOND: '20',
      MAX_SOCKET_BUFFER_BYTES: '8388608',
      COMPRESS_ABOVE_BYTES: '0',
    })
    expect(limits).toEqual({
      ...defaultCollabLimits,
      maxMessageBytes: 262_144,
      maxConnectionsPerBoard: 300,
      maxConnectionsPerAddress: 40,
      admissionRate: { perSecond: 20, burst: 40 },
      hardBufferBytes: 8_388_608,
      compressAboveBytes: 0,
    })
  })

  it('keeps the soft buffer limit below a small hard limit', () => {
    const { limits } = loadConfig({ MAX_SOCKET_BUFFER_BYTES: '65536' })
    expect(limits.hardBufferBytes).toBe(65_536)
    expect(limits.softBufferBytes).toBe(16_384)
  })

  it('treats empty limit variables as unset', () => {
    expect(loadConfig({ MAX_MESSAGE_BYTES: '', MAX_CONNECTIONS_PER_BOARD: '' }).limits).toEqual(defaultCollabLimits)
  })

  it.each([
    ['MAX_MESSAGE_BYTES', '1mb'],
    ['MAX_MESSAGE_BYTES', '100'],
    ['MAX_MESSAGE_BYTES', '1e6'],
    ['MAX_MESSAGE_BYTES', '999999999999'],
    ['MAX_CONNECTIONS_PER_BOARD', '0'],
    ['MAX_CONNECTIONS_PER_BOARD', '-5'],
    ['MAX_CONNECTIONS_PER_BOARD', '2.5'],
    ['MAX_CONNECTIONS_PER_ADDRESS', 'many'],
    ['MAX_CONNECTIONS_PER_ADDRESS', '0'],
    ['MAX_NEW_CONNECTIONS_PER_SECOND', '0'],
    ['MAX_NEW_CONNECTIONS_PER_SECOND', '0x10'],
    ['MAX_SOCKET_BUFFER_BYTES', '1024'],
    ['COMPRESS_ABOVE_BYTES', '-1'],
    ['COMPRESS_ABOVE_BYTES', '16k'],
  ])('rejects %s=%j with a ConfigError naming it, the value and the range', (name, value) => {
    const error = configError({ [name]: value })
    expect(error.message).toContain(`${name}=${JSON.stringify(value)}`)
    expect(error.message).toMatch(/must be a whole number of .+ from \d+ to \d+/)
  })

  it('names every bad limit when several are wrong', () => {
    const error = configError({ MAX_CONNECTIONS_PER_BOARD: 'x', MAX_CONNECTIONS_PER_ADDRESS: '0', PORT: 'abc' })
    expect(error.message).toContain('MAX_CONNECTIONS_PER_BOARD="x"')
    expect(error.message).toContain('MAX_CONNECTIONS_PER_ADDRESS="0"')
    expect(error.message).toContain('PORT="abc"')
  })
})
