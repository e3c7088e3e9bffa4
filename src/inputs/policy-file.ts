// The policy file (--policy): thresholds, per-rule severities, detection signatures and build
// rows. Signatures are data because Adobe does not document every attribute that the setims*
// commands write (docs/campaign.md). Every problem is one InputError naming the file, the line
// and the field.
import { isIP } from 'node:net';
import * as z from 'zod';
import type { BuildTable } from '../data/builds.js';
import { SIGNATURE_NAMES, type PolicySettings } from '../engine/policy.js';
import { RULE_CATEGORIES, RULE_IDS, SEVERITIES, type RuleId, type Severity } from '../model.js';
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
const CIDR = 'must be a network in CIDR form, such as 203.0.113.0/24 or 2001:db8::/32';
/** `203.0.113.0/24`, `2001:db8::/32`: an address and a prefix length that fits it. */
const cidr = z.string({ error: CIDR }).refine((value) => {
  const match = /^([^/\s]+)\/(\d{1,3})$/.exec(value.trim());
  const version = match ? isIP(match[1] ?? '') : 0;
  return match !== null && version !== 0 && Number(match[2]) <= (version === 4 ? 32 : 128);
}, { error: CIDR });
const SESSION_TIMEOUT = 'must be a whole number of seconds, 1 or more';
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
  // A severity re-rates a rule; `off` turns it off for this fleet (docs/reports.md#categories).
  severities: z
    .partialRecord(z.enum(RULE_IDS), z.enum([...SEVERITIES, 'off'], { error: `must be one of ${SEVERITY_LIST} or off` }), {
      // Any other issue of the record itself is a key outside RULE_IDS (zod: unrecognized_keys).
      error: (issue) => (issue.code === 'invalid_type' ? 'must be a mapping of rule ids to severities or off' : 'is not a known rule id'),
    })
    .optional(),
  // Thresholds of the hardening rules (docs/reports.md#categories).
  hardening: mapping({
    sessionTimeoutSec: z.number({ error: SESSION_TIMEOUT }).int({ error: SESSION_TIMEOUT }).min(1, { error: SESSION_TIMEOUT }).optional(),
    allowedNetworks: z.array(cidr, { error: 'must be a list of networks in CIDR form' }).optional(),
  }).optional(),
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
 *   severities: { operators/native-api-enabled: low, mta/tls-disabled: off }   (off: the rule does not run)
 *   hardening: { sessionTimeoutSec: 28800, allowedNetworks: [203.0.113.0/24] }
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
  if (input.severities !== undefined) {
    const entries = Object.entries(input.severities) as [RuleId, Severity | 'off' | undefined][];
    settings.severityOverrides = Object.fromEntries(entries.filter(([, value]) => value !== undefined && value !== 'off'));
    settings.rulesOff = entries.filter(([, value]) => value === 'off').map(([id]) => id);
  }
  if (input.hardening !== undefined) {
    const { sessionTimeoutSec, allowedNetworks } = input.hardening;
    settings.hardening = { ...(sessionTimeoutSec !== undefined ? { sessionTimeoutSec } : {}), ...(allowedNetworks !== undefined ? { allowedNetworks: allowedNetworks.map((network) => network.trim()) } : {}) };
  }
  if (input.signatures !== undefined) settings.signatures = input.signatures;
  const { builds } = input;
  return {
    settings,
    mergeBuilds: (table) => (builds === undefined ? table : applyBuildData(file, ['builds'], builds, table, { file: path })),
  };
}
