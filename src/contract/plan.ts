// The schema of `plan --format json`, published as docs/plan.schema.json.
import * as z from 'zod';
import { JWT_PHASES } from '../data/jwt-phase.js';
import { INSTANCE_STATES, STEP_IDS } from '../plan/model.js';
import { credential, date, integer, list, object, ruleId, text } from './common.js';

/** `plan --format json`. */
const stepId = z.enum(STEP_IDS);
export const planSchema = object({
  schemaVersion: z.literal(1),
  source: object({ generatedAt: text, tool: text }),
  asOf: date,
  policy: object({ cutoff: date, minVersion: text, minBuild: integer }),
  targetRelease: object({ version: text, build: integer }),
  timeline: list(object({ date, event: text, days: integer })),
  phase: object({ id: z.enum(JWT_PHASES), summary: text, text }),
  instances: list(
    object({
      instance: text,
      state: z.enum(INSTANCE_STATES),
      hosts: list(object({ name: text, address: text, product: z.enum(['v7', 'v8']).nullable(), version: text.nullable(), build: integer.nullable(), credential, installDir: text.optional() })),
      ids: object({ orgId: text.nullable(), clientId: text.nullable(), technicalAccountId: text.nullable() }),
      secretVariable: text,
      steps: list(object({ id: stepId, title: text, status: z.enum(['done', 'todo', 'not-needed']), hosts: list(text), requires: list(stepId), commands: list(text), notes: list(text) })),
      findings: z.partialRecord(ruleId, integer),
      warnings: list(text),
    }),
  ),
  notScanned: list(object({ host: text, status: text, error: text.optional() })),
}).meta({ title: 'campaign-audit plan JSON', description: 'campaign-audit plan REPORT -f json' });

