// The sentences every format of `campaign-audit trend` shares (table, Markdown, HTML, the stderr
// headline), so that each one tells a manager the same facts: instances migrated, counted once;
// containers on JWT; one line per category of findings; the deadlines in the range; the hosts
// that came, went or were not scanned; reports of different fleets; reports left out.
import { CATEGORY_LABELS } from '../engine/categories.js';
import { categoryFigure, type CategoryPair, type HostChange, type InstanceProgress, type Trend, type TrendPoint } from '../history/trend.js';
import type { RuleCategory } from '../model.js';

/** What the prose says for a category a report did not run; tables show NOT_CHECKED_CELL. */
export const NOT_CHECKED = 'not checked';
export const NOT_CHECKED_CELL = '-';

const signed = (delta: number): string => (delta > 0 ? `+${delta}` : delta < 0 ? `-${-delta}` : '±0');
const fromTo = ([before, after]: readonly [number, number]): string => `${before} → ${after} (${signed(after - before)})`;

/** "2 → 0 (-2)"; "not checked → 3" when a report did not run the category: no delta against a check that never happened. */
function categoryFromTo([before, after]: CategoryPair): string {
  if (before !== null && after !== null) return fromTo([before, after]);
  if (before === null && after === null) return 'not checked on either date';
  return `${before ?? NOT_CHECKED} → ${after ?? NOT_CHECKED}`;
}
const plural = (count: number, one: string, other = `${one}s`): string => `${count} ${count === 1 ? one : other}`;

/** A category's figure at one date for a table cell: its count, or '-' when that report did not run it (never 0). */
export function categoryCell(point: TrendPoint, category: RuleCategory): string {
  const figure = categoryFigure(point, category);
  return figure === null ? NOT_CHECKED_CELL : String(figure);
}

/** "Hardening 3", or "Hardening not checked". */
export function categoryText(point: TrendPoint, category: RuleCategory): string {
  const figure = categoryFigure(point, category);
  return `${CATEGORY_LABELS[category]} ${figure === null ? NOT_CHECKED : figure}`;
}

/** At most this many names per list in a sentence; the JSON has them all. */
export const MAX_NAMES = 5;

/** "a, b, c, d, e and 3 more". */
export function nameList(names: readonly string[], max = MAX_NAMES): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** "3 of 4 instances migrated (75 %)", or "no instance to migrate". */
export function migratedText(progress: InstanceProgress): string {
  if (progress.percent === null) return 'no instance to migrate';
  return `${progress.migrated} of ${plural(progress.instances, 'instance')} migrated (${progress.percent} %)`;
}

/** "Migration 3, Security 2": open critical and high findings of each category of the trend at one date. */
export function categoryFigures(trend: Trend, point: TrendPoint): string {
  return trend.categories.map((category) => categoryText(point, category)).join(', ');
}

/** " Open critical and high findings: …."; nothing when no report ran any category (a trend of no report). */
const findingsClause = (figures: string): string => (figures === '' ? '' : ` Open critical and high findings: ${figures}.`);

/** The trend in one paragraph: the figures of the last date, and their change since the first. */
export function trendHeadline(trend: Trend): string {
  const last = trend.points[trend.points.length - 1];
  if (last === undefined) return 'No report.';
  const notScanned = last.notScanned > 0 ? ` ${last.notScanned} of ${last.hosts} hosts were not scanned on ${last.asOf}: their instances are not counted.` : '';
  const mixed = trend.mixedFleets.length > 0 ? ' These reports come from different fleets (see the notes).' : '';
  const m = last.migration;
  const change = trend.change;
  if (change === null) {
    return `On ${last.asOf}: ${migratedText(m)}; ${plural(m.onJwt, 'instance')} on JWT, on ${plural(m.hostsOnJwt, 'container')}; ${plural(last.buildsBelowMinimum, 'host')} below ${last.minVersion}.${findingsClause(categoryFigures(trend, last))}${notScanned}${mixed}`;
  }
  const first = trend.points[0] ?? last;
  const categories = trend.categories.map((category) => `${CATEGORY_LABELS[category]} ${categoryFromTo(change.categories[category] ?? [null, null])}`).join('; ');
  const was = first.migration.percent === null ? 'none to migrate' : `${first.migration.migrated} of ${first.migration.instances} (${first.migration.percent} %)`;
  return `From ${change.from} to ${change.to}: ${migratedText(m)}, was ${was}; instances on JWT ${fromTo(change.instancesOnJwt)}; containers on JWT ${fromTo(change.hostsOnJwt)}; hosts below ${last.minVersion} ${fromTo(change.buildsBelowMinimum)}.${findingsClause(categories)}${notScanned}${mixed}`;
}

