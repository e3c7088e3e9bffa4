// `campaign-audit trend --format html`: the page a migration lead sends every week. A burn-down
// chart as inline SVG (instances still on JWT, open critical and high findings, hosts below the
// minimum build), the figures per date, and what they count. No script, no external asset;
// every string that comes from a report is escaped.
import type { Trend, TrendPoint } from '../history/trend.js';
import { criticalHigh, latestMinVersion } from '../history/trend.js';
import { daysSince } from '../dates.js';
import { escapeHtml as e, htmlPage } from './html-kit.js';
import { SEVERITIES_DESC } from '../render/text.js';
import { notScannedNotes, supersededNotes, trendHeadline, trendLegend } from './trend-text.js';

interface Series {
  id: string;
  label: string;
  color: string;
  /** Stroke pattern, so the lines stay apart in a black-and-white print. */
  dash: string;
  value: (point: TrendPoint) => number;
}

const SERIES: readonly Series[] = [
  { id: 'jwt', label: 'Instances on JWT', color: '#c62828', dash: '', value: (point) => point.instances.jwt },
  { id: 'critical-high', label: 'Open critical and high findings', color: '#6a1b9a', dash: '8 4', value: criticalHigh },
  { id: 'below-minimum', label: 'Hosts below the minimum build', color: '#b45309', dash: '2 3', value: (point) => point.buildsBelowMinimum },
];

