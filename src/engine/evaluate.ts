// rules × facts × policy × as-of date → findings (docs/architecture.md#pipeline). Pure and deterministic:
// the same facts, policy and date give the same findings in the same order.
import { createHash } from 'node:crypto';
import type { Finding, HostFacts, HostSummary, InstanceSummary, MessageData, Policy, SeverityCounts } from '../model.js';
import { daysSince } from '../dates.js';
import { severityRank } from './policy.js';
import { isFleetRule, type FleetInstance, type HostRule, type Judgement, type Rule, type RuleHit } from '../rules/define.js';
import { RULES } from '../rules/index.js';

export interface EvaluateOptions {
  policy: Policy;
  asOf: string;
  rules?: readonly Rule[];
}

/**
 * Every finding of a fleet: each host's own (evaluateHost), then the fleet rules' on the hosts'
 * summaries (evaluateFleet), sorted. A scan does the same one host at a time (result.ts
 * HostJudge), keeping only summaries and findings: both give the same findings in the same order.
 */
export function evaluate(fleet: readonly HostFacts[], options: EvaluateOptions): Finding[] {
  const judgement = judgementOf(options);
  const findings = fleet.flatMap((host) => evaluateHost(host, options, judgement));
  findings.push(...evaluateFleet(fleet.map(summarizeHost), options, judgement));
  return findings.sort(compareFindings);
}

/**
 * One host's findings from the host rules, unsorted (in rule order). A caller judging many hosts
 * passes the judgement it computed once (judgementOf): the dates are parsed once per scan.
 */
export function evaluateHost(host: HostFacts, options: EvaluateOptions, judgement: Judgement = judgementOf(options)): Finding[] {
  const rules = rulesOf(options).filter((rule): rule is HostRule => !isFleetRule(rule));
  if (rules.length === 0 || !isJudged(host)) return [];
  const context = { host, ...judgement };
  return rules.flatMap((rule) => (applies(rule, host) ? rule.check(context).map((hit) => toFinding(rule, host, hit, options.policy)) : []));
}

/** The fleet rules' findings on every host's summary (in fleet order), unsorted. */
export function evaluateFleet(fleet: readonly HostSummary[], options: EvaluateOptions, judgement: Judgement = judgementOf(options)): Finding[] {
  const rules = rulesOf(options).filter(isFleetRule);
  if (rules.length === 0) return [];
  const scanned = fleet.filter((host) => host.status === 'ok');
  const instancesByName = indexInstances(scanned);
  const base = { fleet: scanned, instancesByName, ...judgement };
  const findings: Finding[] = [];
  for (const host of fleet) {
    if (!isJudged(host)) continue;
    const context = { host, ...base };
    for (const rule of rules) {
      if (applies(rule, host)) for (const hit of rule.check(context)) findings.push(toFinding(rule, host, hit, options.policy));
    }
  }
  return findings;
}

/** What the reports and the fleet rules need of a host: a few KiB, whatever its files held. */
export function summarizeHost(host: HostSummary): HostSummary {
  const { name, address, tags, status, error, version, pdumpError, installDir, instances } = host;
  return {
    name,
    address,
    tags,
    status,
    ...(error !== undefined ? { error } : {}),
    version: version === null ? null : { product: version.product, version: version.version, build: version.build, sha: version.sha },
    ...(pdumpError !== undefined ? { pdumpError } : {}),
    ...(installDir !== undefined ? { installDir } : {}),
    instances: instances.map(summarizeInstance),
  };
}

/** An instance as the reports show it (in the JSON report's key order), without its configuration. */
export function summarizeInstance({ name, credential, file, clientId, technicalAccountId, orgId }: InstanceSummary): InstanceSummary {
  return {
    name,
    credential,
    file,
    ...(clientId !== undefined ? { clientId } : {}),
    ...(technicalAccountId !== undefined ? { technicalAccountId } : {}),
    ...(orgId !== undefined ? { orgId } : {}),
  };
}

/** The rules that run: those given (or every rule) of the categories --checks chose, less those the policy turned off. */
function rulesOf(options: EvaluateOptions): readonly Rule[] {
  const { checks, rulesOff } = options.policy;
  return (options.rules ?? RULES).filter((rule) => checks.includes(rule.meta.category) && !rulesOff.includes(rule.id));
}

/** The policy and dates every rule is judged against, with the cutoff's day count worked out once. */
export function judgementOf({ policy, asOf }: EvaluateOptions): Judgement {
  const daysSinceCutoff = daysSince(asOf, policy.cutoff);
  return { policy, asOf, isCutoffPassed: daysSinceCutoff >= 0, daysSinceCutoff };
}

/**
 * A host reached whose configuration could not be collected (status `error`: empty, unreadable
 * or missing conf/) but whose pdump banner was read is judged by the rules that require only the
 * version (docs/campaign.md#version-banner); its status says why the rest is missing. A host not reached
 * (unreachable, timeout, auth…) is not judged at all.
 */
function isJudged(host: HostSummary): boolean {
  return host.status === 'ok' || (host.status === 'error' && host.version !== null);
}

function applies(rule: Rule, host: HostSummary): boolean {
  const product = host.version?.product ?? 'v7';
  if (!rule.meta.products.includes(product)) return false;
  return host.status === 'ok' || rule.meta.requires === 'version';
}

function toFinding(rule: Rule, host: HostSummary, hit: RuleHit<string>, policy: Policy): Finding {
  const instance = hit.instance ?? null;
  const file = hit.file ?? null;
  const path = hit.path ?? null;
  const data = hit.data ?? {};
  return {
    ruleId: rule.id,
    severity: policy.severityOverrides[rule.id] ?? hit.severity ?? rule.meta.severity,
    host: host.name,
    instance,
    file,
    path,
    message: renderMessage(rule.meta.messages[hit.messageId] ?? hit.messageId, data),
    messageId: hit.messageId,
    data,
    ...(hit.hosts !== undefined ? { hosts: [...hit.hosts] } : {}),
    fingerprint: findingFingerprint({ ruleId: rule.id, host: host.name, instance, file, path }),
    waived: false,
  };
}

/** Instance name → its hosts, once per evaluation, so that fleet rules stay O(n) over hosts. */
function indexInstances(scanned: readonly HostSummary[]): Map<string, FleetInstance[]> {
  const index = new Map<string, FleetInstance[]>();
  for (const host of scanned) {
    for (const instance of host.instances) {
      const members = index.get(instance.name);
      if (members === undefined) index.set(instance.name, [{ host, instance }]);
      else members.push({ host, instance });
    }
  }
  return index;
}

/**
 * hash(ruleId, host, instance, file, path): no message, so baselines and waivers survive rewording (docs/rules/README.md#finding-fields-and-fingerprints).
 * Named fields, not positions: instance, file and path are all `string | null`, and two of them
 * swapped would compile yet change every fingerprint. The hashed array keeps its order, so the
 * values stay what baselines and waivers hold.
 */
export function findingFingerprint({ ruleId, host, instance, file, path }: Pick<Finding, 'ruleId' | 'host' | 'instance' | 'file' | 'path'>): string {
  const key = JSON.stringify([ruleId, host, instance, file, path]);
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function renderMessage(template: string, data: MessageData): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.hasOwn(data, key) ? String(data[key]) : whole));
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    compareText(a.host, b.host) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.instance ?? '', b.instance ?? '') ||
    compareText(a.file ?? '', b.file ?? '') ||
    compareText(a.path ?? '', b.path ?? '')
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Findings by severity, every severity present (0 when none), most severe first. */
export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}
