// `campaign-audit trend --format html`: the page a migration lead sends every week. A burn-down
// chart as inline SVG at the page's full width (instances not yet migrated, containers on JWT,
// and one line per category of findings, security apart from migration), a marker for each
// deadline in the range, the figures per date, and what they count. No script, no external
// asset; every string that comes from a report is escaped.
import { CATEGORY_LABELS } from '../engine/categories.js';
import type { Deadline, Trend, TrendPoint } from '../history/trend.js';
import { categoryFigure, latestMinVersion } from '../history/trend.js';
import { daysSince } from '../dates.js';
import { RULE_CATEGORIES, type RuleCategory } from '../model.js';
import { escapeHtml as e, htmlPage } from './html-kit.js';
import { SEVERITIES_DESC } from '../render/text.js';
import { categoryCell, deadlineNote, hostChangeNotes, mixedFleetNotes, notCheckedNotes, supersededNotes, trendHeadline, trendLegend } from './trend-notes.js';

interface Series {
  id: string;
  label: string;
  color: string;
  /** Stroke pattern, so the lines stay apart in a black-and-white print. */
  dash: string;
  /** null: not checked that date (the report did not run the category): no point, a gap in the line. */
  value: (point: TrendPoint) => number | null;
}

/** Colours and patterns of the category lines, taken in RULE_CATEGORIES order (a new category takes the next one). */
const CATEGORY_STROKES: readonly { color: string; dash: string }[] = [
  { color: '#6a1b9a', dash: '8 4' },
  { color: '#1565c0', dash: '2 3' },
  { color: '#2e7d32', dash: '10 3 2 3' },
  { color: '#455a64', dash: '4 4' },
];

/** The lines of the chart: one per category some report ran (trend.categories), each keeping its stroke whichever others are shown. */
function seriesOf(categories: readonly RuleCategory[]): Series[] {
  return [
    { id: 'not-migrated', label: 'Instances not yet migrated', color: '#c62828', dash: '', value: (point) => point.migration.instances - point.migration.migrated },
    { id: 'hosts-on-jwt', label: 'Containers on JWT', color: '#b45309', dash: '12 4', value: (point) => point.migration.hostsOnJwt },
    ...categories.map((category): Series => {
      const index = RULE_CATEGORIES.indexOf(category);
      const stroke = CATEGORY_STROKES[index % CATEGORY_STROKES.length] ?? { color: '#333', dash: '' };
      return { id: `category-${category}`, label: `${CATEGORY_LABELS[category]} findings, critical and high`, ...stroke, value: (point) => categoryFigure(point, category) };
    }),
  ];
}

const list = (id: string, title: string, notes: readonly string[]): string => (notes.length > 0 ? `<h3>${e(title)}</h3><ul id="${id}">${notes.map((note) => `<li>${e(note)}</li>`).join('')}</ul>` : '');

