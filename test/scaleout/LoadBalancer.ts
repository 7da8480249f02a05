import { connect, createServer, type Server, type Socket } from 'node:net'
import { freePort } from '../helpers/net'

/**
 * A tiny TCP load balancer on 127.0.0.1 for tests, as one in front of several instances: each new connection goes
 * to the next backend in turn, and to the one after it when that backend refuses (a killed instance). Bytes pass
 * through untouched, so the Host header, the Origin check and WebSocket upgrades work as behind a real one.
 */
export class LoadBalancer {
  private readonly sockets = new Set<Socket>()
  private next = 0
  /** Connections that reached each backend, by port. */
  readonly routed = new Map<number, number>()

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly backends: number[],
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/collab`
  }

  static async start(backends: number[]): Promise<LoadBalancer> {
    const port = await freePort()
    const server = createServer()
    const balancer = new LoadBalancer(server, port, backends)
    server.on('connection', (client) => balancer.route(client))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
    return balancer
  }

  private route(client: Socket): void {
    this.track(client)
    client.pause()
    const first = this.next++ % this.backends.length
    const attempt = (tried: number) => {
      if (tried === this.backends.length || client.destroyed) {
        client.destroy()
        return
      }
      const port = this.backends[(first + tried) % this.backends.length]!
      const upstream = connect(port, '127.0.0.1')
      upstream.once('error', () => attempt(tried + 1))
      upstream.once('connect', () => {
        this.routed.set(port, (this.routed.get(port) ?? 0) + 1)
        this.track(upstream)
        upstream.removeAllListeners('error')
        const end = () => {
          client.destroy()
          upstream.destroy()
        }
        upstream.on('error', end).on('close', end)
        client.on('error', end).on('close', end)
        client.pipe(upstream).pipe(client)
        client.resume()
      })
    }
    attempt(0)
  }

  private track(socket: Socket): void {
    this.sockets.add(socket)
    socket.once('close', () => this.sockets.delete(socket))
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
