// The schema of `plan --format json`, published as docs/plan.schema.json.
import * as z from 'zod';
import { JWT_PHASES } from '../data/jwt-phase.js';
import { INSTANCE_STATES, SKIP_REASONS, STEP_IDS } from '../plan/model.js';
import { credential, date, integer, list, object, ruleId, text } from './common.js';
import { routeSchema } from './report.js';

const stepId = z.enum(STEP_IDS);
const ids = object({ orgId: text.nullable(), clientId: text.nullable(), technicalAccountId: text.nullable() });
const idKey = z.enum(['orgId', 'clientId', 'technicalAccountId']);

/** What a step runs, one command line each (`commands` holds their text). */
const action = z.union([
  object({ kind: z.literal('backup'), file: text }),
  object({ kind: z.literal('restore'), file: text }),
  object({ kind: z.literal('set-oauth'), instance: text, ids, secretVariable: text }),
  object({ kind: z.literal('reload') }),
  object({ kind: z.literal('restart'), module: z.union([z.templateLiteral(['wfserver@', z.string()]), z.templateLiteral(['pipelined@', z.string()]), z.literal('web@default')]) }),
  object({ kind: z.literal('check-oauth'), instance: text, file: text, clientId: text.nullable() }),
  object({ kind: z.literal('verify'), check: z.literal('rescan'), options: list(text).nullable() }),
  object({ kind: z.literal('verify'), check: z.literal('diff') }),
]);

/** A warning as data: `message` is the text `warnings` holds at the same place. */
const notice = z.discriminatedUnion('code', [
  object({ code: z.literal('ids-disagree'), args: object({ id: idKey, values: list(text) }), message: text }),
  object({ code: z.literal('id-unsafe'), args: object({ id: idKey }), message: text }),
  object({ code: z.literal('unsafe-instance-name'), args: object({ instance: text }), message: text }),
  object({ code: z.literal('unsafe-address'), args: object({ host: text }), message: text }),
  object({ code: z.literal('unsafe-route'), args: object({ host: text }), message: text }),
  object({ code: z.literal('unreadable'), args: object({ hosts: list(text) }), message: text }),
  object({ code: z.literal('partly-unreadable'), args: object({ hosts: list(text) }), message: text }),
  object({ code: z.literal('credential-in-use'), args: object({ clientId: text, hosts: list(text) }), message: text }),
  object({ code: z.literal('credential-converted'), args: object({ clientId: text.nullable(), date }), message: text }),
]);

/** `plan --format json`. */
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
      hosts: list(
        object({
          name: text,
          address: text,
          product: z.enum(['v7', 'v8']).nullable(),
          version: text.nullable(),
          build: integer.nullable(),
          credential,
          installDir: text.optional(),
          route: routeSchema.optional(),
          skip: z.enum(SKIP_REASONS).nullable().meta({ description: 'Why a runner must leave this host to a person; null when it may run its steps' }),
        }),
      ),
      ids,
      hasMissingIds: z.boolean().meta({ description: 'An ID is null: the set-oauth command holds <placeholders>' }),
      secretVariable: text,
      credentialSource: z.union([object({ kind: z.literal('create') }), object({ kind: z.literal('reuse'), reason: z.enum(['in-use', 'converted']), clientId: text.nullable() })]),
      steps: list(object({ id: stepId, title: text, status: z.enum(['done', 'todo', 'not-needed']), hosts: list(text), requires: list(stepId), actions: list(action), commands: list(text), notes: list(text) })),
      rollback: list(action),
      findings: z.partialRecord(ruleId, integer),
      warnings: list(text),
      notices: list(notice),
    }),
  ),
  notScanned: list(object({ host: text, status: text, error: text.optional() })),
}).meta({ title: 'campaign-audit plan JSON', description: 'campaign-audit plan REPORT -f json' });
