/** What an API call came back with. `status` 0: no answer at all (offline, the network failed, or it timed out). */
export interface Answer<T = unknown> {
  status: number
  body: T | null
  /** The server's error code (`{"error":{"code":…}}`), if it sent one. */
  code: string | null
  /** Seconds from `Retry-After`, if sent. */
  retryAfter: number | null
}

/**
 * One JSON call to the page's own server with the session cookie; never throws. A weak link can take long to answer
 * (2 s a round trip on slow 2G), so the timeout is generous; past it the call counts as failed, to be retried.
 */
export async function callApi<T>(method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs = 45_000): Promise<Answer<T>> {
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), timeoutMs)
  try {
    const response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
      signal: abort.signal,
    })
    let parsed: unknown = null
    try {
      parsed = await response.json()
    } catch {
      // Not JSON (a proxy's error page): the status says enough.
    }
    const code = (parsed as { error?: { code?: unknown } } | null)?.error?.code
    const retry = Number(response.headers.get('Retry-After'))
    return {
      status: response.status,
      body: response.ok ? (parsed as T) : null,
      code: typeof code === 'string' ? code : null,
      retryAfter: Number.isFinite(retry) && retry > 0 ? retry : null,
    }
  } catch {
    return { status: 0, body: null, code: 'network', retryAfter: null }
  } finally {
    clearTimeout(timer)
  }
}
