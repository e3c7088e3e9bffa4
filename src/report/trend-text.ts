// `campaign-audit trend` as text: the terminal table (fits the terminal, 80 columns by default,
// a stacked layout when the table would not), Markdown for the weekly mail or wiki page, and the
// sentences both share with the HTML page.
import Table from 'cli-table3';
import { criticalHigh, latestMinVersion, type Trend, type TrendPoint } from '../history/trend.js';
import { code, md, mdDocument, mdRaw, mdText } from '../render/markdown-text.js';
import { safeJson, SEVERITIES_DESC, terminalSafe } from '../render/text.js';
import { wrapText } from '../render/text-layout.js';

const signed = (delta: number): string => (delta > 0 ? `+${delta}` : delta < 0 ? `-${-delta}` : '±0');
const fromTo = ([before, after]: [number, number]): string => `${before} → ${after} (${signed(after - before)})`;

/** "From 2026-10-01 to 2026-12-02: instances on JWT 12 → 3 (-9); …", or the one date's figures. */
export function trendHeadline(trend: Trend): string {
  const last = trend.points[trend.points.length - 1];
  if (last === undefined) return 'No report.';
  const notScanned = last.notScanned > 0 ? ` ${last.notScanned} of ${last.hosts} hosts were not scanned on ${last.asOf}: their instances are not counted.` : '';
  const change = trend.change;
  if (change === null) {
    return `One date, ${last.asOf}: ${last.instances.jwt} instances on JWT, ${last.instances.oauth} on OAuth, ${criticalHigh(last)} open critical and high findings, ${last.buildsBelowMinimum} hosts below ${last.minVersion}.${notScanned}`;
  }
  return `From ${change.from} to ${change.to}: instances on JWT ${fromTo(change.jwt)}; on OAuth ${fromTo(change.oauth)}; open critical and high findings ${fromTo(change.criticalHigh)}; hosts below ${last.minVersion} ${fromTo(change.buildsBelowMinimum)}.${notScanned}`;
}

/** What the columns count. */
export function trendLegend(minVersion: string): string {
  return `Instances are counted once per host they are configured on (each host's configuration must be migrated); Campaign v8 hosts are left out. "Below ${minVersion}": scanned v7 hosts whose build is older than the minimum. Findings: open (waived ones not counted).`;
}

/** One line per date on which hosts were missed: a drop there may be hosts not seen, not progress. */
export function notScannedNotes(trend: Trend): string[] {
  return trend.points.filter((point) => point.notScanned > 0).map((point) => `${point.asOf}: ${point.notScanned} of ${point.hosts} hosts not scanned; their instances and findings are missing from that date's figures.`);
}

/** One line per report left out because a later report has the same date. */
export function supersededNotes(trend: Trend): string[] {
  return trend.superseded.map((entry) => `${entry.asOf}: ${entry.usedSource} is used; ${entry.source} (generated ${entry.generatedAt}), an earlier report for the same date, is left out.`);
}

/** `trend --format json`: terminal-unsafe characters as \u escapes, the same values. */
export function renderTrendJson(trend: Trend): string {
  return safeJson(trend);
}

export function renderTrendTable(report: Trend, width: number): string {
  // Every string of the trend (file names, versions, dates) printable and on one line.
  const trend = terminalSafe(report);
  const columns = width > 0 ? width : 80;
  const minVersion = latestMinVersion(trend);
  const table = new Table({
    head: ['Date', 'Hosts', 'JWT', 'OAuth', 'Incompl', 'Unkn', '<min', 'Crit', 'High', 'Med', 'Low', 'Info'],
    colAligns: ['left', ...Array<'right'>(11).fill('right')],
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const point of trend.points) {
    table.push([point.asOf, `${point.scanned}/${point.hosts}`, point.instances.jwt, point.instances.oauth, point.instances.incomplete, point.instances.unknown, point.buildsBelowMinimum, ...SEVERITIES_DESC.map((severity) => point.open[severity])].map(String));
  }
  const rendered = table.toString().split('\n').map((line) => line.trimEnd());
  const fits = rendered.every((line) => line.length <= columns);
  const legend = `${fits ? `Hosts: scanned/total. JWT, OAuth, Incompl(ete), Unkn(own): instances by credential, counted once per host they are configured on (Campaign v8 hosts left out). <min: hosts below ${minVersion}. Crit…Info: open findings (waived ones not counted).` : trendLegend(minVersion)}`;
  const out = [...wrapText(trendHeadline(trend), columns), '', ...(fits ? rendered : stacked(trend.points, columns)), ''];
  for (const note of [legend, ...notScannedNotes(trend), ...supersededNotes(trend)]) out.push(...wrapText(note, columns));
  return `${out.join('\n')}\n`;
}

/** For terminals too narrow for the table: one block per date, every line within the width. */
function stacked(points: readonly TrendPoint[], columns: number): string[] {
  return points.flatMap((point) => [
    point.asOf,
    ...wrapText(`  hosts ${point.scanned} of ${point.hosts} scanned`, columns),
    ...wrapText(`  instances: ${point.instances.jwt} jwt, ${point.instances.oauth} oauth, ${point.instances.incomplete} incomplete, ${point.instances.unknown} unknown`, columns),
    ...wrapText(`  hosts below ${point.minVersion}: ${point.buildsBelowMinimum}`, columns),
    ...wrapText(`  open: ${SEVERITIES_DESC.map((severity) => `${point.open[severity]} ${severity}`).join(', ')}`, columns),
  ]);
}

export function renderTrendMarkdown(trend: Trend): string {
  const minVersion = latestMinVersion(trend);
  const out = ['# Campaign JWT to OAuth migration progress', '', md`${trendHeadline(trend)}`, ''];
  out.push(md`| Date | Hosts scanned | JWT | OAuth | Incomplete | Unknown | Below ${minVersion} | Critical | High | Medium | Low | Info |`, `| --- |${' ---: |'.repeat(11)}`);
  for (const point of trend.points) {
    const figures = [point.instances.jwt, point.instances.oauth, point.instances.incomplete, point.instances.unknown, point.buildsBelowMinimum, ...SEVERITIES_DESC.map((severity) => point.open[severity])];
    out.push(md`| ${point.asOf} | ${point.scanned} of ${point.hosts} | ${mdRaw(figures.join(' | '))} |`);
  }
  out.push('', md`${trendLegend(minVersion)}`, '');
  const missed = notScannedNotes(trend);
  if (missed.length > 0) out.push('Hosts not scanned:', '', ...missed.map((note) => `- ${mdText(note)}`), '');
  if (trend.superseded.length > 0) {
    out.push('Several reports for one date:', '');
    for (const entry of trend.superseded) out.push(md`- ${entry.asOf}: ${code(entry.usedSource)} is used; ${code(entry.source)} (generated ${entry.generatedAt}), an earlier report for the same date, is left out.`);
    out.push('');
  }
  out.push('Reports:', '', ...trend.points.map((point) => md`- ${point.asOf}: ${code(point.source)} (generated ${point.generatedAt}, verdict ${point.verdict})`));
  return mdDocument(out);
}