export function renderTrendHtml(trend: Trend): string {
  const first = trend.points[0];
  const last = trend.points[trend.points.length - 1];
  const minVersion = latestMinVersion(trend);
  const span = first && last ? (first === last ? `one report, ${e(first.asOf)}` : `${trend.points.length} dates from ${e(first.asOf)} to ${e(last.asOf)}`) : 'no report';
  const hasPartial = trend.points.some((point) => point.notScanned > 0);
  const series = seriesOf(trend.categories);
  const body = `<header>
<h1>Campaign JWT to OAuth migration progress</h1>
<p class="meta">${span}</p>
</header>
<section id="headline" class="headline"><p>${e(trendHeadline(trend))}</p>${deadlineNote(trend).map((note) => `<p id="deadlines">${e(note)}</p>`).join('')}</section>
${mixedFleetNotes(trend).length > 0 ? `<section id="mixed" class="warning">${list('mixed-fleets', 'Reports from different fleets', mixedFleetNotes(trend))}</section>` : ''}
<section id="chart">
<h2>Burn-down</h2>
${burnDownChart(trend.points, trend.deadlines, series)}
<ul class="series">${series.map((series) => `<li><svg width="36" height="10" aria-hidden="true"><line x1="0" y1="5" x2="36" y2="5" stroke="${series.color}" stroke-width="3" stroke-dasharray="${series.dash}"/></svg> ${e(series.label)}</li>`).join('')}${trend.deadlines.length > 0 ? '<li><svg width="12" height="14" aria-hidden="true"><line x1="6" y1="0" x2="6" y2="14" stroke="#333" stroke-width="2" stroke-dasharray="3 2"/></svg> Deadline</li>' : ''}${hasPartial ? '<li><svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="4" fill="#fff" stroke="#333" stroke-width="2"/></svg> Hollow point: hosts not scanned that date</li>' : ''}</ul>
</section>
<section id="figures">
<h2>Figures per date</h2>
${figuresTable(trend, minVersion)}
<p class="detail">${e(trendLegend(minVersion))}</p>
${notCheckedNotes(trend).map((note) => `<p class="detail not-checked">${e(note)}</p>`).join('')}
${list('host-changes', 'Hosts added, removed or not scanned', hostChangeNotes(trend))}
${list('superseded', 'Several reports for one date', supersededNotes(trend))}
</section>
<section id="sources">
<h2>Reports</h2>
<table class="sources"><thead><tr><th>As of</th><th>Report</th><th>Generated</th><th>Verdict</th></tr></thead><tbody>
${trend.points.map((point) => `<tr><td class="nowrap">${e(point.asOf)}</td><td>${e(point.source)}</td><td>${e(point.generatedAt)}</td><td>${e(point.verdict.toUpperCase())}</td></tr>`).join('\n')}
</tbody></table>
</section>
<footer><p>Made by campaign-audit trend from saved JSON reports. Secret values never appear in these reports: only their keyed fingerprints.</p></footer>`;
  return htmlPage('Campaign JWT to OAuth migration progress', STYLE, body);
}

function figuresTable(trend: Trend, minVersion: string): string {
  const columns = 6 + trend.categories.length + SEVERITIES_DESC.length;
  const rows = trend.points.map((point, index) => {
    const after = trend.points[index - 1]?.asOf ?? '';
    const markers = trend.deadlines.filter((deadline) => deadline.date > after && deadline.date <= point.asOf).map((deadline) => `<tr class="deadline" data-deadline="${e(deadline.date)}"><td colspan="${columns}">${e(`${deadline.date}: ${deadline.label}`)}</td></tr>`);
    const m = point.migration;
    return `${markers.join('')}<tr data-date="${e(point.asOf)}"><td class="nowrap">${e(point.asOf)}</td><td>${point.scanned} of ${point.hosts}</td><td data-col="migrated">${m.percent === null ? '-' : `${m.migrated} of ${m.instances} (${m.percent} %)`}</td><td data-col="jwt">${m.onJwt}</td><td data-col="hosts-on-jwt">${m.hostsOnJwt}</td><td data-col="below-minimum">${point.buildsBelowMinimum}</td>${trend.categories.map((category) => `<td data-col="category-${category}">${categoryCell(point, category)}</td>`).join('')}${SEVERITIES_DESC.map((severity) => `<td data-col="${severity}">${point.open[severity]}</td>`).join('')}</tr>`;
  });
  return `<table class="figures">
<thead>
<tr><th rowspan="2">Date</th><th rowspan="2">Hosts scanned</th><th colspan="3">Instances, counted once</th><th rowspan="2">Hosts below ${e(minVersion)}</th>${trend.categories.length > 0 ? `<th colspan="${trend.categories.length}">Critical and high, by category</th>` : ''}<th colspan="${SEVERITIES_DESC.length}">All open findings</th></tr>
<tr><th>migrated</th><th>on JWT</th><th>containers on JWT</th>${trend.categories.map((category) => `<th>${e(CATEGORY_LABELS[category])}</th>`).join('')}${SEVERITIES_DESC.map((severity) => `<th>${severity}</th>`).join('')}</tr>
</thead>
<tbody>
${rows.join('\n')}
</tbody></table>`;
}

