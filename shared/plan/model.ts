import { z } from 'zod'
import { SECTORS } from '../access'
import { ACTION_STATUSES, FUNDING_SOURCES, STATEMENT_STATES } from '../forum/cards'
import { QUADRANTS } from '../forum/grid'
import { CLUSTERS } from '../forum/texts'

/**
 * The structured plan: what a forum workshop produces, read off the board by `extractPlan` (shared/plan/extract.ts).
 * Versioned: a reader checks `version`; a change that breaks readers bumps it. Published as docs/plan.schema.json
 * (`npm run plan-schema`). Every entry names the board shapes it came from (`sources`), so a reader can go back to
 * where it was discussed.
 */
export const PLAN_VERSION = 1

const shapeId = z.string().regex(/^shape:/, 'a tldraw shape id (shape:…)')
/** The board shapes an entry was read from: a card, or the notes and arrows that said it. */
const sources = z.array(shapeId)
const isoDate = z.iso.date()
const sector = z.enum(SECTORS).nullable()

export const planStepSchema = z.object({
  step: z.number().int().min(1).max(5),
  title: z.string(),
  /** The frame holding the step, when the board has one. */
  frameId: shapeId.nullable(),
})

export const planStakeholderSchema = z.object({
  /** The stakeholder card's shape id, or the first source for one read from a note. */
  id: shapeId,
  name: z.string(),
  sector,
  organisation: z.string(),
  role: z.string(),
  influence: z.number().int().min(1).max(5).nullable(),
  interest: z.number().int().min(1).max(5).nullable(),
  /** Mendelow's quadrant from influence and interest (shared/forum/grid.ts `quadrantOf`); null without both. */
  quadrant: z.enum(QUADRANTS).nullable(),
  contact: z.string(),
  sources,
})

export const planStatementSchema = z.object({
  id: shapeId,
  text: z.string(),
  state: z.enum(STATEMENT_STATES),
  /** Votes it received in a facilitated vote; null when no vote was held. */
  votes: z.number().int().min(0).nullable(),
  sources,
})

/** A party responsible for or supporting an action: a stakeholder of the plan, or a name only. */
export const planPartySchema = z.object({
  stakeholderId: shapeId.nullable(),
  name: z.string(),
})

export const planActionSchema = z.object({
  id: shapeId,
  goal: z.string(),
  strategy: z.string(),
  tactics: z.string(),
  /** The card's owner (or `PJ:` in a note); an arrow from a stakeholder makes it responsible only when there is neither (docs/PLAN.md). */
  responsible: z.array(planPartySchema),
  supporters: z.array(planPartySchema),
  budget: z.number().int().min(0).nullable(),
  people: z.string(),
  knowledge: z.string(),
  funding: z.enum(FUNDING_SOURCES).nullable(),
  startDate: isoDate.nullable(),
  dueDate: isoDate.nullable(),
  indicator: z.string(),
  target: z.string(),
  status: z.enum(ACTION_STATUSES),
  sources,
})

export const planIndicatorSchema = z.object({
  id: shapeId,
  indicator: z.string(),
  baseline: z.number().nullable(),
  target: z.number().nullable(),
  current: z.number().nullable(),
  unit: z.string(),
  dueDate: isoDate.nullable(),
  /** Ids of the plan's actions it measures. */
  actionIds: z.array(shapeId),
  /** (current − baseline) / (target − baseline) × 100, rounded; null when any is missing or target = baseline. */
  progress: z.number().nullable(),
  sources,
})

export const planNoteSchema = z.object({
  id: shapeId,
  /** The step frame it sits in; null for a note outside every step. */
  step: z.number().int().min(1).max(5).nullable(),
  /** The discussion cluster of step 2 it sits in. */
  cluster: z.enum(CLUSTERS).nullable(),
  text: z.string(),
  sources,
})

export const planSchema = z.object({
  version: z.literal(PLAN_VERSION),
  forum: z.object({
    /** The board's title. */
    title: z.string(),
    boardId: z.string().nullable(),
  }),
  workshop: z.object({ steps: z.array(planStepSchema) }),
  stakeholders: z.array(planStakeholderSchema),
  vision: z.object({ adopted: planStatementSchema.nullable(), candidates: z.array(planStatementSchema) }),
  missions: z.object({ adopted: z.array(planStatementSchema), candidates: z.array(planStatementSchema) }),
  actions: z.array(planActionSchema),
  indicators: z.array(planIndicatorSchema),
  notes: z.array(planNoteSchema),
})

export type Plan = z.infer<typeof planSchema>
export type PlanStep = z.infer<typeof planStepSchema>
export type PlanStakeholder = z.infer<typeof planStakeholderSchema>
export type PlanStatement = z.infer<typeof planStatementSchema>
export type PlanParty = z.infer<typeof planPartySchema>
export type PlanAction = z.infer<typeof planActionSchema>
export type PlanIndicator = z.infer<typeof planIndicatorSchema>
export type PlanNote = z.infer<typeof planNoteSchema>

/** The problems a plan panel lists, each pointing at the entry it concerns. */
export const PROBLEM_KINDS = ['actionWithoutOwner', 'actionWithoutDueDate', 'indicatorWithoutTarget', 'stakeholderWithoutSector'] as const
export type ProblemKind = (typeof PROBLEM_KINDS)[number]
export interface PlanProblem {
  kind: ProblemKind
  /** The plan entry (and board shape) it is about. */
  id: string
  /** The entry's name, for the list. */
  label: string
}
