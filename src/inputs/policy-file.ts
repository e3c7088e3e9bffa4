// The policy file (--policy): thresholds, per-rule severities, detection signatures and build
// rows. Signatures are data because Adobe does not document every attribute that the setims*
// commands write (docs/campaign.md). Every problem is one InputError naming the file, the line
// and the field.
import * as z from 'zod';
import { SHIPPED_BUILDS } from '../data/builds.js';
import { resolveMinVersion, type MinVersion } from '../engine/policy.js';
import { RULE_IDS, SEVERITIES, type Policy, type SecretAttribute } from '../model.js';
import { applyBuildData } from './builds-file.js';
import { FILE_CAPS, readYamlFile } from './input-file.js';
import { isText, mapping, nonEmpty, parseInput } from './issues.js';
import { isIsoDate } from './values.js';

const SIGNATURE_NAMES = ['imsElement', 'clientId', 'clientSecret', 'technicalAccountId', 'privateKey'] as const;
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
const MIN_VERSION = 'is not in the build table; use a v7 version that `campaign-audit builds` lists, or a build number';
const policySchema = mapping({
  cutoff: z.string({ error: DATE }).refine(isIsoDate, { error: DATE }).optional(),
  minVersion: z
    .union([z.string(), z.number()], { error: MIN_VERSION })
    .transform((value, context): MinVersion => {
      try {
        return resolveMinVersion(String(value), SHIPPED_BUILDS);
      } catch {
        // Its message quotes the value; a message here quotes nothing of the file.
        context.addIssue({ code: 'custom', message: MIN_VERSION });
        return z.NEVER;
      }
    })
    .optional(),
  failOn: z.enum([...SEVERITIES, 'none'], { error: `must be one of ${SEVERITY_LIST} or none` }).optional(),
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
  const input = parseInput(file.source, policySchema, file.data ?? {});
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