// The chart is drawn in these units and scaled to the page's width (CSS width: 100%): about 1.2
// px per unit in a 1280 px window, 0.7 on an A4 page, so its 12-unit text stays readable in both.
const WIDTH = 1000;
const HEIGHT = 340;
const PLOT = { left: 48, right: WIDTH - 24, top: 40, bottom: HEIGHT - 44 };

/** One point of a line of the chart, in chart units. */
interface Plotted {
  point: TrendPoint;
  value: number;
  x: string;
  y: string;
}

/** A round axis maximum in at most 5 steps of 1, 2 or 5 × 10^k: 7 → 8 (step 2), 23 → 25 (step 5), 180 → 200 (step 50). */
export function axis(max: number): { top: number; step: number } {
  const rough = Math.max(max, 1) / 5;
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(rough)));
  const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  return { top: Math.max(step, Math.ceil(max / step) * step), step };
}

function burnDownChart(points: readonly TrendPoint[], deadlines: readonly Deadline[], series: readonly Series[]): string {
  if (points.length === 0) return '<p>No report.</p>';
  // Days from the first date: the x axis is proportional to time, not to the number of reports.
  const start = points[0]?.asOf ?? '';
  const days = points.map((point) => daysSince(point.asOf, start));
  const firstDay = days[0] ?? 0;
  const lastDay = days[days.length - 1] ?? 0;
  const x = (day: number): number => (lastDay === firstDay ? (PLOT.left + PLOT.right) / 2 : PLOT.left + ((day - firstDay) / (lastDay - firstDay)) * (PLOT.right - PLOT.left));
  const { top, step } = axis(Math.max(0, ...points.flatMap((point) => series.flatMap((line) => line.value(point) ?? []))));
  const y = (value: number): number => PLOT.bottom - (value / top) * (PLOT.bottom - PLOT.top);
  const grid: string[] = [];
  for (let value = 0; value <= top; value += step) {
    grid.push(`<line x1="${PLOT.left}" y1="${y(value).toFixed(1)}" x2="${PLOT.right}" y2="${y(value).toFixed(1)}" class="grid"/><text x="${PLOT.left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end" class="tick">${value}</text>`);
  }
  // A date label is at most about 72 units wide at 12 px.
  const labelled = labelIndexes(days.map(x), 72);
  const dates = points
    .map((point, index) => {
      if (!labelled.has(index)) return '';
      const anchor = points.length === 1 ? 'middle' : index === 0 ? 'start' : index === points.length - 1 ? 'end' : 'middle';
      return `<text x="${x(days[index] ?? 0).toFixed(1)}" y="${PLOT.bottom + 18}" text-anchor="${anchor}" class="tick">${e(point.asOf)}</text>`;
    })
    .join('');
  const lines = series.map((line) => {
    // A date whose report did not run the category breaks the line: no point there, not a 0.
    const runs: Plotted[][] = [];
    let run: Plotted[] = [];
    points.forEach((point, index) => {
      const value = line.value(point);
      if (value === null) {
        run = [];
        return;
      }
      if (run.length === 0) runs.push(run);
      run.push({ point, value, x: x(days[index] ?? 0).toFixed(1), y: y(value).toFixed(1) });
    });
    // A lone point (its neighbours not checked) is its marker alone.
    const polylines = runs.filter((segment) => segment.length > 1).map((segment) => `<polyline points="${segment.map((entry) => `${entry.x},${entry.y}`).join(' ')}" fill="none" stroke="${line.color}" stroke-width="2.5" stroke-dasharray="${line.dash}"/>`);
    const markers = runs.flat().map(({ point, value, x: cx, y: cy }) => `<circle cx="${cx}" cy="${cy}" r="3.5" ${point.notScanned > 0 ? `fill="#fff" stroke="${line.color}" stroke-width="2" class="partial"` : `fill="${line.color}"`}><title>${e(`${line.label}, ${point.asOf}: ${value}${point.notScanned > 0 ? ` (${point.notScanned} of ${point.hosts} hosts not scanned)` : ''}`)}</title></circle>`).join('');
    return `<g data-series="${line.id}">${polylines.join('')}${markers}</g>`;
  }).join('');
  const markers = deadlineMarkers(deadlines, (date) => x(daysSince(date, start)));
  return `<svg class="burn-down" role="img" aria-label="Instances not yet migrated, containers on JWT and open critical and high findings of each category, per date${deadlines.length > 0 ? ', with the deadlines in the range' : ''}" viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">${grid.join('')}<line x1="${PLOT.left}" y1="${PLOT.bottom}" x2="${PLOT.right}" y2="${PLOT.bottom}" class="axis"/>${dates}${markers}${lines}</svg>`;
}

