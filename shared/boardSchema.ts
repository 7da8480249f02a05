import {
  createTLSchema,
  defaultShapeSchemas,
  DocumentRecordType,
  PageRecordType,
  TLDOCUMENT_ID,
  type TLPageId,
  type TLRecord,
  type TLSchema,
} from '@tldraw/tlschema'
import type { IndexKey } from '@tldraw/utils'
import { cardSchemas } from './forum/cards'
import { powerGridMigrations, powerGridProps } from './forum/grid'

/**
 * The tldraw schema of a Rembug board: every record type and shape a board may hold, with their migrations.
 * The client's editor store and the server build the same schema from this module, so a board written by one is
 * read by the other.
 *
 * @example
 * const schema = createBoardSchema()
 * schema.serialize() // → { schemaVersion: 2, sequences: { 'com.tldraw.shape.geo': 10, … } }
 */
export function createBoardSchema(): TLSchema {
  return createTLSchema({ shapes: { ...defaultShapeSchemas, ...boardShapeSchemas } })
}

/** The shapes a board has beyond tldraw's own: the forum's cards and the power/interest grid. */
export const boardShapeSchemas = {
  ...cardSchemas,
  powergrid: { props: powerGridProps, migrations: powerGridMigrations },
}

/** The id of the single page every new board starts with; tldraw's own default, so no client ever makes a second one. */
export const DEFAULT_PAGE_ID = 'page:page' as TLPageId

/**
 * The records a new, empty board starts with: tldraw's document record and one page. Seeding these on the server
 * means two clients opening a fresh board at once never race to create them.
 *
 * @example
 * initBoardDoc(doc, createBoardSchema(), initialBoardRecords())
 */
export function initialBoardRecords(pageName = 'Page 1'): TLRecord[] {
  return [
    DocumentRecordType.create({ id: TLDOCUMENT_ID }),
    PageRecordType.create({ id: DEFAULT_PAGE_ID, name: pageName, index: 'a1' as IndexKey, meta: {} }),
  ]
}
