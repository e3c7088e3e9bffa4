// The verdict as every human-facing format states it: one function computes the counts (open,
// waived, in the baseline, gating, not scanned) and the words, and one function the line that
// names it, so the table, Markdown, HTML, JUnit, SARIF and the stderr line cannot disagree with
// each other or with the JSON summary.
// Counts come from the findings and hosts themselves, not from `summary`, so a saved report
// whose summary was edited still gets a verdict that matches what it lists.
import { RULE_CATEGORIES, type CategorySummary, type Finding, type RuleCategory, type ScanResult, type Severity, type SeverityCounts, type Verdict } from '../model.js';
import { countBySeverity } from '../engine/evaluate.js';
import { checksOfReport, summarizeCategories } from '../engine/categories.js';
import { gatingFindings, isAccepted, verdictOf } from '../engine/result.js';
import { staleBuildData, type StaleBuildData } from '../data/builds.js';
import { jwtPhase } from '../data/jwt-phase.js';
import { cutoffPhrase, SEVERITIES_DESC } from '../render/text.js';

export interface BaselineSource {
  /** The baseline report's file name (no directory). */
  file: string | null;
  /** Its `generatedAt`, as the report says. */
  generatedAt: string | null;
}

export interface VerdictSummary {
  verdict: Verdict;
  /** PASS, FAIL or INCOMPLETE. */
  label: string;
  failOn: Severity | 'none';
  hosts: number;
  scanned: number;
  notScanned: number;
  /** Unwaived findings by severity (the JSON `summary.findings`); baselined ones included. */
  open: SeverityCounts;
  openTotal: number;
  waived: SeverityCounts;
  waivedTotal: number;
  /** Unwaived findings the baseline report already had: listed, counted as open, not gating. */
  baselined: SeverityCounts;
  baselinedTotal: number;
  /** A baseline was used (its findings carry `baseline: true|false`). */
  hasBaseline: boolean;
  baseline: BaselineSource | null;
  /** Findings that fail the gate: unwaived, not accepted by the baseline, at or above their category's gate. */
  gating: number;
  /** One verdict per category, in RULE_CATEGORIES order (docs/reports.md#categories). */
  categories: Record<RuleCategory, CategorySummary>;
  /** Set when the build data is more than 30 days older than asOf. */
  stale: StaleBuildData | undefined;
  /** "FAIL — 15 findings at or above high; 2 waived; 3 of 40 hosts not scanned". */
  headline: string;
  /** Lines that follow the headline: one per category, open counts, hosts, cutoff, build data. */
  details: string[];
}

const total = (counts: SeverityCounts): number => SEVERITIES_DESC.reduce((sum, severity) => sum + counts[severity], 0);
const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The word every human-facing format names the verdict with ("Verdict: FAIL — …"). */
export const VERDICT_LABEL = 'Verdict';

/** "Verdict: FAIL — 3 findings at or above high": how the table, Markdown, SARIF and JUnit open the verdict. */
export function verdictHeadline(summary: Pick<VerdictSummary, 'headline'>): string {
  return `${VERDICT_LABEL}: ${summary.headline}`;
}