/**
 * A dashed vertical line per deadline, its label above the plot: anchored so that it stays inside
 * the chart, and on two alternating rows so that two deadlines close together do not overlap.
 */
function deadlineMarkers(deadlines: readonly Deadline[], x: (date: string) => number): string {
  return deadlines
    .map((deadline, index) => {
      const at = x(deadline.date);
      const anchor = at < PLOT.left + 150 ? 'start' : at > PLOT.right - 150 ? 'end' : 'middle';
      const labelY = index % 2 === 0 ? 14 : 30;
      return `<g class="deadline" data-deadline="${e(deadline.date)}"><line x1="${at.toFixed(1)}" y1="${labelY + 4}" x2="${at.toFixed(1)}" y2="${PLOT.bottom}" stroke="#333" stroke-width="1.5" stroke-dasharray="5 4"/><text x="${at.toFixed(1)}" y="${labelY}" text-anchor="${anchor}" class="deadline-label">${e(`${deadline.date} ${deadline.label}`)}</text></g>`;
    })
    .join('');
}

/**
 * Which dates get a label: the first (anchored at its start) and the last (anchored at its end),
 * and between them, centred, any date whose label clears its labelled neighbours. `width` is a
 * label's width in chart units.
 */
function labelIndexes(xs: readonly number[], width: number): Set<number> {
  const last = xs.length - 1;
  if (last < 0) return new Set();
  const first = xs[0] ?? 0;
  const end = xs[last] ?? 0;
  if (last === 0) return new Set([0]);
  const chosen = new Set<number>([0]);
  let rightEdge = first + width;
  for (let index = 1; index < last; index += 1) {
    const at = xs[index] ?? 0;
    if (at - width / 2 > rightEdge + 8 && at + width / 2 < end - width - 8) {
      chosen.add(index);
      rightEdge = at + width / 2;
    }
  }
  if (end - width > first + width + 8) chosen.add(last);
  return chosen;
}

const STYLE = `
svg.burn-down { display: block; width: 100%; height: auto; }
.burn-down .deadline-label { font: 600 12px system-ui, sans-serif; fill: #333; }
.warning { border: 2px solid #b45309; background: #fff3e0; border-radius: 6px; padding: 0.1rem 1rem; margin: 1rem 0; }
tr.deadline td { text-align: left; font-weight: 600; background: #f5f5f5; border-top: 2px dashed #333; }
.headline { border: 2px solid #1565c0; background: #e3f2fd; border-radius: 6px; padding: 0.3rem 1rem; margin: 1rem 0; font-weight: 600; }
.burn-down .grid { stroke: #ddd; stroke-width: 1; } .burn-down .axis { stroke: #888; stroke-width: 1; }
.burn-down .tick { font: 12px system-ui, sans-serif; fill: #333; }
ul.series { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1.5rem; margin: 0.3rem 0 1rem; } ul.series svg { vertical-align: middle; }
table.figures { width: 100%; } table.figures th, table.figures td { padding: 0.2rem 0.25rem; } table.figures th { overflow-wrap: anywhere; } table.figures td { text-align: right; } table.figures td:first-child { text-align: left; } table.figures th { text-align: center; font-size: 0.85em; }
.nowrap { white-space: nowrap; }
@media print { .headline, .burn-down, ul.series, .warning { break-inside: avoid; } }
`;
