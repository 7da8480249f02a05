import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { DEFAULT_PAGE_ID } from '../../shared/boardSchema'
import { ApiError, type ApiErrorBody } from '../../shared/codes'
import { planFromCsv } from '../../shared/plan/fromCsv'
import { PLAN_VERSION, planSchema, type Plan } from '../../shared/plan/model'
import { planToBoard } from '../../shared/plan/toBoard'
import { boardLimitProblems } from '../../shared/plan/toBoardLimits'
import type { AccessService } from '../access/AccessService'
import type { BoardService } from '../boards'
import type { AppEnv } from '../http/env'
import { requireSession } from '../http/session'
import { jsonBody } from '../http/validation'
import { createBoardInput } from './boards'

/** The largest CSV text an import takes (UTF-8 bytes): thousands of actions, far beyond any forum's plan. */
export const MAX_IMPORT_CSV_BYTES = 2 * 1024 * 1024
/** The largest request body: a JSON plan of the most entries a board made from a plan holds, with room to spare. */
const MAX_IMPORT_BODY_BYTES = 8 * 1024 * 1024
/** Problems listed in one answer; the first ones are enough to find what is wrong with a file. */
const MAX_PROBLEMS = 10

const importInput = z
  .object({
    title: createBoardInput.shape.title,
    lang: createBoardInput.shape.lang,
    plan: z.unknown().optional(),
    csv: z
      .string({ message: 'csv must be the text of a plan CSV' })
      .refine((text) => Buffer.byteLength(text, 'utf8') <= MAX_IMPORT_CSV_BYTES, `csv must be at most ${MAX_IMPORT_CSV_BYTES} bytes`)
      .optional(),
  })
  .refine((body) => (body.plan === undefined) !== (body.csv === undefined), 'send either plan (a plan JSON) or csv (the text of a plan CSV), not both')

/** A plan JSON as sent: its version checked first (a newer plan is named as such), then the whole schema. */
export function planFromJson(value: unknown): { plan: Plan } | { errors: string[] } {
  const version = typeof value === 'object' && value !== null ? (value as { version?: unknown }).version : undefined
  if (version !== PLAN_VERSION) {
    const found = version === undefined ? 'no version' : `version ${JSON.stringify(version)}`
    return { errors: [`plan.version: this Rembug reads plan version ${PLAN_VERSION}; the file has ${found}`] }
  }
  const parsed = planSchema.safeParse(value)
  if (parsed.success) return { plan: parsed.data }
  return { errors: parsed.error.issues.map((issue) => `plan.${issue.path.join('.')}: ${issue.message}`) }
}

/** A 400 whose message is the first problems, so a form can show it as it is after its own "cannot import". */
function refuse(errors: string[]): never {
  const shown = errors.slice(0, MAX_PROBLEMS)
  const more = errors.length > shown.length ? ` (and ${errors.length - shown.length} more)` : ''
  throw new ApiError('bad_request', `${shown.join('; ')}${more}`, { problems: shown })
}

/**
 * `POST /api/boards/import`: a new board laid out from a plan (a plan JSON as the export writes it, or the text of
 * the plan CSV), owned by the caller. Accounts only, like every new board.
 */
export function importRoutes(boards: BoardService, access: AccessService) {
  return new Hono<AppEnv>().post(
    '/',
    async (c, next) => {
      // Before the body is read: an anonymous or guest caller never gets to send megabytes.
      const { user } = requireSession(c)
      if (user.kind !== 'account') throw new ApiError('forbidden', 'Only people with an account can create boards.')
      await next()
    },
    bodyLimit({
      maxSize: MAX_IMPORT_BODY_BYTES,
      onError: (c) => {
        const body: ApiErrorBody = { error: { code: 'payload_too_large', message: `The import is larger than ${MAX_IMPORT_BODY_BYTES} bytes.` } }
        return c.json(body, 413)
      },
    }),
    jsonBody(importInput),
    async (c) => {
      const { user } = requireSession(c)
      const { title, lang, plan, csv } = c.req.valid('json')
      const read = csv !== undefined ? planFromCsv(csv) : planFromJson(plan)
      if ('errors' in read) refuse(read.errors)
      const problems = boardLimitProblems(read.plan)
      if (problems.length > 0) refuse(problems)
      const { shapes, bindings } = planToBoard(read.plan, { lang, pageId: DEFAULT_PAGE_ID })
      const board = await boards.create(title, { lang, records: [...shapes, ...bindings] })
      await access.grantOwner(board.id, user.id)
      return c.json({ ...board, role: 'owner' as const }, 201)
    },
  )
}
