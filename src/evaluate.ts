// rules × facts × policy × as-of date → findings (DESIGN.md §1). Pure and deterministic:
// the same facts, policy and date give the same findings in the same order.
import { createHash } from 'node:crypto';
import type { Finding, HostFacts, MessageData, Policy, RuleId, Severity } from './model.js';
import { daysSince, severityRank } from './policy.js';
import type { FleetInstance, Rule, RuleContext } from './rules/define.js';
import { RULES } from './rules/index.js';

export interface EvaluateOptions {
  policy: Policy;
  asOf: string;
  rules?: readonly Rule[];
}

export function evaluate(fleet: readonly HostFacts[], options: EvaluateOptions): Finding[] {
  const { policy, asOf } = options;
  const daysSinceCutoff = daysSince(asOf, policy.cutoff);
  const scanned = fleet.filter((host) => host.status === 'ok');
  const instancesByName = indexInstances(scanned);
  const findings: Finding[] = [];
  const rules: readonly Rule[] = options.rules ?? RULES;
  // A host reached whose configuration could not be collected (status `error`: empty,
  // unreadable or missing conf/) but whose pdump banner was read is judged by the rules that
  // read only the version (DOMAIN.md §10); its status says why the rest is missing. A host
  // not reached (unreachable, timeout, auth…) is not judged at all.
  const judged = fleet.filter((host) => host.status === 'ok' || (host.status === 'error' && host.version !== null));
  for (const host of judged) {
    const product = host.version?.product ?? 'v7';
    const isConfigRead = host.status === 'ok';
    const context: RuleContext = { host, fleet: scanned, instancesByName, policy, asOf, isCutoffPassed: daysSinceCutoff >= 0, daysSinceCutoff };
    for (const rule of rules) {
      if (!rule.products.includes(product)) continue;
      if (!isConfigRead && rule.reads !== 'version') continue;
      for (const hit of rule.check(context)) {
        const instance = hit.instance ?? null;
        const file = hit.file ?? null;
        const path = hit.path ?? null;
        const data = hit.data ?? {};
        findings.push({
          ruleId: rule.id,
          severity: policy.severityOverrides[rule.id] ?? hit.severity ?? rule.severity,
          host: host.name,
          instance,
          file,
          path,
          message: renderMessage(rule.messages[hit.messageId] ?? hit.messageId, data),
          messageId: hit.messageId,
          data,
          fingerprint: findingFingerprint(rule.id, host.name, instance, file, path),
          waived: false,
        });
      }
    }
  }
  return findings.sort(compareFindings);
}

/** Instance name → its hosts, once per evaluation, so that fleet rules stay O(n) over hosts. */
function indexInstances(scanned: readonly HostFacts[]): Map<string, FleetInstance[]> {
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

/** hash(ruleId, host, instance, file, path): no message, so baselines and waivers survive rewording (STYLE.md). */
export function findingFingerprint(ruleId: RuleId, host: string, instance: string | null, file: string | null, path: string | null): string {
  const key = JSON.stringify([ruleId, host, instance, file, path]);
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function renderMessage(template: string, data: MessageData): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
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

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}
