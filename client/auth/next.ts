/**
 * Where to go after logging in: the `next` query parameter when it is a path on this site, else `/`. A full URL or a
 * protocol-relative `//host` is refused, so a crafted link cannot send someone to another site.
 *
 * @example
 * nextPath('?next=/b/abc') // → '/b/abc'
 * nextPath('?next=https://evil.example') // → '/'
 */
export function nextPath(search: string = location.search): string {
  const next = new URLSearchParams(search).get('next')
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/'
  return next
}

/** `/login?next=…` for coming back to `path` afterwards. */
export function loginUrl(path: string = location.pathname + location.search, page: 'login' | 'signup' = 'login'): string {
  return path === '/' ? `/${page}` : `/${page}?next=${encodeURIComponent(path)}`
}