/** "5 critical, 10 high, 3 medium, 0 low, 1 info". */
export function formatCounts(counts: SeverityCounts, options: { skipZero?: boolean } = {}): string {
  const parts = SEVERITIES_DESC.filter((severity) => !options.skipZero || counts[severity] > 0).map((severity) => `${counts[severity]} ${severity}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

export function summarizeVerdict(result: ScanResult): VerdictSummary {
  const openFindings = result.findings.filter((finding: Finding) => !finding.waived);
  const open = countBySeverity(openFindings);
  const waived = countBySeverity(result.findings.filter((finding) => finding.waived));
  const baselined = countBySeverity(openFindings.filter((finding) => isAccepted(finding, result.policy)));
  const hosts = result.hosts.length;
  const scanned = result.hosts.filter((host) => host.status === 'ok').length;
  const notScanned = hosts - scanned;
  const failOn = result.policy.failOn;
  const baseline = baselineSource(result);
  const hasBaseline = baseline !== null || result.summary.baselined !== undefined || result.findings.some((finding) => finding.baseline !== undefined);
  const summary: Omit<VerdictSummary, 'headline' | 'details'> = {
    verdict: verdictOf(openFindings, notScanned, result.policy),
    label: '',
    failOn,
    hosts,
    scanned,
    notScanned,
    open,
    openTotal: total(open),
    waived,
    waivedTotal: total(waived),
    baselined,
    baselinedTotal: total(baselined),
    hasBaseline,
    baseline,
    gating: gatingFindings(openFindings, result.policy).length,
    categories: summarizeCategories({ findings: openFindings, hosts: result.hosts, gate: result.policy, checks: checksOfReport(result.policy) }),
    // Reports written before the build data was versioned have no buildData.
    stale: typeof result.buildData?.checkedAt === 'string' ? staleBuildData(result.buildData.checkedAt, result.asOf) : undefined,
  };
  summary.label = summary.verdict.toUpperCase();
  return { ...summary, headline: headline(summary), details: details(summary, result) };
}

function headline(summary: Omit<VerdictSummary, 'headline' | 'details'>): string {
  const notScanned = summary.notScanned > 0 ? `${summary.notScanned} of ${plural(summary.hosts, 'host')} not scanned` : undefined;
  const gates = new Set(RULE_CATEGORIES.filter((category) => summary.categories[category].checked).map((category) => summary.categories[category].failOn));
  const threshold = gates.size === 1 ? summary.categories[RULE_CATEGORIES.find((category) => summary.categories[category].checked) ?? 'migration'].failOn : 'mixed';
  const findings = plural(summary.gating, `${summary.hasBaseline ? 'new ' : ''}finding`);
  const gate = threshold === 'none' ? 'gate off' : threshold === 'mixed' ? `${findings} at or above their category's gate` : `${findings} at or above ${threshold}`;
  const clauses = summary.verdict === 'incomplete' ? [notScanned, gate] : [gate, notScanned];
  if (summary.waivedTotal > 0) clauses.push(`${summary.waivedTotal} waived`);
  if (summary.hasBaseline) clauses.push(`${summary.baselinedTotal} accepted by ${baselineName(summary.baseline)}`);
  return `${summary.label} — ${clauses.filter((clause): clause is string => clause !== undefined).join('; ')}`;
}

function details(summary: Omit<VerdictSummary, 'headline' | 'details'>, result: ScanResult): string[] {
  const open = [`Open findings: ${summary.openTotal === 0 ? 'none' : formatCounts(summary.open)}`];
  if (summary.hasBaseline && summary.baselinedTotal > 0) open.push(`${summary.baselinedTotal} of them in the baseline`);
  const lines = [...RULE_CATEGORIES.map((category) => summary.categories[category].text), open.join('; ')];
  if (summary.waivedTotal > 0) lines.push(`Waived: ${formatCounts(summary.waived, { skipZero: true })} (listed, not gating)`);
  lines.push(`Hosts: ${summary.scanned} of ${summary.hosts} scanned${summary.notScanned > 0 ? `, ${summary.notScanned} not scanned` : ''}`);
  lines.push(`Gate: ${gatePhrase(summary)}; ${cutoffPhrase(result)} (as of ${result.asOf})`);
  lines.push(`JWT phase: ${jwtPhase(result.asOf, result.policy.cutoff).summary}`);
  if (summary.stale !== undefined) lines.push(`Build data: STALE — ${summary.stale.text}`);
  else if (typeof result.buildData?.checkedAt === 'string') lines.push(`Build data: checked ${result.buildData.checkedAt}`);
  return lines;
}

/** "high and above", "high and above (security: critical and above)", "off". */
function gatePhrase(summary: Omit<VerdictSummary, 'headline' | 'details'>): string {
  const phrase = (failOn: Severity | 'none'): string => (failOn === 'none' ? 'off' : `${failOn} and above`);
  const own = RULE_CATEGORIES.filter((category) => summary.categories[category].checked && summary.categories[category].failOn !== summary.failOn);
  const extra = own.length > 0 ? ` (${own.map((category) => `${category}: ${phrase(summary.categories[category].failOn)}`).join(', ')})` : '';
  return `${phrase(summary.failOn)}${extra}`;
}


/** "baseline report-2026-11-27.json from 2026-11-27", or "the baseline" when its name is unknown. */
export function baselineName(baseline: BaselineSource | null): string {
  if (baseline === null || baseline.file === null) return 'the baseline';
  const date = baseline.generatedAt !== null && /^\d{4}-\d{2}-\d{2}/.test(baseline.generatedAt) ? ` from ${baseline.generatedAt.slice(0, 10)}` : '';
  return `baseline ${baseline.file}${date}`;
}

/** summary.baseline as written by scan (a report read back has passed the report schema). */
function baselineSource(result: ScanResult): BaselineSource | null {
  const source = result.summary.baseline;
  return source === undefined ? null : { file: source.file, generatedAt: source.generatedAt };
}

/** A severity's share: "3 open, 2 waived", "23 open (20 in the baseline)", "5 open". */
export function severityShare(summary: VerdictSummary, severity: Severity): string {
  const baselined = summary.baselined[severity] > 0 ? ` (${summary.baselined[severity]} in the baseline)` : '';
  const waived = summary.waived[severity] > 0 ? `, ${summary.waived[severity]} waived` : '';
  return `${summary.open[severity]} open${baselined}${waived}`;
}

/**
 * What a report says of the secrets in it: fingerprints only, and under which key
 * (src/engine/fingerprint.ts), so a reader knows which reports' fingerprints compare.
 */
export function secretsNote(result: Pick<ScanResult, 'fingerprints'>): string {
  const info = result.fingerprints;
  return info === undefined
    ? 'Secret values never appear in this report: only sha256 fingerprints.'
    : `Secret values never appear in this report: only fingerprints, HMAC-SHA256 under the key with id ${info.keyId}.`;
}
