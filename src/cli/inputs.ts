// Input files the CLI reads besides the fleet: waivers, policy, and earlier JSON reports
// (for --baseline, convert, plan and diff). Every problem is an InputError naming the file,
// and the line for YAML.
import { isValid, parseISO } from 'date-fns';
import { InputError } from '../errors.js';
import { FILE_CAPS, readJsonFile, readYamlFile } from '../collect/input-file.js';
import { isRuleId, SEVERITIES, type Policy, type ScanResult, type SecretAttribute, type Severity, type Signatures } from '../model.js';
import { checkReportShape } from '../report-shape.js';
import { applyBuildData } from './builds-input.js';
import type { Waiver } from '../waivers.js';
import { parseMinVersion } from './options.js';
import type { ParsedYaml as YamlFile } from '../yaml.js';

const isDate = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && isValid(parseISO(value));
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

function asRecord(file: YamlFile, keys: (string | number)[], value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw file.fail(keys, `${what} must be a mapping`);
  return value as Record<string, unknown>;
}

/** Waivers file (contract, DESIGN.md §8). */
export async function loadWaivers(path: string): Promise<Waiver[]> {
  const file = await readYamlFile(path, '--waivers', FILE_CAPS.waivers);
  const root = asRecord(file, [], file.data ?? {}, 'the waivers file');
  const list = root.waivers ?? [];
  if (!Array.isArray(list)) throw file.fail(['waivers'], '"waivers" must be a list');
  const known = new Set(['fingerprint', 'ruleId', 'host', 'instance', 'reason', 'expires']);
  return list.map((item: unknown, index) => {
    const at = ['waivers', index];
    const entry = asRecord(file, at, item, `waivers[${index}]`);
    for (const key of Object.keys(entry)) if (!known.has(key)) throw file.fail([...at, key], `waivers[${index}]: unknown key "${key}"`);
    if (!isText(entry.reason)) throw file.fail(at, `waivers[${index}] needs a "reason"`);
    if (!isDate(entry.expires)) throw file.fail([...at, 'expires'], `waivers[${index}] needs "expires" as a date YYYY-MM-DD (UTC)`);
    const waiver: Waiver = { reason: entry.reason.trim(), expires: entry.expires };
    if (entry.fingerprint !== undefined) {
      if (!isText(entry.fingerprint)) throw file.fail([...at, 'fingerprint'], `waivers[${index}].fingerprint must be text`);
      waiver.fingerprint = entry.fingerprint.trim();
    } else {
      if (!isText(entry.ruleId) || !isText(entry.host)) throw file.fail(at, `waivers[${index}] needs a "fingerprint", or a "ruleId" and a "host"`);
      if (!isRuleId(entry.ruleId)) throw file.fail([...at, 'ruleId'], `waivers[${index}]: unknown rule "${entry.ruleId}"`);
      waiver.ruleId = entry.ruleId;
      waiver.host = entry.host;
      if (entry.instance !== undefined) {
        if (!isText(entry.instance)) throw file.fail([...at, 'instance'], `waivers[${index}].instance must be text`);
        waiver.instance = entry.instance;
      }
    }
    return waiver;
  });
}

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
  const root = asRecord(file, [], file.data ?? {}, 'the policy file');
  const result: Policy = structuredClone(policy);
  for (const key of Object.keys(root)) {
    if (!['cutoff', 'minVersion', 'failOn', 'severities', 'signatures', 'builds'].includes(key)) throw file.fail([key], `unknown key "${key}"`);
  }
  if (root.cutoff !== undefined) {
    if (!isDate(root.cutoff)) throw file.fail(['cutoff'], 'cutoff must be a date YYYY-MM-DD');
    result.cutoff = root.cutoff;
  }
  if (root.minVersion !== undefined) {
    try {
      const { minVersion, minBuild } = parseMinVersion(String(root.minVersion));
      Object.assign(result, { minVersion, minBuild });
    } catch (error) {
      throw file.fail(['minVersion'], (error as Error).message);
    }
  }
  if (root.failOn !== undefined) {
    if (!isSeverity(root.failOn) && root.failOn !== 'none') throw file.fail(['failOn'], `failOn must be one of ${SEVERITIES.join(', ')} or none`);
    result.failOn = root.failOn;
  }
  if (root.severities !== undefined) {
    const severities = asRecord(file, ['severities'], root.severities, 'severities');
    for (const [ruleId, severity] of Object.entries(severities)) {
      if (!isRuleId(ruleId)) throw file.fail(['severities', ruleId], `unknown rule "${ruleId}"`);
      if (!isSeverity(severity)) throw file.fail(['severities', ruleId], `severity of ${ruleId} must be one of ${SEVERITIES.join(', ')}`);
      result.severityOverrides[ruleId] = severity;
    }
  }
  if (root.signatures !== undefined) result.signatures = loadSignatures(file, root.signatures, result.signatures);
  // builds: the shape of a --builds file (src/cli/builds-input.ts).
  if (root.builds !== undefined) result.builds = applyBuildData(file, ['builds'], root.builds, result.builds, path);
  return result;
}

function loadSignatures(file: YamlFile, value: unknown, base: Signatures): Signatures {
  const at = ['signatures'];
  const input = asRecord(file, at, value, 'signatures');
  const signatures: Signatures = structuredClone(base);
  const names = ['imsElement', 'clientId', 'clientSecret', 'technicalAccountId', 'privateKey'] as const;
  for (const [key, entry] of Object.entries(input)) {
    if ((names as readonly string[]).includes(key)) {
      if (!isText(entry) || !/^[\w:.@/-]+$/.test(entry)) throw file.fail([...at, key], `signatures.${key} must be an attribute or element name`);
      signatures[key as (typeof names)[number]] = entry;
    } else if (key === 'secrets') {
      if (!Array.isArray(entry) || entry.length === 0) throw file.fail([...at, key], 'signatures.secrets must be a non-empty list of { element, attribute }');
      signatures.secrets = entry.map((item: unknown, index): SecretAttribute => {
        const secret = asRecord(file, [...at, key, index], item, `signatures.secrets[${index}]`);
        if (!isText(secret.element) || !isText(secret.attribute)) throw file.fail([...at, key, index], `signatures.secrets[${index}] needs "element" and "attribute"`);
        return { element: secret.element, attribute: secret.attribute };
      });
    } else {
      throw file.fail([...at, key], `unknown key "signatures.${key}"`);
    }
  }
  return signatures;
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
