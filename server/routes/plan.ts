import { Hono, type Context } from 'hono'
import { validator } from 'hono/validator'
import { z } from 'zod'
import { CAN } from '../../shared/access'
import { ApiError } from '../../shared/codes'
import type { AccessService } from '../access/AccessService'
import type { BoardService } from '../boards'
import type { RoomManager } from '../collab/RoomManager'
import type { AppEnv } from '../http/env'
import { requireSession } from '../http/session'
import { planToCsv } from '../plan/csv'
import { planToDocx } from '../plan/docx'
import { contentDisposition } from '../plan/filename'
import { planToIcs } from '../plan/ics'
import { PLAN_LANGUAGES } from '../plan/labels'
import { planToMarkdown } from '../plan/markdown'
import { PlanService } from '../plan/PlanService'
import type { DocStore } from '../storage/types'

export interface PlanRouteDeps {
  boards: BoardService
  access: AccessService
  docs: DocStore
  rooms: RoomManager
}

const reportQuery = z.object({
  lang: z.enum(PLAN_LANGUAGES, { message: `lang must be one of ${PLAN_LANGUAGES.join(', ')}` }).default('id'),
})

/** `?lang=id|en` (default `id`); anything else is a 400 `bad_request` that says what is allowed. */
const reportLanguage = validator('query', (value) => {
  const parsed = reportQuery.safeParse(value)
  if (!parsed.success) throw new ApiError('bad_request', parsed.error.issues.map((i) => i.message).join('; '), parsed.error.issues)
  return parsed.data
})

const CONTENT_TYPES = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  ics: 'text/calendar; charset=utf-8',
} as const

/** An export as a download named after the board; never cached (it holds the board's content, behind a session). */
function download(c: Context<AppEnv>, body: string | Uint8Array<ArrayBuffer>, title: string, extension: keyof typeof CONTENT_TYPES): Response {
  return c.body(body, 200, {
    'Content-Type': CONTENT_TYPES[extension],
    'Content-Disposition': contentDisposition(title, extension),
    'Cache-Control': 'private, no-store',
  })
}

/**
 * `/api/boards/:id/plan…`: the board's structured plan as JSON and as files to share — Markdown, CSV, Word and
 * iCalendar. Each needs the role that reads the board (any role), like `GET /api/boards/:id`.
 */
export function planRoutes({ boards, access, docs, rooms }: PlanRouteDeps) {
  const plans = new PlanService(boards, docs, rooms)
  /** The current plan of the request's board, once the session may read it. */
  const planOf = async (c: Context<AppEnv>) => {
    const id = c.req.param('id')!
    await access.require(requireSession(c).user, id, CAN.read)
    return plans.current(id)
  }

  return new Hono<AppEnv>()
    .get('/:id/plan', async (c) => {
      const { board, plan } = await planOf(c)
      return download(c, JSON.stringify(plan), board.title, 'json')
    })
    .get('/:id/plan.md', reportLanguage, async (c) => {
      const { board, plan } = await planOf(c)
      return download(c, planToMarkdown(plan, { lang: c.req.valid('query').lang }), board.title, 'md')
    })
    .get('/:id/plan.csv', async (c) => {
      const { board, plan } = await planOf(c)
      return download(c, planToCsv(plan), board.title, 'csv')
    })
    .get('/:id/plan.docx', reportLanguage, async (c) => {
      const { board, plan } = await planOf(c)
      return download(c, new Uint8Array(await planToDocx(plan, { lang: c.req.valid('query').lang })), board.title, 'docx')
    })
    .get('/:id/plan.ics', reportLanguage, async (c) => {
      const { board, plan } = await planOf(c)
      return download(c, planToIcs(plan, { lang: c.req.valid('query').lang }), board.title, 'ics')
    })
}
