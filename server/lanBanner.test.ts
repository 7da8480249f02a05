import type { NetworkInterfaceInfo } from 'node:os'
import { describe, expect, it } from 'vitest'
import { joinUrls, lanAddresses, lanBanner } from './lanBanner'

function v4(address: string, internal = false): NetworkInterfaceInfo {
  return { address, family: 'IPv4', internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: `${address}/24` }
}
const v6: NetworkInterfaceInfo = { address: 'fe80::1', family: 'IPv6', internal: false, netmask: 'ffff:ffff:ffff:ffff::', mac: '00:00:00:00:00:00', cidr: 'fe80::1/64', scopeid: 2 }

const laptop = {
  lo: [v4('127.0.0.1', true)],
  docker0: [v4('100.64.0.1')],
  wlan0: [v4('192.168.43.17'), v6],
  usb0: [v4('169.254.10.2')],
}

describe('the laptop hub banner', () => {
  it('lists the LAN addresses, private ones first, without loopback, IPv6 or link-local', () => {
    expect(lanAddresses(laptop)).toEqual(['192.168.43.17', '100.64.0.1'])
  })

  it('gives join URLs only when other devices can reach the server', () => {
    expect(joinUrls('0.0.0.0', 8787, laptop)).toEqual(['http://192.168.43.17:8787/', 'http://100.64.0.1:8787/'])
    expect(joinUrls('127.0.0.1', 8787, laptop)).toEqual([])
    expect(joinUrls('10.0.0.5', 80, laptop)).toEqual(['http://10.0.0.5:80/'])
  })

  it('prints the address and a QR code of it for the phones', async () => {
    const text = await lanBanner('0.0.0.0', 8787, laptop)
    expect(text).toContain('http://192.168.43.17:8787/')
    expect(text).toContain('also: http://100.64.0.1:8787/')
    // The terminal QR code is drawn with block characters.
    expect(text).toMatch(/[▀▄█]/)
  })

  it('explains how to open the hub to the network when it listens on loopback only', async () => {
    expect(await lanBanner('127.0.0.1', 8787, laptop)).toContain('HOST=0.0.0.0')
  })
})
