// The JSON report's schema (contract: docs/reports.md, schemaVersion 1), published as
// docs/report.schema.json.
import * as z from 'zod';
import { HOST_KEY_POLICIES, HOST_STATUSES, RULE_CATEGORIES, SEVERITIES } from '../model.js';
import { bulletinSchema, buildRowSchema } from '../data/build-schema.js';
import { bool, credential, date, integer, list, messageData, object, ruleId, severity, text } from './common.js';

const waiver = object({
  fingerprint: text.optional(),
  ruleId: ruleId.optional(),
  host: text.optional(),
  instance: text.optional(),
  reason: text,
  expires: date,
  matched: integer.optional(),
});

const failOn = z.enum([...SEVERITIES, 'none'], { error: `is not one of ${[...SEVERITIES, 'none'].join(', ')}` });
const category = z.enum(RULE_CATEGORIES, { error: `is not one of ${RULE_CATEGORIES.join(', ')}` });
const severityCounts = object(Object.fromEntries(SEVERITIES.map((name) => [name, integer])) as Record<(typeof SEVERITIES)[number], typeof integer>);
// One verdict line per category (docs/reports.md#categories).
const categorySummary = object({
  verdict: z.enum(['pass', 'fail', 'incomplete', 'not-checked'], { error: 'is not one of pass, fail, incomplete, not-checked' }),
  checked: bool,
  failOn,
  findings: severityCounts,
  gating: integer,
  text,
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
  hosts: list(text).optional(),
  fingerprint: text,
  waived: bool,
  waiverReason: text.optional(),
  baseline: bool.optional(),
});

const port = integer.min(1).max(65535);
const paths = list(text);

/** How an SSH host was reached: names and paths only (src/model.ts HostRoute). */
export const routeSchema = object({
  address: text,
  port,
  user: text,
  jump: list(object({ address: text, port, user: text, identityFiles: paths.optional() })).optional(),
  become: text.optional(),
  identityFiles: paths.optional(),
  knownHosts: paths,
  hostKeyPolicy: z.enum(HOST_KEY_POLICIES, { error: `is not one of ${HOST_KEY_POLICIES.join(', ')}` }),
}).meta({ description: 'How the scan reached the host over SSH (never a secret or key content); absent for --dir, --local and --evidence hosts' });

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
  route: routeSchema.optional(),
  instances: list(object({ name: text, credential, file: text, clientId: text.optional(), technicalAccountId: text.optional(), orgId: text.optional() })),
});

export const reportSchema = object({
  schemaVersion: z.literal(1, { error: 'is not one of 1' }),
  tool: object({ name: text, version: text }),
  generatedAt: text,
  asOf: date,
  policy: object({
    cutoff: date,
    minVersion: text,
    minBuild: integer,
    failOn,
    // JSON extensions, each absent when it says nothing (the default checks, migration and
    // security; no own gate; no alwaysGate; no rule turned off; hardening not run).
    checks: list(category).optional(),
    categories: z.partialRecord(category, object({ failOn })).optional(),
    alwaysGate: severity.optional(),
    rulesOff: list(ruleId).optional(),
    hardening: object({ sessionTimeoutSec: integer, allowedNetworks: list(text) }).optional(),
  }),
  summary: object({
    hosts: integer,
    scanned: integer,
    notScanned: integer,
    findings: severityCounts,
    // Always written by this version; optional so that reports of older versions still load.
    waived: integer.optional(),
    baselined: integer.optional(),
    baseline: object({ file: text, generatedAt: text, accepted: integer }).optional(),
    gating: integer.optional(),
    verdict: z.enum(['pass', 'fail', 'incomplete'], { error: 'is not one of pass, fail, incomplete' }),
    categories: z.partialRecord(category, categorySummary).optional(),
    staleBuildData: object({ checkedAt: text, days: integer, text }).optional(),
  }),
  hosts: list(hostReport),
  findings: list(findingSchema),
  waivers: object({ applied: list(waiver), expired: list(waiver), unmatched: list(waiver) }).optional(),
  // The user's rows travel with the report, checked as strictly as a --builds file (printable,
  // bounded): a later plan or conversion labels builds with them.
  buildData: object({ checkedAt: text, rows: integer, extraRows: integer, files: list(text), added: object({ builds: list(buildRowSchema), bulletins: list(bulletinSchema) }).optional() }).optional(),
  // The key id only: 12 hex digits, so a hostile report cannot carry text in it.
  fingerprints: object({ scheme: z.literal('hmac-sha256'), keyId: z.string().regex(/^[0-9a-f]{12}$/) }).optional(),
  source: object({ kind: z.enum(['ssh', 'local', 'dir', 'evidence'], { error: 'is not one of ssh, local, dir, evidence' }), options: list(text) }).optional(),
}).meta({ title: 'campaign-audit JSON report', description: 'campaign-audit scan -f json (schemaVersion 1)' });
