import { Hono } from 'hono'
import type { UpgradeWebSocket } from 'hono/ws'
import type { WebSocket } from 'ws'
import type { BoardService } from '../boards'
import type { ConnectionHandlers, RoomManager } from '../collab/RoomManager'
import { Connection } from '../collab/Connection'

/**
 * `/collab/:boardId`: the y-websocket endpoint. A stock `WebsocketProvider('ws://host/collab', boardId, doc)` connects
 * here unchanged. An unknown board is accepted and closed at once with `boardNotFound` (4404), which the stock
 * client treats as final.
 */
export function collabRoutes(boards: BoardService, rooms: RoomManager, upgradeWebSocket: UpgradeWebSocket<WebSocket>) {
  return new Hono().get(
    '/:boardId',
    upgradeWebSocket(async (c) => {
      const boardId = c.req.param('boardId') ?? ''
      const exists = await boards.exists(boardId)
      let handlers: ConnectionHandlers | null = null
      return {
        onOpen(_event, ws) {
          const socket = ws.raw!
          if (!exists) {
            new Connection(socket).close('boardNotFound')
            return
          }
          handlers = rooms.accept(boardId, socket)
        },
        onMessage(event) {
          if (!handlers) return
          const data = event.data
          handlers.onMessage(data instanceof ArrayBuffer ? new Uint8Array(data) : String(data))
        },
        onClose() {
          handlers?.onClose()
        },
      }
    }),
  )
}
