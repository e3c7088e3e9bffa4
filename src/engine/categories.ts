// One verdict per category (docs/reports.md#categories): migration and security fixes are
// judged apart, each by its own gate, so a migrated fleet that misses a security bulletin says
// "Migration: PASS" and "Security: FAIL — 8 hosts miss APSB26-142" instead of one mixed number.
// The gate of the run stays one exit code: it fails when any category fails.
import { RULE_CATEGORIES, type CategorySummary, type Finding, type HostReport, type RuleCategory } from '../model.js';
import { countBySeverity } from './evaluate.js';
import { RULES, RULES_BY_ID } from '../rules/index.js';
import { failOnOf, isGating, severityRank, type GateSettings } from './policy.js';

/** What a category's line is judged from: the findings, the hosts, the gate and the categories that ran. */
export interface CategoryInput {
  findings: readonly Finding[];
  hosts: readonly Pick<HostReport, 'status'>[];
  gate: GateSettings;
  /** Categories whose rules ran (--checks); undefined: all. */
  checks?: readonly RuleCategory[] | undefined;
}

export const CATEGORY_LABELS = { migration: 'Migration', security: 'Security', hardening: 'Hardening' } as const satisfies Record<RuleCategory, string>;

/** A finding's category; undefined for a rule id this version does not know (a hand-edited report), which the general gate judges. */
export function categoryOf(finding: Pick<Finding, 'ruleId'>): RuleCategory | undefined {
  return (RULES_BY_ID as Partial<Record<string, (typeof RULES)[number]>>)[finding.ruleId]?.meta.category;
}

/** Findings that fail the gate: unwaived, at or above their category's gate, not accepted by the baseline. */
export function gatingFindings(findings: readonly Finding[], gate: GateSettings): Finding[] {
  return findings.filter((finding) => isGating(finding, categoryOf(finding), gate));
}

export function summarizeCategories(input: CategoryInput): Record<RuleCategory, CategorySummary> {
  const notScanned = input.hosts.filter((host) => host.status !== 'ok').length;
  return Object.fromEntries(RULE_CATEGORIES.map((category) => [category, summarizeCategory(category, input, notScanned)])) as Record<RuleCategory, CategorySummary>;
}

function summarizeCategory(category: RuleCategory, input: CategoryInput, notScanned: number): CategorySummary {
  const failOn = failOnOf(input.gate, category);
  const checked = input.checks === undefined || input.checks.includes(category);
  const open = input.findings.filter((finding) => !finding.waived && categoryOf(finding) === category);
  const gating = open.filter((finding) => isGating(finding, category, input.gate));
  const findings = countBySeverity(open);
  const verdict = !checked ? 'not-checked' : gating.length > 0 ? 'fail' : notScanned > 0 ? 'incomplete' : 'pass';
  const label = CATEGORY_LABELS[category];
  let words: string;
  if (!checked) words = 'not checked (left out by --checks)';
  else if (verdict === 'fail') words = tallies(gating).join('; ');
  else {
    const clauses = [failOn === 'none' ? 'gate off' : `nothing at or above ${failOn}`];
    if (notScanned > 0) clauses.unshift(`${notScanned} of ${input.hosts.length} host${input.hosts.length === 1 ? '' : 's'} not scanned`);
    if (open.length > 0) clauses.push(failOn === 'none' ? tallies(open).join('; ') : `open below the gate: ${tallies(open).join('; ')}`);
    words = clauses.join('; ');
  }
  const head = verdict === 'not-checked' ? 'NOT CHECKED' : verdict.toUpperCase();
  return { verdict, checked, failOn, findings, gating: gating.length, text: verdict === 'not-checked' ? `${label}: NOT CHECKED — left out by --checks` : `${label}: ${head} — ${words}` };
}

/** "3 instances on JWT", one per rule that has findings: the most severe first, then in registry order. */
export function tallies(findings: readonly Finding[]): string[] {
  const worst = (own: readonly Finding[]): number => Math.max(...own.map((finding) => severityRank(finding.severity)));
  return RULES.map((rule) => ({ rule, own: findings.filter((finding) => finding.ruleId === rule.id) }))
    .filter(({ own }) => own.length > 0)
    .sort((a, b) => worst(b.own) - worst(a.own))
    .map(({ rule, own }) => tally(rule.meta.tally, own));
}

const MAX_VALUES = 3;

function tally({ unit, one, other }: (typeof RULES)[number]['meta']['tally'], findings: readonly Finding[]): string {
  const keys = new Set(findings.map((finding) => (unit === 'host' ? finding.host : unit === 'instance' ? (finding.instance ?? `\u0000${finding.host}`) : finding.fingerprint)));
  const count = unit === 'finding' ? findings.length : keys.size;
  return (count === 1 ? one : other).replace(/\{(\w+)\}/g, (whole, key: string) => {
    if (key === 'count') return String(count);
    // The values most findings share first ("8 hosts miss APSB26-142"), then the newest.
    const counts = new Map<string, number>();
    for (const finding of findings) for (const value of new Set(String(finding.data?.[key] ?? '').split(', '))) if (value !== '') counts.set(value, (counts.get(value) ?? 0) + 1);
    const values = [...counts.keys()].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || b.localeCompare(a, 'en', { numeric: true }));
    if (values.length === 0) return whole;
    return values.length <= MAX_VALUES ? values.join(', ') : `${values.slice(0, MAX_VALUES).join(', ')} and ${values.length - MAX_VALUES} more`;
  });
}
