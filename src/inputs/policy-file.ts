// The policy file (--policy): thresholds, per-rule severities, detection signatures and build
// rows. Signatures are data because Adobe does not document every attribute that the setims*
// commands write (docs/campaign.md). Every problem is one InputError naming the file, the line
// and the field.
import * as z from 'zod';
import type { BuildTable } from '../data/builds.js';
import { SIGNATURE_NAMES, type PolicySettings } from '../engine/policy.js';
import { RULE_CATEGORIES, RULE_IDS, SEVERITIES } from '../model.js';
import { applyBuildData } from './builds-file.js';
import { FILE_CAPS, readYamlFile } from './input-file.js';
import { inputError, isText, mapping, nonEmpty, parseInput } from './issues.js';
import { isoDate } from '../dates.js';

const NAME = 'must be an attribute or element name';
const signatureName = z.string({ error: NAME }).refine((value) => isText(value) && /^[\w:.@/-]+$/.test(value), { error: NAME });
const SECRETS = 'must be a non-empty list of { element, attribute }';
const signaturesSchema = mapping({
  ...(Object.fromEntries(SIGNATURE_NAMES.map((name) => [name, signatureName.optional()])) as Record<(typeof SIGNATURE_NAMES)[number], z.ZodOptional<typeof signatureName>>),
  secrets: z
    .array(z.object({ element: nonEmpty, attribute: nonEmpty }, { error: 'must be a mapping' }), { error: SECRETS })
    .min(1, { error: SECRETS })
    .optional(),
});

const SEVERITY_LIST = SEVERITIES.join(', ');
const DATE = 'must be a date YYYY-MM-DD';
const MIN_VERSION_SYNTAX = 'must be a version such as 7.4.2 or a build number';
const MIN_VERSION = 'is not in the build table; use a v7 version that `campaign-audit builds` lists, or a build number';
const failOnSchema = z.enum([...SEVERITIES, 'none'], { error: `must be one of ${SEVERITY_LIST} or none` });
const policySchema = mapping({
  cutoff: isoDate(DATE).optional(),
  // Only its form here: it is resolved once every build row is merged (resolvePolicy), so a
  // release this file's own `builds:` adds is a valid minimum.
  minVersion: z
    .union([z.string(), z.number()], { error: MIN_VERSION_SYNTAX })
    .transform(String)
    .refine((text) => /^v?\d+(?:\.\d+){0,3}$/i.test(text.trim()), { error: MIN_VERSION_SYNTAX })
    .optional(),
  failOn: failOnSchema.optional(),
  // A category's own gate (docs/reports.md#categories): `categories: { security: { failOn: critical } }`.
  categories: z
    .partialRecord(z.enum(RULE_CATEGORIES), mapping({ failOn: failOnSchema }), {
      error: (issue) => (issue.code === 'invalid_type' ? 'must be a mapping of categories to { failOn }' : `is not a category; use ${RULE_CATEGORIES.join(', ')}`),
    })
    .optional(),
  // Findings at or above it gate even when the --baseline report has them (docs/reports.md#baseline).
  alwaysGate: failOnSchema.optional(),
  severities: z
    .partialRecord(z.enum(RULE_IDS), z.enum(SEVERITIES, { error: `must be one of ${SEVERITY_LIST}` }), {
      // Any other issue of the record itself is a key outside RULE_IDS (zod: unrecognized_keys).
      error: (issue) => (issue.code === 'invalid_type' ? 'must be a mapping of rule ids to severities' : 'is not a known rule id'),
    })
    .optional(),
  signatures: signaturesSchema.optional(),
  // The shape of a --builds file, checked by its own schema (src/inputs/builds-file.ts).
  builds: z.unknown().optional(),
});

/** A policy file, read and checked: its settings, and its build rows to merge into a table. */
export interface PolicyFile {
  settings: PolicySettings;
  /** `table` with the file's `builds:` rows merged (the table itself when it has none). */
  mergeBuilds(table: BuildTable): BuildTable;
}

/**
 * Policy file: thresholds, per-rule severities and detection signatures
 * (docs/rules/README.md#overriding-severities: they are data because Adobe's on-disk format is not
 * fully documented, docs/campaign.md#what-is-not-documented).
 *
 *   cutoff: 2025-06-30
 *   minVersion: 7.4.2
 *   failOn: critical
 *   categories: { security: { failOn: high } }
 *   alwaysGate: critical
 *   severities: { operators/native-api-enabled: low }
 *   signatures: { privateKey: authIMSTAPrivateKey, secrets: [{ element: dbcnx, attribute: password }] }
 *   builds: { checkedAt: 2027-02-01, builds: [...], bulletins: [...] }   (as a --builds file)
 */
export async function readPolicyFile(path: string): Promise<PolicyFile> {
  const file = await readYamlFile(path, '--policy', FILE_CAPS.policy);
  const input = parseInput(file.source, policySchema, file.data ?? {});
  const settings: PolicySettings = {};
  if (input.cutoff !== undefined) settings.cutoff = input.cutoff;
  // resolveMinVersion's message quotes the value; a message about the file quotes nothing of it.
  if (input.minVersion !== undefined) settings.minVersion = { text: input.minVersion, fail: () => inputError(file.source, [{ path: ['minVersion'], problem: MIN_VERSION }]) };
  if (input.failOn !== undefined) settings.failOn = input.failOn;
  if (input.categories !== undefined) settings.categories = Object.fromEntries(Object.entries(input.categories).flatMap(([name, value]) => (value ? [[name, { failOn: value.failOn }]] : [])));
  if (input.alwaysGate !== undefined) settings.alwaysGate = input.alwaysGate;
  if (input.severities !== undefined) settings.severityOverrides = input.severities;
  if (input.signatures !== undefined) settings.signatures = input.signatures;
  const { builds } = input;
  return {
    settings,
    mergeBuilds: (table) => (builds === undefined ? table : applyBuildData(file, ['builds'], builds, table, { file: path })),
  };
}
