import { request } from '../../api'

const drafts = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}/drafts`

/** The private-drafting routes of docs/API.md: the caller's own hidden notes. */
export const draftsApi = {
  list: (boardId: string) => request<{ drafts: Array<{ shapeId: string; record: unknown }> }>('GET', drafts(boardId)).then((r) => r.drafts),
  /** Keeps (or replaces) a hidden note; 409 `conflict` when private drafting is off. */
  put: (boardId: string, shapeId: string, record: unknown) =>
    request<unknown>('PUT', `${drafts(boardId)}/${encodeURIComponent(shapeId)}`, { record }).then(() => undefined),
  remove: (boardId: string, shapeId: string) => request<void>('DELETE', `${drafts(boardId)}/${encodeURIComponent(shapeId)}`),
}
