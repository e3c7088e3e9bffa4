// `campaign-audit trend` as text: the terminal table (fits the terminal, 80 columns by default,
// a stacked layout when the table would not), Markdown for the weekly mail or wiki page, and
// JSON. The sentences they share with the HTML page are in trend-notes.ts.
import Table from 'cli-table3';
import { CATEGORY_LABELS } from '../engine/categories.js';
import { latestMinVersion, type Deadline, type Trend, type TrendPoint } from '../history/trend.js';
import { code, md, mdDocument, mdRaw, mdText } from '../render/markdown-text.js';
import { safeJson, SEVERITIES_DESC, terminalSafe } from '../render/text.js';
import { wrapText } from '../render/text-layout.js';
import { categoryCell, categoryFigures, deadlineNote, hostChangeNotes, migratedText, mixedFleetNotes, nameList, notCheckedNotes, supersededNotes, trendHeadline, trendLegend } from './trend-notes.js';

/** `trend --format json`: terminal-unsafe characters as \u escapes, the same values. */
export function renderTrendJson(trend: Trend): string {
  return safeJson(trend);
}

/** "3/4 75%": instances migrated of instances to migrate, for a narrow column. */
const migratedCell = (point: TrendPoint): string => (point.migration.percent === null ? '-' : `${point.migration.migrated}/${point.migration.instances} ${point.migration.percent}%`);

/** The deadlines after the point before (if any) and up to this point's date: their marker goes above its row. */
function deadlinesBefore(deadlines: readonly Deadline[], points: readonly TrendPoint[], index: number): Deadline[] {
  const after = points[index - 1]?.asOf ?? '';
  const upTo = points[index]?.asOf ?? '';
  return deadlines.filter((deadline) => deadline.date > after && deadline.date <= upTo);
}

const marker = (deadline: Deadline): string => `-- ${deadline.date} ${deadline.label} --`;

/** wrapText, keeping "75 %" on one line. */
const wrap = (text: string, columns: number): string[] => wrapText(text.replaceAll(' %', '\u00a0%'), columns).map((line) => line.replaceAll('\u00a0', ' '));

