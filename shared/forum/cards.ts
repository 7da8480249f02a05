import { shapeIdValidator, type RecordProps, type TLPropsMigrations, type TLShape, type TLShapeId } from '@tldraw/tlschema'
import { T } from '@tldraw/validate'
import { SECTORS, type Sector } from '../access'

/**
 * The forum's structured cards: tldraw shapes whose props hold the method's fields (docs/PROTOCOL.md §9). Their
 * validators run everywhere a record is checked — in the editor, and on the server before an update is accepted —
 * so a card with a bad field never reaches anyone's board.
 */

/** Longest text of a one-line field (a name, an organisation, a unit). */
export const SHORT_TEXT_MAX = 200
/** Longest text of a free-text field (a goal, a strategy, a statement). */
export const LONG_TEXT_MAX = 2000
/** Most shape references one card may hold (supporters, linked actions). */
export const MAX_LINKS = 50
/** Rupiah amounts are whole numbers up to a thousand trillion (far above any regional budget line). */
export const MAX_RUPIAH = 1e15

export const FUNDING_SOURCES = ['apbd', 'apbdes', 'csr', 'donor', 'swadaya', 'other'] as const
export type FundingSource = (typeof FUNDING_SOURCES)[number]
export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'blocked'] as const
export type ActionStatus = (typeof ACTION_STATUSES)[number]
export const STATEMENT_KINDS = ['vision', 'mission'] as const
export type StatementKind = (typeof STATEMENT_KINDS)[number]
export const STATEMENT_STATES = ['candidate', 'adopted'] as const
export type StatementState = (typeof STATEMENT_STATES)[number]

function textOf(max: number) {
  return T.string.check(`at most ${max} characters`, (value) => {
    if (value.length > max) throw new T.ValidationError(`Expected at most ${max} characters, got ${value.length}`)
  })
}

const shortText = textOf(SHORT_TEXT_MAX)
const longText = textOf(LONG_TEXT_MAX)

/** A score on the forum's 1–5 scales (influence, interest). */
const score = T.integer.check('1 to 5', (value) => {
  if (value < 1 || value > 5) throw new T.ValidationError(`Expected a whole number from 1 to 5, got ${value}`)
})

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Whether `value` is a calendar date written `YYYY-MM-DD` (how every card stores dates; people see dd/mm/yyyy). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

const isoDate = T.string.check('YYYY-MM-DD', (value) => {
  if (!isIsoDate(value)) throw new T.ValidationError(`Expected a date written YYYY-MM-DD, got "${value.slice(0, 40)}"`)
})

const rupiah = T.integer.check('whole rupiah', (value) => {
  if (value < 0 || value > MAX_RUPIAH) throw new T.ValidationError(`Expected a whole amount from 0 to ${MAX_RUPIAH}, got ${value}`)
})

const finite = T.number.check('finite', (value) => {
  if (!Number.isFinite(value)) throw new T.ValidationError('Expected a finite number')
})

const shapeLinks = T.arrayOf(shapeIdValidator).check(`at most ${MAX_LINKS}`, (value) => {
  if (value.length > MAX_LINKS) throw new T.ValidationError(`Expected at most ${MAX_LINKS} links, got ${value.length}`)
})

const sector = T.literalEnum(...SECTORS).nullable()

// ——— Stakeholder ———

export interface StakeholderProps {
  w: number
  h: number
  name: string
  /** `null` while nobody has said which sector this is (the plan lists it as a problem). */
  sector: Sector | null
  organisation: string
  /** The stakeholder's role in the forum, in words. */
  role: string
  influence: number
  interest: number
  /** Phone or e-mail; '' when not given. */
  contact: string
}

export const stakeholderProps: RecordProps<TLShape<'stakeholder'>> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  name: shortText,
  sector,
  organisation: shortText,
  role: longText,
  influence: score,
  interest: score,
  contact: shortText,
}

// ——— Action ———

export interface ActionProps {
  w: number
  h: number
  /** The specific goal: what, by when. */
  goal: string
  strategy: string
  tactics: string
  /** The responsible stakeholder's card, when there is one on the board… */
  ownerId: TLShapeId | null
  /** …or the responsible party in words (also shown when the card is gone). */
  ownerText: string
  /** Stakeholder cards that support this action. */
  supporterIds: TLShapeId[]
  /** Money in whole rupiah; `null` when not estimated. */
  budget: number | null
  /** People the action needs, in words. */
  people: string
  /** Knowledge or skills the action needs, in words. */
  knowledge: string
  funding: FundingSource | null
  /** ISO dates (YYYY-MM-DD). */
  startDate: string | null
  dueDate: string | null
  indicator: string
  target: string
  status: ActionStatus
}

export const actionProps: RecordProps<TLShape<'action'>> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  goal: longText,
  strategy: longText,
  tactics: longText,
  ownerId: shapeIdValidator.nullable(),
  ownerText: shortText,
  supporterIds: shapeLinks,
  budget: rupiah.nullable(),
  people: longText,
  knowledge: longText,
  funding: T.literalEnum(...FUNDING_SOURCES).nullable(),
  startDate: isoDate.nullable(),
  dueDate: isoDate.nullable(),
  indicator: longText,
  target: longText,
  status: T.literalEnum(...ACTION_STATUSES),
}