/**
 * One sentence per category that some reports of the trend did not run (an opt-in category added
 * to --checks later, or left out for a week): their dates show it as not checked, not as 0.
 */
export function notCheckedNotes(trend: Trend): string[] {
  return trend.categories.flatMap((category) => {
    const dates = trend.points.filter((point) => !point.checks.includes(category)).map((point) => point.asOf);
    if (dates.length === 0) return [];
    return [`${CATEGORY_LABELS[category]} is not checked on ${nameList(dates)}: ${dates.length === 1 ? 'that report' : 'those reports'} did not run its rules (--checks), so it has no figure there (${NOT_CHECKED_CELL}), not 0.`];
  });
}

/** What the figures count. */
export function trendLegend(minVersion: string): string {
  return `Instances are counted once across their hosts: one is migrated when every host it is configured on has OAuth and none has JWT; instances with no technical account on any host have nothing to migrate and are left out, as are Campaign v8 hosts. Containers on JWT: scanned v7 hosts with an instance on JWT. "Below ${minVersion}": scanned v7 hosts whose build is older than the minimum. Findings: open critical and high (waived ones not counted), one figure per category.`;
}

/** "Deadlines in this range: 2026-03-01 JWT hard stop.", or nothing. */
export function deadlineNote(trend: Trend): string[] {
  if (trend.deadlines.length === 0) return [];
  return [`Deadlines in this range: ${trend.deadlines.map((deadline) => `${deadline.date} ${deadline.label}`).join('; ')}.`];
}

/** One sentence per date on which hosts came, went or were not scanned: a drop there may be hosts not seen, not progress. */
export function hostChangeNotes(trend: Trend): string[] {
  return trend.hostChanges.map((change) => `${change.asOf}: ${hostChangeClauses(change, trend.points.find((point) => point.asOf === change.asOf)).join('; ')}.`);
}

function hostChangeClauses(change: HostChange, point: TrendPoint | undefined): string[] {
  const clauses: string[] = [];
  if (change.added.length > 0) clauses.push(`${plural(change.added.length, 'host')} added since ${change.since ?? '-'} (${nameList(change.added)})`);
  if (change.removed.length > 0) clauses.push(`${plural(change.removed.length, 'host')} removed since ${change.since ?? '-'} (${nameList(change.removed)})`);
  if (change.notScanned.length > 0) clauses.push(`${change.notScanned.length} of ${point?.hosts ?? change.notScanned.length} hosts not scanned (${nameList(change.notScanned)}), their instances and findings missing from that date's figures`);
  return clauses;
}

/** One sentence per pair of reports that look like different fleets (written when --allow-mixed let them through). */
export function mixedFleetNotes(trend: Trend): string[] {
  return trend.mixedFleets.map((entry) => `${entry.from.source} (${entry.from.asOf}, ${plural(entry.from.hosts, 'host')}) and ${entry.to.source} (${entry.to.asOf}, ${plural(entry.to.hosts, 'host')}) share ${entry.shared === 0 ? 'no host' : plural(entry.shared, 'host')}: they look like different fleets, trended together by --allow-mixed.`);
}

/** One line per report left out because a later report has the same date. */
export function supersededNotes(trend: Trend): string[] {
  return trend.superseded.map((entry) => `${entry.asOf}: ${entry.usedSource} is used; ${entry.source} (generated ${entry.generatedAt}), an earlier report for the same date, is left out.`);
}
