// The policy file (--policy): thresholds, per-rule severities, detection signatures and build
// rows. Signatures are data because Adobe does not document every attribute that the setims*
// commands write (docs/campaign.md). Every problem is one InputError naming the file, the line
// and the field.
import * as z from 'zod';
import { SHIPPED_BUILDS } from '../data/builds.js';
import { resolveMinVersion, type MinVersion } from '../engine/policy.js';
import { isRuleId, SEVERITIES, type Policy, type RuleId, type SecretAttribute, type Severity } from '../model.js';
import { applyBuildData } from './builds-file.js';
import { FILE_CAPS, readYamlFile } from './input-file.js';
import { isText, mapping, nonEmpty, parseInFile } from './issues.js';
import { isIsoDate } from './values.js';

const isDate = isIsoDate;

const SIGNATURE_NAMES = ['imsElement', 'clientId', 'clientSecret', 'technicalAccountId', 'privateKey'] as const;
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
    minVersion: z
      .unknown()
      .transform((value, context): MinVersion => {
        try {
          return resolveMinVersion(String(value), SHIPPED_BUILDS);
        } catch (error) {
          context.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      })
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

/**
 * Policy file: thresholds, per-rule severities and detection signatures (DESIGN.md §6: they
 * are data because Adobe's on-disk format is not fully documented).
 *
 *   cutoff: 2025-06-30
 *   minVersion: 7.4.2
 *   failOn: critical
 *   severities: { operators/native-api-enabled: low }
 *   signatures: { privateKey: authIMSTAPrivateKey, secrets: [{ element: dbcnx, attribute: password }] }
 *   builds: { checkedAt: 2027-02-01, builds: [...], bulletins: [...] }   (as a --builds file)
 */
export async function loadPolicyFile(path: string, policy: Policy): Promise<Policy> {
  const file = await readYamlFile(path, '--policy', FILE_CAPS.policy);
  const input = parseInFile(file, [], policySchema, file.data ?? {});
  const result: Policy = structuredClone(policy);
  if (input.cutoff !== undefined) result.cutoff = input.cutoff;
  if (input.minVersion !== undefined) Object.assign(result, input.minVersion);
  if (input.failOn !== undefined) result.failOn = input.failOn;
  if (input.severities !== undefined) Object.assign(result.severityOverrides, input.severities);
  if (input.signatures !== undefined) {
    const { secrets, ...names } = input.signatures;
    for (const name of SIGNATURE_NAMES) if (names[name] !== undefined) result.signatures[name] = names[name];
    if (secrets !== undefined) result.signatures.secrets = secrets.map(({ element, attribute }): SecretAttribute => ({ element, attribute }));
  }
  if (input.builds !== undefined) result.builds = applyBuildData(file, ['builds'], input.builds, result.builds, path);
  return result;
}

function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