// ——— Indicator ———

export interface IndicatorProps {
  w: number
  h: number
  indicator: string
  baseline: number | null
  target: number | null
  current: number | null
  unit: string
  dueDate: string | null
  actionIds: TLShapeId[]
}

export const indicatorProps: RecordProps<TLShape<'indicator'>> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  indicator: longText,
  baseline: finite.nullable(),
  target: finite.nullable(),
  current: finite.nullable(),
  unit: shortText,
  dueDate: isoDate.nullable(),
  actionIds: shapeLinks,
}

// ——— Statement ———

export interface StatementProps {
  w: number
  h: number
  kind: StatementKind
  text: string
  state: StatementState
}

export const statementProps: RecordProps<TLShape<'statement'>> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  kind: T.literalEnum(...STATEMENT_KINDS),
  text: longText,
  state: T.literalEnum(...STATEMENT_STATES),
}

declare module '@tldraw/tlschema' {
  interface TLGlobalShapePropsMap {
    stakeholder: StakeholderProps
    action: ActionProps
    indicator: IndicatorProps
    statement: StatementProps
  }
}

export type StakeholderShape = TLShape<'stakeholder'>
export type ActionShape = TLShape<'action'>
export type IndicatorShape = TLShape<'indicator'>
export type StatementShape = TLShape<'statement'>
export type CardShape = StakeholderShape | ActionShape | IndicatorShape | StatementShape
export const CARD_TYPES = ['stakeholder', 'action', 'indicator', 'statement'] as const
export type CardType = (typeof CARD_TYPES)[number]

/** Whether a shape is one of the forum's cards. */
export function isCard(shape: { type: string }): shape is CardShape {
  return (CARD_TYPES as readonly string[]).includes(shape.type)
}

/** The props a new card starts with. */
export const cardDefaults = {
  stakeholder: (): StakeholderProps => ({
    w: 240,
    h: 150,
    name: '',
    sector: null,
    organisation: '',
    role: '',
    influence: 3,
    interest: 3,
    contact: '',
  }),
  action: (): ActionProps => ({
    w: 300,
    h: 230,
    goal: '',
    strategy: '',
    tactics: '',
    ownerId: null,
    ownerText: '',
    supporterIds: [],
    budget: null,
    people: '',
    knowledge: '',
    funding: null,
    startDate: null,
    dueDate: null,
    indicator: '',
    target: '',
    status: 'planned',
  }),
  indicator: (): IndicatorProps => ({
    w: 260,
    h: 170,
    indicator: '',
    baseline: null,
    target: null,
    current: null,
    unit: '',
    dueDate: null,
    actionIds: [],
  }),
  statement: (): StatementProps => ({ w: 320, h: 150, kind: 'vision', text: '', state: 'candidate' }),
} satisfies { [K in CardType]: () => TLShape<K>['props'] }

// ——— Migrations ———
// Each card's first format is version 0. A migration's `up` upgrades a stored record; `down` lets a client that is
// one version behind still read it (tldraw asks the newer side to migrate down for older clients).

type Props = Record<string, unknown>

function propsMigrations(type: CardType, steps: Array<{ version: number; name: string; up: (props: Props) => void; down: (props: Props) => void }>): TLPropsMigrations {
  return {
    sequence: steps.map((step) => ({
      id: `com.tldraw.shape.${type}/${step.version}` as const,
      up: (props: Props) => step.up(props),
      down: (props: Props) => step.down(props),
    })),
  }
}

/** Version 1: an optional contact (phone or e-mail) on a stakeholder card. */
export const stakeholderMigrations = propsMigrations('stakeholder', [
  {
    version: 1,
    name: 'AddContact',
    up: (props) => {
      props.contact = ''
    },
    down: (props) => {
      delete props.contact
    },
  },
])

/** Version 1: the supporting stakeholders as card references (`supporterIds`). */
export const actionMigrations = propsMigrations('action', [
  {
    version: 1,
    name: 'AddSupporterIds',
    up: (props) => {
      props.supporterIds = []
    },
    down: (props) => {
      delete props.supporterIds
    },
  },
])

/** Version 1: indicators link the actions they measure. */
export const indicatorMigrations = propsMigrations('indicator', [
  {
    version: 1,
    name: 'AddActionIds',
    up: (props) => {
      props.actionIds = []
    },
    down: (props) => {
      delete props.actionIds
    },
  },
])

/** Version 1: `state` (candidate / adopted) replaces the first format's `adopted: boolean`. */
export const statementMigrations = propsMigrations('statement', [
  {
    version: 1,
    name: 'StateInsteadOfAdopted',
    up: (props) => {
      props.state = props.adopted === true ? 'adopted' : 'candidate'
      delete props.adopted
    },
    down: (props) => {
      props.adopted = props.state === 'adopted'
      delete props.state
    },
  },
])

/**
 * The tldraw schema entries of the forum's cards (props and migrations), for `createTLSchema` and for the client's
 * shape utils, which must declare the very same.
 */
export const cardSchemas = {
  stakeholder: { props: stakeholderProps, migrations: stakeholderMigrations },
  action: { props: actionProps, migrations: actionMigrations },
  indicator: { props: indicatorProps, migrations: indicatorMigrations },
  statement: { props: statementProps, migrations: statementMigrations },
}
