import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiCallError } from '../../api'
import { DraftBackup } from './backup'
import { DraftQueue, type DraftTransport } from './draftQueue'

function memoryStorage() {
  const items = new Map<string, string>()
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  }
}

const note = (id: string, x = 0) => ({ id, typeName: 'shape', type: 'note', x, meta: { draft: true } })

function setup(transport: Partial<DraftTransport> = {}) {
  const put = vi.fn(transport.put ?? (async () => {}))
  const remove = vi.fn(transport.remove ?? (async () => {}))
  const backup = new DraftBackup(memoryStorage(), 'k')
  const refused: string[] = []
  const gaveUp: string[] = []
  const queue = new DraftQueue({
    transport: { put, remove },
    backup,
    onRefused: (id) => refused.push(id),
    onGaveUp: (id) => gaveUp.push(id),
  })
  return { queue, put, remove, backup, refused, gaveUp }
}

describe('DraftQueue', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('sends the latest version of each draft once, 400 ms after its last change, each on its own clock', async () => {
    const { queue, put } = setup()
    queue.put(note('shape:a', 1))
    await vi.advanceTimersByTimeAsync(200)
    queue.put(note('shape:a', 2))
    queue.put(note('shape:b', 1))
    await vi.advanceTimersByTimeAsync(399)
    expect(put).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(put.mock.calls).toEqual([
      ['shape:a', note('shape:a', 2)],
      ['shape:b', note('shape:b', 1)],
    ])
    expect(queue.pending()).toEqual([])
  })

  it('keeps an unconfirmed draft in the backup until the server has that version', async () => {
    let release!: () => void
    const { queue, backup } = setup({ put: () => new Promise<void>((resolve) => (release = resolve)) })
    queue.put(note('shape:a', 1))
    queue.saveBackup()
    expect(backup.all()).toEqual({ 'shape:a': { op: 'put', record: note('shape:a', 1) } })
    await vi.advanceTimersByTimeAsync(400)
    expect(backup.all()['shape:a']).toBeDefined()
    release()
    await vi.advanceTimersByTimeAsync(0)
    expect(backup.all()).toEqual({})
  })

  it('does not send what the server already has (drafts it just listed)', async () => {
    const { queue, put } = setup()
    queue.markAcked(note('shape:a', 1))
    expect(queue.isAcked(note('shape:a', 1))).toBe(true)
    queue.put(note('shape:a', 1))
    await vi.advanceTimersByTimeAsync(400)
    expect(put).not.toHaveBeenCalled()
    queue.put(note('shape:a', 2))
    await vi.advanceTimersByTimeAsync(400)
    expect(put).toHaveBeenCalledTimes(1)
  })

  it('deletes a sent draft, but sends nothing for one the server never heard of', async () => {
    const { queue, put, remove } = setup()
    queue.put(note('shape:a'))
    await vi.advanceTimersByTimeAsync(400)
    queue.remove('shape:a')
    queue.put(note('shape:b'))
    queue.remove('shape:b')
    await vi.advanceTimersByTimeAsync(400)
    expect(put.mock.calls.map(([id]) => id)).toEqual(['shape:a'])
    expect(remove.mock.calls).toEqual([['shape:a']])
  })

  it('sends a change made while a request is out right after it', async () => {
    let release!: () => void
    const { queue, put } = setup({ put: () => new Promise<void>((resolve) => (release = resolve)) })
    queue.put(note('shape:a', 1))
    await vi.advanceTimersByTimeAsync(400)
    queue.put(note('shape:a', 2))
    await vi.advanceTimersByTimeAsync(400)
    expect(put).toHaveBeenCalledTimes(1)
    release()
    await vi.advanceTimersByTimeAsync(0)
    expect(put).toHaveBeenCalledTimes(2)
    expect(put.mock.calls[1]![1]).toEqual(note('shape:a', 2))
  })

  it('on 409 (private drafting off) stops and hands the note back to become an ordinary shape', async () => {
    const { queue, put, refused, backup } = setup({
      put: async () => {
        throw new ApiCallError(409, 'conflict', 'private drafting is off')
      },
    })
    queue.put(note('shape:a'))
    await vi.advanceTimersByTimeAsync(400)
    expect(refused).toEqual(['shape:a'])
    expect(backup.all()).toEqual({})
    await vi.advanceTimersByTimeAsync(60_000)
    expect(put).toHaveBeenCalledTimes(1)
  })

  it('retries network failures with a growing wait, and gives up on other refusals', async () => {
    let failures = 2
    const { queue, put, gaveUp } = setup({
      put: async (id) => {
        if (id === 'shape:bad') throw new ApiCallError(400, 'invalid_record', 'bad')
        if (failures-- > 0) throw new ApiCallError(0, 'network', 'offline')
      },
    })
    queue.put(note('shape:a'))
    queue.put(note('shape:bad'))
    await vi.advanceTimersByTimeAsync(400)
    expect(gaveUp).toEqual(['shape:bad'])
    expect(put).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1000)
    expect(put).toHaveBeenCalledTimes(3)
    await vi.advanceTimersByTimeAsync(1999)
    expect(put).toHaveBeenCalledTimes(3)
    await vi.advanceTimersByTimeAsync(1)
    expect(put).toHaveBeenCalledTimes(4)
    expect(queue.pending()).toEqual([])
  })

  it('forget() cancels what waits for a revealed draft', async () => {
    const { queue, put, backup } = setup()
    queue.put(note('shape:a'))
    queue.saveBackup()
    queue.forget('shape:a')
    await vi.advanceTimersByTimeAsync(1000)
    expect(put).not.toHaveBeenCalled()
    expect(backup.all()).toEqual({})
  })

  it('force sends a version the server has (to learn whether private drafting is still on)', async () => {
    const { queue, put } = setup()
    queue.markAcked(note('shape:a'))
    queue.put(note('shape:a'), { force: true })
    await vi.advanceTimersByTimeAsync(400)
    expect(put).toHaveBeenCalledTimes(1)
  })
})

describe('DraftQueue, more', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it("force-deletes a backup's deletion, and retryNow() skips the rest of a retry wait", async () => {
    let offline = true
    const { queue, remove } = setup({
      remove: async () => {
        if (offline) throw new ApiCallError(0, 'network', 'offline')
      },
    })
    queue.remove('shape:old', { force: true })
    await vi.advanceTimersByTimeAsync(400)
    expect(remove).toHaveBeenCalledTimes(1)
    offline = false
    queue.retryNow()
    await vi.advanceTimersByTimeAsync(0)
    expect(remove).toHaveBeenCalledTimes(2)
    expect(queue.pending()).toEqual([])
  })
})
