// The JSON report's schema (DESIGN.md §7), in zod: convert, plan, diff, trend and --baseline
// check a saved report with it, so a hand-edited or foreign file gets a one-line error naming
// the field, never a crash, and no unexpected value reaches an HTML, XML or shell renderer.
// docs/report.schema.json is generated from it (scripts/report-schema.ts), and so are the
// schemas of plan JSON and diff JSON below, which the tests check every written report against.
//
// zod 4 is the one schema library for every input (inventory, waivers, policy, evidence, saved
// reports, build data): it was already a dependency (build data), it is bundled (no install
// cost), its issues carry the key path (which becomes the file's line for YAML), and
// z.toJSONSchema publishes the same source as JSON Schema.
import * as z from 'zod';
import { CREDENTIALS, HOST_STATUSES, RULE_IDS, SEVERITIES, type ScanResult } from '../model.js';
import { JWT_PHASES } from '../data/jwt-phase.js';
import { INSTANCE_STATES, STEP_IDS } from '../plan/model.js';

const text = z.string({ error: 'is not text' });
const integer = z.int({ error: 'is not a whole number' });
const bool = z.boolean({ error: 'is not true or false' });
const date = z.string({ error: 'is not a date YYYY-MM-DD' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'is not a date YYYY-MM-DD' });
const object = <T extends z.core.$ZodLooseShape>(shape: T) => z.object(shape, { error: 'is not an object' });
const list = <T extends z.core.SomeType>(item: T) => z.array(item, { error: 'is not a list' });
const severity = z.enum(SEVERITIES, { error: `is not one of ${SEVERITIES.join(', ')}` });
const credential = z.enum(CREDENTIALS, { error: `is not one of ${CREDENTIALS.join(', ')}` });

/** A rule id this version knows: ids are never renamed, and the plan and SARIF look rules up by id. */
const ruleId = z.enum(RULE_IDS, { error: 'is not a known rule id' });
/** Finding data (messageId's placeholders): written since messageId and data were added; older reports have none. */
const messageData = z.record(z.string(), z.union([z.string(), z.number()], { error: 'is not text or a number' }), { error: 'is not an object' });

const waiver = object({
  fingerprint: text.optional(),
  ruleId: ruleId.optional(),
  host: text.optional(),
  instance: text.optional(),
  reason: text,
  expires: date,
  matched: integer.optional(),
});

export const findingSchema = object({
  ruleId,
  severity,
  host: text,
  instance: text.nullable(),
  file: text.nullable(),
  path: text.nullable(),
  message: text,
  messageId: text.optional(),
  data: messageData.optional(),
  fingerprint: text,
  waived: bool,
  waiverReason: text.optional(),
  baseline: bool.optional(),
});

const hostReport = object({
  name: text,
  address: text,
  status: z.enum(HOST_STATUSES, { error: `is not one of ${HOST_STATUSES.join(', ')}` }),
  error: text.optional(),
  product: z.enum(['v7', 'v8'], { error: 'is not one of null, v7, v8' }).nullable(),
  version: text.nullable(),
  build: integer.nullable(),
  sha: text.nullable().optional(),
  tags: list(text).optional(),
  installDir: text.optional(),
  instances: list(object({ name: text, credential, file: text, clientId: text.optional(), technicalAccountId: text.optional(), orgId: text.optional() })),
});

export const reportSchema = object({
  schemaVersion: z.literal(1, { error: 'is not one of 1' }),
  tool: object({ name: text, version: text }),
  generatedAt: text,
  asOf: date,
  policy: object({ cutoff: date, minVersion: text, minBuild: integer, failOn: z.enum([...SEVERITIES, 'none'], { error: `is not one of ${[...SEVERITIES, 'none'].join(', ')}` }) }),
  summary: object({
    hosts: integer,
    scanned: integer,
    notScanned: integer,
    findings: object(Object.fromEntries(SEVERITIES.map((name) => [name, integer])) as Record<(typeof SEVERITIES)[number], typeof integer>),
    // Always written by this version; optional so that reports of older versions still load.
    waived: integer.optional(),
    baselined: integer.optional(),
    baseline: object({ file: text, generatedAt: text, accepted: integer }).optional(),
    gating: integer.optional(),
    verdict: z.enum(['pass', 'fail', 'incomplete'], { error: 'is not one of pass, fail, incomplete' }),
  }),
  hosts: list(hostReport),
  findings: list(findingSchema),
  waivers: object({ applied: list(waiver), expired: list(waiver), unmatched: list(waiver) }).optional(),
  buildData: object({ checkedAt: text, rows: integer, extraRows: integer, files: list(text) }).optional(),
}).meta({ title: 'campaign-audit JSON report', description: 'campaign-audit scan -f json (schemaVersion 1)' });

/** `diff --format json`. */
const hostState = object({ status: z.enum(HOST_STATUSES), build: integer.nullable(), version: text.nullable(), credentials: z.record(z.string(), text) });
export const diffSchema = object({
  new: list(findingSchema),
  resolved: list(findingSchema),
  unchanged: list(findingSchema),
  hostChanges: list(object({ host: text, change: z.enum(['added', 'removed', 'changed']), before: hostState.nullable(), after: hostState.nullable(), details: text })),
}).meta({ title: 'campaign-audit diff JSON', description: 'campaign-audit diff OLD NEW -f json' });

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

/** `report.hosts[0].status`: the issue's key path as the old messages wrote it. */
export function describePath(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`), root);
}

/** Throws a one-line message (without the file name) when `value` is not a report. */
export function checkReportShape(value: unknown): asserts value is ScanResult {
  const result = reportSchema.safeParse(value);
  if (result.success) return;
  const [issue] = result.error.issues;
  throw new Error(issue === undefined ? 'report is not a report' : `${describePath('report', issue.path)} ${issue.message}`, { cause: result.error });
}
