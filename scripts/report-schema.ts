// Writes docs/report.schema.json, docs/plan.schema.json and docs/diff.schema.json from the zod
// schemas in src/contract/ (the ones convert, plan, diff and --baseline check a saved
// report with). `npm run schema` after changing them; test/package/schema.test.ts fails while
// the checked-in files are stale.
import { writeFileSync } from 'node:fs';
import * as z from 'zod';
import { diffSchema } from '../src/contract/diff.js';
import { planSchema } from '../src/contract/plan.js';
import { reportSchema } from '../src/contract/report.js';

export const SCHEMA_FILES = {
  'docs/report.schema.json': reportSchema,
  'docs/plan.schema.json': planSchema,
  'docs/diff.schema.json': diffSchema,
} as const;

/** The JSON Schema text of one file (draft-07, which ajv 6 and most validators read). */
export function schemaText(schema: z.ZodType): string {
  return `${JSON.stringify(z.toJSONSchema(schema, { target: 'draft-7', io: 'output' }), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('..', import.meta.url);
  for (const [file, schema] of Object.entries(SCHEMA_FILES)) {
    writeFileSync(new URL(file, root), schemaText(schema));
    console.log(`wrote ${file}`);
  }
}