export function renderTrendTable(report: Trend, width: number): string {
  // Every string of the trend (file names, host names, versions, dates) printable and on one line.
  const trend = terminalSafe(report);
  const columns = width > 0 ? width : 80;
  const minVersion = latestMinVersion(trend);
  const table = new Table({
    // One column per category some report ran (trend.categories): never a column of zeros for a category nobody checked.
    head: ['Date', 'Hosts', 'Migrated', 'JWT', 'Ctrs', '<min', ...trend.categories.map((category) => CATEGORY_LABELS[category])],
    colAligns: ['left', ...Array<'right'>(5 + trend.categories.length).fill('right')],
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const point of trend.points) {
    table.push([point.asOf, `${point.scanned}/${point.hosts}`, migratedCell(point), point.migration.onJwt, point.migration.hostsOnJwt, point.buildsBelowMinimum, ...trend.categories.map((category) => categoryCell(point, category))].map(String));
  }
  const [head = '', ...rows] = table.toString().split('\n').map((line) => line.trimEnd());
  // A marker line above the first row on or after each deadline (cli-table3 gives one line per row: nothing here wraps).
  const marked = [head, ...rows.flatMap((row, index) => [...deadlinesBefore(trend.deadlines, trend.points, index).map(marker), row])];
  const fits = marked.every((line) => line.length <= columns);
  const legend = fits
    ? `Hosts: scanned/total. Migrated: instances migrated of instances to migrate, each counted once (migrated: OAuth and no JWT on every host of it). JWT: instances on JWT. Ctrs: containers (hosts) with an instance on JWT. <min: hosts below ${minVersion}.${trend.categories.length > 0 ? ` ${trend.categories.map((category) => CATEGORY_LABELS[category]).join(', ')}: open critical and high findings of that category.` : ''} Campaign v8 hosts and instances without a technical account are left out.`
    : trendLegend(minVersion);
  const out = [...wrap(trendHeadline(trend), columns), '', ...(fits ? marked : stacked(trend, columns)), ''];
  const reports = trend.points.length > 0 ? [`Reports, oldest first: ${nameList(trend.points.map((point) => point.source))}.`] : [];
  for (const note of [legend, ...notCheckedNotes(trend), ...deadlineNote(trend), ...hostChangeNotes(trend), ...mixedFleetNotes(trend), ...supersededNotes(trend), ...reports]) out.push(...wrap(note, columns));
  return `${out.join('\n')}\n`;
}

/** For terminals too narrow for the table: one block per date, every line within the width. */
function stacked(trend: Trend, columns: number): string[] {
  return trend.points.flatMap((point, index) => [
    ...deadlinesBefore(trend.deadlines, trend.points, index).flatMap((deadline) => wrapText(marker(deadline), columns)),
    point.asOf,
    ...wrapText(`  hosts ${point.scanned} of ${point.hosts} scanned`, columns),
    ...wrap(`  ${migratedText(point.migration)}`, columns),
    ...wrapText(`  on JWT: ${point.migration.onJwt} instances, ${point.migration.hostsOnJwt} containers`, columns),
    ...wrapText(`  hosts below ${point.minVersion}: ${point.buildsBelowMinimum}`, columns),
    ...(trend.categories.length > 0 ? wrapText(`  open critical and high: ${categoryFigures(trend, point)}`, columns) : []),
  ]);
}

export function renderTrendMarkdown(trend: Trend): string {
  const minVersion = latestMinVersion(trend);
  const out = ['# Campaign JWT to OAuth migration progress', '', md`${trendHeadline(trend)}`, ''];
  for (const note of deadlineNote(trend)) out.push(mdText(note), '');
  const labels = trend.categories.map((category) => CATEGORY_LABELS[category]);
  const cells = 5 + labels.length + SEVERITIES_DESC.length;
  out.push(md`| Date | Hosts scanned | Instances migrated | Instances on JWT | Containers on JWT | Below ${minVersion} | ${mdRaw(labels.map((label) => `${mdText(label)} (critical, high)`).join(' | '))} | ${mdRaw(SEVERITIES_DESC.map((severity) => `All ${severity}`).join(' | '))} |`, `| --- |${' ---: |'.repeat(cells)}`);
  trend.points.forEach((point, index) => {
    for (const deadline of deadlinesBefore(trend.deadlines, trend.points, index)) out.push(md`| **${deadline.date}** | *${deadline.label}* |${mdRaw(' |'.repeat(cells - 1))}`);
    const figures = [point.migration.onJwt, point.migration.hostsOnJwt, point.buildsBelowMinimum, ...trend.categories.map((category) => categoryCell(point, category)), ...SEVERITIES_DESC.map((severity) => point.open[severity])];
    out.push(md`| ${point.asOf} | ${point.scanned} of ${point.hosts} | ${migratedText(point.migration)} | ${mdRaw(figures.join(' | '))} |`);
  });
  out.push('', md`${trendLegend(minVersion)}`, '');
  for (const note of notCheckedNotes(trend)) out.push(mdText(note), '');
  const lists: [string, string[]][] = [
    ['Hosts added, removed or not scanned:', hostChangeNotes(trend)],
    ['Reports from different fleets:', mixedFleetNotes(trend)],
  ];
  for (const [title, notes] of lists) if (notes.length > 0) out.push(title, '', ...notes.map((note) => `- ${mdText(note)}`), '');
  if (trend.superseded.length > 0) {
    out.push('Several reports for one date:', '');
    for (const entry of trend.superseded) out.push(md`- ${entry.asOf}: ${code(entry.usedSource)} is used; ${code(entry.source)} (generated ${entry.generatedAt}), an earlier report for the same date, is left out.`);
    out.push('');
  }
  out.push('Reports:', '', ...trend.points.map((point) => md`- ${point.asOf}: ${code(point.source)} (generated ${point.generatedAt}, verdict ${point.verdict})`));
  return mdDocument(out);
}
