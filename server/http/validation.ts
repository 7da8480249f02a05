import { validator } from 'hono/validator'
import type { z } from 'zod'
import { ApiError } from '../../shared/codes'

/** A JSON body checked against `schema`; a bad one is a 400 `bad_request` naming what is wrong. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return validator('json', (value): z.infer<T> => {
    const parsed = schema.safeParse(value)
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ')
      throw new ApiError('bad_request', message, parsed.error.issues)
    }
    return parsed.data
  })
}
