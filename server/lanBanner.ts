import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os'
import QRCode from 'qrcode'

type Interfaces = Record<string, NetworkInterfaceInfo[] | undefined>

function isPrivate(address: string): boolean {
  return /^10\./.test(address) || /^192\.168\./.test(address) || /^172\.(1[6-9]|2\d|3[01])\./.test(address)
}

/**
 * The addresses other devices on the venue's network can reach this machine at, when the server listens on every
 * interface: IPv4, not loopback, private ranges (the usual Wi-Fi hotspot or router) first.
 *
 * @example
 * lanAddresses() // → ['192.168.1.23']
 */
export function lanAddresses(interfaces: Interfaces = networkInterfaces()): string[] {
  const found = new Set<string>()
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      if (info.family === 'IPv4' && !info.internal && !info.address.startsWith('169.254.')) found.add(info.address)
    }
  }
  return [...found].sort((a, b) => Number(isPrivate(b)) - Number(isPrivate(a)) || a.localeCompare(b, 'en', { numeric: true }))
}

/** The URLs people open to join, for the host the server listens on. */
export function joinUrls(host: string, port: number, interfaces?: Interfaces): string[] {
  if (host === '0.0.0.0' || host === '::') return lanAddresses(interfaces).map((address) => `http://${address}:${port}/`)
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1') return []
  return [`http://${host.includes(':') ? `[${host}]` : host}:${port}/`]
}

/**
 * What the terminal shows a facilitator who runs the hub on a laptop: the address to open on the phones and a QR
 * code of it, or a hint that the server is reachable from this machine only.
 */
export async function lanBanner(host: string, port: number, interfaces?: Interfaces): Promise<string> {
  const urls = joinUrls(host, port, interfaces)
  if (urls.length === 0) {
    return `Rembug: open http://localhost:${port}/ on this computer. To let phones on the same Wi-Fi join, start it with HOST=0.0.0.0.\n`
  }
  const qr = await QRCode.toString(urls[0]!, { type: 'terminal', small: true, errorCorrectionLevel: 'M' })
  const others = urls.slice(1).map((url) => `  also: ${url}\n`).join('')
  return `Rembug on the local network — phones on the same Wi-Fi open:\n\n  ${urls[0]}\n${others}\n${qr}\n`
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\./.test(hostname)
}

/**
 * The base URL participants should open to join (for the projector's join QR): the server's LAN address when it
 * listens on every interface and the request came to a loopback host (the laptop showing the projector page reaches
 * itself as localhost, which no phone can open), else the request's own origin.
 *
 * @example
 * joinBase('0.0.0.0', 'http://localhost:8787/api/hub') // → 'http://192.168.1.23:8787'
 * joinBase('127.0.0.1', 'http://localhost:8787/api/hub') // → 'http://localhost:8787'
 */
export function joinBase(listenHost: string | null, requestUrl: string, interfaces?: Interfaces): string {
  const url = new URL(requestUrl)
  if ((listenHost === '0.0.0.0' || listenHost === '::') && isLoopback(url.hostname)) {
    const [lan] = lanAddresses(interfaces)
    if (lan) return `${url.protocol}//${lan}${url.port ? `:${url.port}` : ''}`
  }
  return url.origin
}
