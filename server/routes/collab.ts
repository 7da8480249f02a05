import { Hono } from 'hono'
import type { UpgradeWebSocket } from 'hono/ws'
import type { WebSocket } from 'ws'
import { atLeast, CAN } from '../../shared/access'
import type { CloseCodeName } from '../../shared/codes'
import type { AccessService } from '../access/AccessService'
import type { BoardService } from '../boards'
import type { ConnectionHandlers, RoomManager } from '../collab/RoomManager'
import { Connection } from '../collab/Connection'
import { clientAddress, type AppEnv } from '../http/env'

/**
 * `/collab/:boardId`: the y-websocket endpoint. A stock `WebsocketProvider('ws://host/collab', boardId, doc)` connects
 * here unchanged, with the session cookie (and a matching `Origin`, checked before the upgrade). A socket that may
 * not open the board is accepted and closed at once with a named code — 4401 no session, 4403 no role, 4404 no
 * board — which the stock client treats as final. A viewer's socket is read-only, and so is every socket opened with
 * `?view=projector` (the screen in the room never edits, whoever is logged in on it).
 *
 * Before any of that, the socket counts against the server's admission rate: in a reconnect storm the excess is
 * closed with 4531 and a random `retry-after` of 1–5 s, without touching storage. The room manager then holds each
 * board and each remote address (the TCP peer's, never a header) to its number of sockets (4530).
 */
export function collabRoutes(
  boards: BoardService,
  access: AccessService,
  rooms: RoomManager,
  upgradeWebSocket: UpgradeWebSocket<WebSocket>,
) {
  return new Hono<AppEnv>().get(
    '/:boardId',
    upgradeWebSocket(async (c) => {
      const boardId = c.req.param('boardId') ?? ''
      const auth = c.get('auth')
      const address = clientAddress(c)
      const projector = c.req.query('view') === 'projector'
      let refusal: CloseCodeName | null = null
      let detail: string | undefined
      let role = null
      // Only an actual upgrade counts against the admission rate (Hono builds these handlers for any GET).
      const busy = c.req.header('upgrade')?.toLowerCase() === 'websocket' ? rooms.admit() : null
      if (busy) {
        refusal = busy.name
        detail = busy.detail
      } else if (!(await boards.exists(boardId))) refusal = 'boardNotFound'
      else if (!auth) refusal = 'unauthorized'
      else {
        role = await access.roleOf(auth.user.id, boardId)
        if (!atLeast(role, CAN.read)) refusal = 'forbidden'
      }
      let handlers: ConnectionHandlers | null = null
      return {
        onOpen(_event, ws) {
          const socket = ws.raw!
          if (refusal || !auth) {
            new Connection(socket, boardId).close(refusal ?? 'unauthorized', detail)
            return
          }
          const { user } = auth
          handlers = rooms.accept(
            boardId,
            socket,
            {
              userId: user.id,
              sessionId: auth.session.id,
              readOnly: projector || !atLeast(role, CAN.edit),
              person: { userId: user.id, name: user.name, role: role!, sector: user.sector, organisation: user.organisation },
            },
            address,
          )
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