export function renderTrendHtml(trend: Trend): string {
  const first = trend.points[0];
  const last = trend.points[trend.points.length - 1];
  const minVersion = latestMinVersion(trend);
  const span = first && last ? (first === last ? `one report, ${e(first.asOf)}` : `${trend.points.length} dates from ${e(first.asOf)} to ${e(last.asOf)}`) : 'no report';
  const notes = supersededNotes(trend);
  const missed = notScannedNotes(trend);
  const body = `<header>
<h1>Campaign JWT to OAuth migration progress</h1>
<p class="meta">${span}</p>
</header>
<section id="headline" class="headline"><p>${e(trendHeadline(trend))}</p></section>
<section id="chart">
<h2>Burn-down</h2>
${burnDownChart(trend.points)}
<ul class="series">${SERIES.map((series) => `<li><svg width="36" height="10" aria-hidden="true"><line x1="0" y1="5" x2="36" y2="5" stroke="${series.color}" stroke-width="3" stroke-dasharray="${series.dash}"/></svg> ${e(series.label)}</li>`).join('')}${missed.length > 0 ? '<li><svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="4" fill="#fff" stroke="#333" stroke-width="2"/></svg> Hollow point: hosts not scanned that date</li>' : ''}</ul>
</section>
<section id="figures">
<h2>Figures per date</h2>
${figuresTable(trend.points, minVersion)}
<p class="detail">${e(trendLegend(minVersion))}</p>
${missed.length > 0 ? `<h3>Hosts not scanned</h3><ul id="not-scanned">${missed.map((note) => `<li>${e(note)}</li>`).join('')}</ul>` : ''}
${notes.length > 0 ? `<h3>Several reports for one date</h3><ul id="superseded">${notes.map((note) => `<li>${e(note)}</li>`).join('')}</ul>` : ''}
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

function figuresTable(points: readonly TrendPoint[], minVersion: string): string {
  const rows = points.map(
    (point) =>
      `<tr data-date="${e(point.asOf)}"><td class="nowrap">${e(point.asOf)}</td><td>${point.scanned} of ${point.hosts}</td><td data-col="jwt">${point.instances.jwt}</td><td>${point.instances.oauth}</td><td>${point.instances.incomplete}</td><td>${point.instances.unknown}</td><td data-col="below-minimum">${point.buildsBelowMinimum}</td>${SEVERITIES_DESC.map((severity) => `<td data-col="${severity}">${point.open[severity]}</td>`).join('')}</tr>`,
  );
  return `<table class="figures">
<thead>
<tr><th rowspan="2">Date</th><th rowspan="2">Hosts scanned</th><th colspan="4">Instances by credential</th><th rowspan="2">Hosts below ${e(minVersion)}</th><th colspan="5">Open findings</th></tr>
<tr><th>JWT</th><th>OAuth</th><th>incomplete</th><th>unknown</th>${SEVERITIES_DESC.map((severity) => `<th>${severity}</th>`).join('')}</tr>
</thead>
<tbody>
${rows.join('\n')}
</tbody></table>`;
}

const WIDTH = 720;
const HEIGHT = 300;
const PLOT = { left: 48, right: WIDTH - 24, top: 16, bottom: HEIGHT - 44 };

/** A round axis maximum in at most 5 steps of 1, 2 or 5 × 10^k: 7 → 8 (step 2), 23 → 25 (step 5), 180 → 200 (step 50). */
export function axis(max: number): { top: number; step: number } {
  const rough = Math.max(max, 1) / 5;
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(rough)));
  const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  return { top: Math.max(step, Math.ceil(max / step) * step), step };
}

function burnDownChart(points: readonly TrendPoint[]): string {
  if (points.length === 0) return '<p>No report.</p>';
  // Days from the first date: the x axis is proportional to time, not to the number of reports.
  const start = points[0]?.asOf ?? '';
  const days = points.map((point) => daysSince(point.asOf, start));
  const firstDay = days[0] ?? 0;
  const lastDay = days[days.length - 1] ?? 0;
  const x = (day: number): number => (lastDay === firstDay ? (PLOT.left + PLOT.right) / 2 : PLOT.left + ((day - firstDay) / (lastDay - firstDay)) * (PLOT.right - PLOT.left));
  const { top, step } = axis(Math.max(...points.flatMap((point) => SERIES.map((series) => series.value(point)))));
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
  const lines = SERIES.map((series) => {
    const coordinates = points.map((point, index) => `${x(days[index] ?? 0).toFixed(1)},${y(series.value(point)).toFixed(1)}`);
    const markers = points.map((point, index) => `<circle cx="${x(days[index] ?? 0).toFixed(1)}" cy="${y(series.value(point)).toFixed(1)}" r="3.5" ${point.notScanned > 0 ? `fill="#fff" stroke="${series.color}" stroke-width="2" class="partial"` : `fill="${series.color}"`}><title>${e(`${series.label}, ${point.asOf}: ${series.value(point)}${point.notScanned > 0 ? ` (${point.notScanned} of ${point.hosts} hosts not scanned)` : ''}`)}</title></circle>`).join('');
    return `<g data-series="${series.id}"><polyline points="${coordinates.join(' ')}" fill="none" stroke="${series.color}" stroke-width="2.5" stroke-dasharray="${series.dash}"/>${markers}</g>`;
  }).join('');
  return `<svg class="burn-down" role="img" aria-label="Instances on JWT, open critical and high findings and hosts below the minimum build, per date" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" xmlns="http://www.w3.org/2000/svg">${grid.join('')}<line x1="${PLOT.left}" y1="${PLOT.bottom}" x2="${PLOT.right}" y2="${PLOT.bottom}" class="axis"/>${dates}${lines}</svg>`;
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
.headline { border: 2px solid #1565c0; background: #e3f2fd; border-radius: 6px; padding: 0.3rem 1rem; margin: 1rem 0; font-weight: 600; }
.burn-down .grid { stroke: #ddd; stroke-width: 1; } .burn-down .axis { stroke: #888; stroke-width: 1; }
.burn-down .tick { font: 12px system-ui, sans-serif; fill: #333; }
ul.series { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1.5rem; margin: 0.3rem 0 1rem; } ul.series svg { vertical-align: middle; }
table.figures { width: auto; } table.figures th, table.figures td { padding: 0.25rem 0.3rem; } table.figures td { text-align: right; } table.figures td:first-child { text-align: left; } table.figures th { text-align: center; font-size: 0.85em; }
.nowrap { white-space: nowrap; }
@media print { .headline, .burn-down, ul.series { break-inside: avoid; } }
`;
