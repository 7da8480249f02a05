/**
 * `npm run plan-schema`: writes docs/plan.schema.json, the JSON Schema of the structured plan, from the zod schema the
 * extraction is checked against (shared/plan/model.ts), so readers outside TypeScript (funders' tools, a spreadsheet
 * import, another forum's app) validate against exactly what Rembug produces. shared/plan/schema.test.ts fails when
 * the committed file is stale.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { z } from 'zod'
import { PLAN_VERSION, planSchema } from '../shared/plan/model'

export const PLAN_SCHEMA_FILE = fileURLToPath(new URL('../docs/plan.schema.json', import.meta.url))

/**
 * The plan's JSON Schema (draft 2020-12), with an id and a description that name the plan version.
 *
 * @example
 * planJsonSchema().$id // → 'urn:rembug:plan:v1'
 */
export function planJsonSchema(): Record<string, unknown> {
  const { $schema, ...body } = z.toJSONSchema(planSchema, { target: 'draft-2020-12' })
  return {
    $schema,
    $id: `urn:rembug:plan:v${PLAN_VERSION}`,
    title: `Rembug structured plan, version ${PLAN_VERSION}`,
    description:
      `The plan a Local Partnership Forum (Forum Kemitraan Lokal) workshop board produces: stakeholders, vision and ` +
      `missions, actions, indicators and notes, each naming the board shapes it came from. Version ${PLAN_VERSION}: a reader ` +
      `checks "version" and refuses a plan of another version. See docs/PLAN.md.`,
    ...body,
  }
}

/** The file's exact text: two-space JSON and a final newline. */
export function planJsonSchemaText(): string {
  return `${JSON.stringify(planJsonSchema(), null, 2)}\n`
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(PLAN_SCHEMA_FILE, planJsonSchemaText())
  process.stdout.write(`wrote ${PLAN_SCHEMA_FILE}\n`)
}
