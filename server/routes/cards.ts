import { Hono } from 'hono'
import { z } from 'zod'
import { CAN } from '../../shared/access'
import { BOARD_LANGUAGES } from '../../shared/forum/texts'
import type { AccessService } from '../access/AccessService'
import { CARD_CATEGORIES } from '../cards/cardPlacement'
import { CardService } from '../cards/CardService'
import type { RoomManager } from '../collab/RoomManager'
import type { AppEnv } from '../http/env'
import { requireSession } from '../http/session'
import { jsonBody } from '../http/validation'

export const CARD_TEXT_MAX = 500

/** Line breaks as `\n`, no control characters but line breaks and tabs, no run of more than one empty line. */
function cleanText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B\u2028\u2029]/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

export const cardInput = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/, 'id must be 10 to 64 letters, digits, "_" or "-"'),
  text: z
    .string()
    .transform(cleanText)
    .pipe(z.string().min(1, 'text must not be empty').max(CARD_TEXT_MAX, `text must be at most ${CARD_TEXT_MAX} characters`)),
  category: z.enum(CARD_CATEGORIES, { message: `category must be one of ${CARD_CATEGORIES.join(', ')}` }).nullish(),
  lang: z.enum(BOARD_LANGUAGES).optional(),
})

/**
 * `POST /api/boards/:id/cards`: a card from the light card page becomes a sticky note on the board (an editor role
 * at least). Idempotent by the card's id: `201 {created: true}` the first time, `200 {created: false}` after.
 */
export function cardRoutes(access: AccessService, rooms: RoomManager, cards = new CardService(rooms)) {
  return new Hono<AppEnv>().post('/:id/cards', jsonBody(cardInput), async (c) => {
    const { user, session } = requireSession(c)
    const boardId = c.req.param('id')
    await access.require(user, boardId, CAN.edit)
    const { id, text, category, lang } = c.req.valid('json')
    const receipt = await cards.submit(
      boardId,
      { userId: user.id, name: user.name, sessionId: session.id },
      { id, text, category: category ?? null, lang: lang ?? 'id' },
    )
    return c.json(receipt, receipt.created ? 201 : 200)
  })
}
