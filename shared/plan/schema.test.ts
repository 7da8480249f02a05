import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PLAN_SCHEMA_FILE, planJsonSchemaText } from '../../scripts/planSchema'
import { extractPlan } from './extract'
import { exampleRecords } from './extractFixtures'
import { PLAN_VERSION } from './model'

// docs/plan.schema.json is published: it must be what `npm run plan-schema` writes from the zod schema today, and it
// must accept the plans the extraction produces (checked with a small validator of the keywords the file uses).

type Schema = Record<string, unknown>

/** The JSON Schema keywords z.toJSONSchema writes for the plan; `format` is left to `pattern`, which says the same. */
function errors(schema: Schema, value: unknown, path = '$'): string[] {
  const out: string[] = []
  const type = schema.type as string | string[] | undefined
  if (type !== undefined) {
    const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value
    const allowed = Array.isArray(type) ? type : [type]
    if (!allowed.some((t) => t === actual || (t === 'number' && actual === 'integer'))) return [`${path}: ${actual} is not ${allowed.join('|')}`]
  }
  if ('const' in schema && value !== schema.const) out.push(`${path}: not ${JSON.stringify(schema.const)}`)
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) out.push(`${path}: ${JSON.stringify(value)} not in enum`)
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s) => errors(s as Schema, value, path).length === 0)) out.push(`${path}: matches no anyOf`)
  if (typeof value === 'string' && typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) out.push(`${path}: ${value} fails ${schema.pattern}`)
  if (typeof value === 'number' && typeof schema.minimum === 'number' && value < schema.minimum) out.push(`${path}: below minimum`)
  if (typeof value === 'number' && typeof schema.maximum === 'number' && value > schema.maximum) out.push(`${path}: above maximum`)
  if (Array.isArray(value) && schema.items) value.forEach((item, i) => out.push(...errors(schema.items as Schema, item, `${path}[${i}]`)))
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>
    for (const key of (schema.required ?? []) as string[]) if (!(key in value)) out.push(`${path}.${key}: missing`)
    for (const [key, item] of Object.entries(value)) {
      if (properties[key]) out.push(...errors(properties[key], item, `${path}.${key}`))
      else if (schema.additionalProperties === false) out.push(`${path}.${key}: not allowed`)
    }
  }
  return out
}

describe('docs/plan.schema.json', () => {
  const committed = readFileSync(PLAN_SCHEMA_FILE, 'utf8')
  const schema = JSON.parse(committed) as Schema

  it('is what `npm run plan-schema` writes today (run it after changing shared/plan/model.ts)', () => {
    expect(committed).toBe(planJsonSchemaText())
  })

  it('names the plan version', () => {
    expect(schema).toMatchObject({ $id: `urn:rembug:plan:v${PLAN_VERSION}`, properties: { version: { const: PLAN_VERSION } } })
    expect(schema.description).toContain(`Version ${PLAN_VERSION}`)
  })

  it('accepts the plans of the example boards and refuses broken ones', () => {
    const { records, title } = exampleRecords('wilayah-b', 'en')
    const plan = extractPlan(records, { title, boardId: null })
    expect(errors(schema, plan)).toEqual([])
    const broken = structuredClone(plan) as unknown as { actions: Array<Record<string, unknown>>; extra?: number }
    broken.actions[0]!.status = 'abandoned'
    broken.actions[0]!.dueDate = '2027-02-30'
    broken.extra = 1
    expect(errors(schema, broken)).toEqual([
      '$.actions[0].dueDate: matches no anyOf',
      '$.actions[0].status: "abandoned" not in enum',
      '$.extra: not allowed',
    ])
  })
})
