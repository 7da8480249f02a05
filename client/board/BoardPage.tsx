import { BoardGate } from './BoardGate'
import { LiveBoard } from './LiveBoard'

/** `/b/:boardId`: the live board, once the server (or, offline, this device) says who may open it as what. */
export default function BoardPage({ boardId }: { boardId: string }) {
  return (
    <BoardGate boardId={boardId} returnTo={`/b/${boardId}`} offline>
      {({ board, me, refresh }) => <LiveBoard board={board} me={me} onRoleChanged={refresh} />}
    </BoardGate>
  )
}
