// The hardening checklist as data (docs/hardening.md#reading-the-checklist-report): every item
// of src/data/hardening-checklist.ts, on every host and instance of a finished result, with its
// status and why. Judged from the ScanResult alone (its findings, hosts and --checks), so a saved
// JSON report gives the same checklist (`convert report.json -f checklist`). The renderers
// (checklist-markdown.ts, checklist-html.ts) only print this.
import { HARDENING_CHECKLIST, type ChecklistItem } from '../data/hardening-checklist.js';
import { RULE_CATEGORIES, type Finding, type HostReport, type RuleCategory, type ScanResult } from '../model.js';
import { RULES_BY_ID } from '../rules/index.js';
import type { Rule } from '../rules/define.js';

/**
 * - pass: the item's rules ran on this instance and found nothing;
 * - fail: an unwaived finding (the findings say what);
 * - waived: findings, every one covered by a waiver;
 * - not-applicable: the item does not apply here (a Managed Cloud Services host), with why;
 * - not-checked: the item could not be judged here (host not scanned, its rules left out by
 *   --checks, a configuration file unreadable), with why and what would check it;
 * - manual: no configuration file shows it; the item's page says how to check it by hand.
 */
export const CHECKLIST_STATUSES = ['fail', 'waived', 'not-checked', 'pass', 'not-applicable', 'manual'] as const;
export type ChecklistStatus = (typeof CHECKLIST_STATUSES)[number];

export const CHECKLIST_STATUS_LABEL = {
  fail: 'FAIL',
  waived: 'waived',
  'not-checked': 'not checked',
  pass: 'pass',
  'not-applicable': 'n/a',
  manual: 'manual',
} as const satisfies Record<ChecklistStatus, string>;

export interface ChecklistEntry {
  item: ChecklistItem;
  status: ChecklistStatus;
  /** Why the item is not applicable or not checked, in one sentence. */
  reason?: string;
  /** For an item whose rules --checks left out: the categories that would run them. */
  checks?: RuleCategory[];
  /** The findings that decide a fail or waived status (waived ones included, flagged). */
  findings: Finding[];
}

/** One host, or one instance of it: what a config rule judges. */
export interface ChecklistScope {
  host: HostReport;
  /** The instance (config-<instance>.xml); null for a host judged as a whole (not scanned, or no instance file). */
  instance: string | null;
  entries: ChecklistEntry[];
}

export interface Checklist {
  items: readonly ChecklistItem[];
  scopes: ChecklistScope[];
  /** Entries by status over every scope. */
  counts: Record<ChecklistStatus, number>;
  /** The categories that ran (--checks), all of them when the report does not say. */
  checks: readonly RuleCategory[];
}

/** The checklist of a finished result. `items` is for tests; the report always uses Adobe's whole list. */
export function judgeChecklist(result: ScanResult, items: readonly ChecklistItem[] = HARDENING_CHECKLIST): Checklist {
  const checks = result.policy.checks ?? RULE_CATEGORIES;
  const scopes = result.hosts.flatMap((host) => scopesOf(host).map((instance) => ({
    host,
    instance,
    entries: items.map((item) => judgeItem(item, host, instance, result.findings, checks)),
  })));
  const counts = Object.fromEntries(CHECKLIST_STATUSES.map((status) => [status, 0])) as Record<ChecklistStatus, number>;
  for (const scope of scopes) for (const entry of scope.entries) counts[entry.status] += 1;
  return { items, scopes, counts, checks };
}

function scopesOf(host: HostReport): (string | null)[] {
  if (host.status !== 'ok' || host.instances.length === 0) return [null];
  return host.instances.map((instance) => instance.name);
}

/** A host's finding belongs to an instance when it names it, or names none (serverConf.xml and config-default.xml reach every instance). */
function inScope(finding: Finding, host: HostReport, instance: string | null): boolean {
  return finding.host === host.name && (instance === null || finding.instance === null || finding.instance === instance);
}

function judgeItem(item: ChecklistItem, host: HostReport, instance: string | null, findings: readonly Finding[], checks: readonly RuleCategory[]): ChecklistEntry {
  const base = { item, findings: [] as Finding[] };
  if (host.product === 'v8' && item.hosted !== undefined) {
    return { ...base, status: 'not-applicable', reason: `Campaign v8 runs as Managed Cloud Services. ${item.hosted}` };
  }
  if (item.kind === 'manual') return { ...base, status: 'manual' };
  if (host.status !== 'ok') {
    return { ...base, status: 'not-checked', reason: `host not scanned (${host.status}${host.error !== undefined ? `: ${host.error}` : ''})` };
  }
  const known = item.rules.map((id) => (RULES_BY_ID as Partial<Record<string, Rule>>)[id]).filter((rule): rule is Rule => rule !== undefined);
  const unknown = item.rules.filter((id) => !Object.hasOwn(RULES_BY_ID, id));
  if (known.length > 0 && host.product !== null && known.every((rule) => !rule.meta.products.includes(host.product as NonNullable<HostReport['product']>))) {
    return { ...base, status: 'not-applicable', reason: `its rules judge ${known[0]?.meta.products.join(', ')} hosts, and this host runs ${host.product}` };
  }
  const ran = known.filter((rule) => checks.includes(rule.meta.category));
  const own = findings.filter((finding) => ran.some((rule) => rule.id === finding.ruleId) && inScope(finding, host, instance));
  if (own.some((finding) => !finding.waived)) return { ...base, status: 'fail', findings: own };
  if (own.length > 0) return { ...base, status: 'waived', findings: own };
  const left = known.filter((rule) => !checks.includes(rule.meta.category));
  if (left.length > 0) {
    const categories = [...new Set(left.map((rule) => rule.meta.category))];
    return { ...base, status: 'not-checked', checks: categories, reason: `${left.map((rule) => rule.id).join(', ')} left out by --checks: run with --checks ${[...new Set([...checks, ...categories])].join(',')}` };
  }
  if (unknown.length > 0) {
    return { ...base, status: 'not-checked', reason: `${unknown.join(', ')}: no such rule in this version of campaign-audit` };
  }
  const unreadable = findings.find((finding) => finding.ruleId === 'config/unreadable' && inScope(finding, host, instance));
  if (unreadable !== undefined) {
    return { ...base, status: 'not-checked', reason: `${unreadable.file ?? 'a configuration file'} could not be read (config/unreadable)` };
  }
  return { ...base, status: 'pass' };
}

/** A scope's label: "host" or "host / instance". */
export function scopeLabel(scope: Pick<ChecklistScope, 'host' | 'instance'>): string {
  return scope.instance === null ? scope.host.name : `${scope.host.name} / ${scope.instance}`;
}
