// The policy file (--policy): thresholds, per-rule severities, detection signatures and build
// rows. Signatures are data because Adobe does not document every attribute that the setims*
// commands write (docs/campaign.md). Every problem is one InputError naming the file, the line
// and the field.
import * as z from 'zod';
import type { BuildTable } from '../data/builds.js';
import { SIGNATURE_NAMES, type PolicySettings } from '../engine/policy.js';
import { isRuleId, SEVERITIES, type RuleId, type Severity } from '../model.js';
import { applyBuildData } from './builds-file.js';
import { FILE_CAPS, readYamlFile } from './input-file.js';
import { isText, mapping, nonEmpty, parseInFile } from './issues.js';
import { isIsoDate } from './values.js';

const isDate = isIsoDate;

const signatureName = z
  .string({ error: '{path} must be an attribute or element name' })
  .refine((value) => isText(value) && /^[\w:.@/-]+$/.test(value), { error: '{path} must be an attribute or element name' });
const SECRETS = 'signatures.secrets must be a non-empty list of { element, attribute }';
const signaturesSchema = mapping(
  {
    ...(Object.fromEntries(SIGNATURE_NAMES.map((name) => [name, signatureName.optional()])) as Record<(typeof SIGNATURE_NAMES)[number], z.ZodOptional<typeof signatureName>>),
    secrets: z
      .array(z.object({ element: nonEmpty('{parent} needs "element" and "attribute"'), attribute: nonEmpty('{parent} needs "element" and "attribute"') }, { error: '{path} must be a mapping' }), { error: SECRETS })
      .min(1, { error: SECRETS })
      .optional(),
  },
  'signatures',
  'unknown key "signatures.{key}"',
);

const SEVERITY_LIST = SEVERITIES.join(', ');
const policySchema = mapping(
  {
    cutoff: z.string({ error: 'cutoff must be a date YYYY-MM-DD' }).refine(isDate, { error: 'cutoff must be a date YYYY-MM-DD' }).optional(),
    // Resolved once the build rows are all merged (resolvePolicy): a release this file's own
    // `builds:` adds is a valid minimum.
    minVersion: z
      .union([z.string(), z.number()], { error: 'minVersion must be a version such as 7.4.2 or a build number' })
      .transform(String)
      .refine((text) => /^v?\d+(?:\.\d+){0,3}$/i.test(text.trim()), { error: 'minVersion must be a version such as 7.4.2 or a build number' })
      .optional(),
    failOn: z.enum([...SEVERITIES, 'none'], { error: `failOn must be one of ${SEVERITY_LIST} or none` }).optional(),
    severities: z
      .record(z.string(), z.unknown(), { error: 'severities must be a mapping' })
      .transform((entries, context): Partial<Record<RuleId, Severity>> => {
        const out: Partial<Record<RuleId, Severity>> = {};
        for (const [ruleId, severity] of Object.entries(entries)) {
          if (!isRuleId(ruleId)) context.addIssue({ code: 'custom', message: `unknown rule "${ruleId}"`, path: [ruleId] });
          else if (!isSeverity(severity)) context.addIssue({ code: 'custom', message: `severity of ${ruleId} must be one of ${SEVERITY_LIST}`, path: [ruleId] });
          else out[ruleId] = severity;
        }
        return out;
      })
      .optional(),
    signatures: signaturesSchema.optional(),
    // The shape of a --builds file, checked by its own schema (src/inputs/builds-file.ts).
    builds: z.unknown().optional(),
  },
  'the policy file',
  'unknown key "{key}"',
);

/** A policy file, read and checked: its settings, and its build rows to merge into a table. */
export interface PolicyFile {
  settings: PolicySettings;
  /** `table` with the file's `builds:` rows merged (the table itself when it has none). */
  mergeBuilds(table: BuildTable): BuildTable;
}

/**
 * Policy file: thresholds, per-rule severities, detection signatures and build rows (the
 * signatures are data because Adobe does not document everything the setims* commands write:
 * docs/campaign.md#what-is-not-documented).
 *
 *   cutoff: 2025-06-30
 *   minVersion: 7.4.2
 *   failOn: critical
 *   severities: { operators/native-api-enabled: low }
 *   signatures: { privateKey: authIMSTAPrivateKey, secrets: [{ element: dbcnx, attribute: password }] }
 *   builds: { checkedAt: 2027-02-01, builds: [...], bulletins: [...] }   (as a --builds file)
 */
export async function readPolicyFile(path: string): Promise<PolicyFile> {
  const file = await readYamlFile(path, '--policy', FILE_CAPS.policy);
  const input = parseInFile(file, [], policySchema, file.data ?? {});
  const settings: PolicySettings = {};
  if (input.cutoff !== undefined) settings.cutoff = input.cutoff;
  if (input.minVersion !== undefined) settings.minVersion = { text: input.minVersion, fail: (message) => file.fail(['minVersion'], message) };
  if (input.failOn !== undefined) settings.failOn = input.failOn;
  if (input.severities !== undefined) settings.severityOverrides = input.severities;
  if (input.signatures !== undefined) settings.signatures = input.signatures;
  const { builds } = input;
  return {
    settings,
    mergeBuilds: (table) => (builds === undefined ? table : applyBuildData(file, ['builds'], builds, table, { file: path })),
  };
}

function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

