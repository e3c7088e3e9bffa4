// Input files the CLI reads besides the fleet: waivers, policy, and earlier JSON reports
// (for --baseline, convert, plan and diff), each checked by a zod schema. Every problem is an
// InputError naming the file, and the line and field for YAML.
import { InputError } from '../errors.js';
import { FILE_CAPS, readJsonFile, readYamlFile } from './input-file.js';
import * as z from 'zod';
import { parseInFile } from './issues.js';
import { isRuleId, SEVERITIES, type Policy, type RuleId, type ScanResult, type SecretAttribute, type Severity } from '../model.js';
import { checkReportShape } from '../contract/report-shape.js';
import { applyBuildData } from './builds-file.js';
import type { Waiver } from '../engine/waivers.js';
import { resolveMinVersion, type MinVersion } from '../engine/policy.js';
import { SHIPPED_BUILDS } from '../data/builds.js';
import { isIsoDate } from './values.js';

const isDate = isIsoDate;
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
/** Non-empty text; `message` for anything else. */
const nonEmpty = (message: string) => z.string({ error: message }).refine(isText, { error: message });
/** A mapping; `what` names it in "must be a mapping", unknown keys are reported with `unknown`. */
const mapping = <T extends z.core.$ZodLooseShape>(shape: T, what: string, unknown: string) =>
  z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? unknown : `${what} must be a mapping`) });

const EXPIRES = '{parent} needs "expires" as a date YYYY-MM-DD (UTC)';
const waiverSchema = mapping(
  {
    reason: nonEmpty('{parent} needs a "reason"'),
    expires: z.string({ error: EXPIRES }).refine(isDate, { error: EXPIRES }),
    fingerprint: nonEmpty('{path} must be text').optional(),
    ruleId: z.unknown().optional(),
    host: z.unknown().optional(),
    instance: z.unknown().optional(),
  },
  '{path}',
  '{path}: unknown key "{key}"',
).transform((entry, context): Waiver => {
  const waiver = { reason: entry.reason.trim(), expires: entry.expires };
  // A fingerprint names one finding; ruleId, host and instance are then not read.
  if (entry.fingerprint !== undefined) return { ...waiver, fingerprint: entry.fingerprint.trim() };
  const fail = (message: string, path: string[] = []): never => {
    context.addIssue({ code: 'custom', message, path });
    return z.NEVER;
  };
  if (!isText(entry.ruleId) || !isText(entry.host)) return fail('{path} needs a "fingerprint", or a "ruleId" and a "host"');
  if (!isRuleId(entry.ruleId)) return fail(`{parent}: unknown rule "${entry.ruleId}"`, ['ruleId']);
  if (entry.instance !== undefined && !isText(entry.instance)) return fail('{path} must be text', ['instance']);
  return { ...waiver, ruleId: entry.ruleId, host: entry.host, ...(entry.instance !== undefined ? { instance: entry.instance } : {}) };
});
const waiversFileSchema = z.object({ waivers: z.array(waiverSchema, { error: '"waivers" must be a list' }).default([]) }, { error: 'the waivers file must be a mapping' });

/** Waivers file (contract, DESIGN.md §8). */
export async function loadWaivers(path: string): Promise<Waiver[]> {
  const file = await readYamlFile(path, '--waivers', FILE_CAPS.waivers);
  return parseInFile(file, [], waiversFileSchema, file.data ?? {}).waivers;
}

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

/** An earlier JSON report (DESIGN.md §7), for --baseline, convert, plan and diff. */
export async function readReport(path: string, flag: string): Promise<ScanResult> {
  const report = await readJsonFile(path, flag, FILE_CAPS.report);
  try {
    checkReportShape(report);
  } catch (error) {
    throw new InputError(`${flag} ${path}: not a campaign-audit JSON report (${(error as Error).message})`);
  }
  return report;
}
