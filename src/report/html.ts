// The compliance report: one self-contained HTML file (no external assets, no script) that a
// compliance officer can open or print on A4. Verdict first, then what the words mean (legend),
// scope, counts with an inline SVG chart, hosts, findings (html-findings.ts), the hardening
// checklist's summary when those rules ran (checklist-html.ts), waivers, the plan.
import type { Finding, ScanResult, Severity } from '../model.js';
import type { BuildTable } from '../data/builds.js';
import { buildPlan } from '../plan/build.js';
import { INSTANCE_STATE_LABEL, type InstancePlan, type Plan } from '../plan/model.js';
import { codeSpansToHtml, escapeHtml as e, htmlPage, SEVERITY_COLOR } from './html-kit.js';
import { findingsSection, waiversSection } from './html-findings.js';
import { CHECKLIST_SUMMARY_STYLE, checklistSummarySection } from './checklist-html.js';
import { legendSection } from './html-legend.js';
import { cutoffPhrase, daysLabel, findingConcerns, hostVersionLabel, SEVERITIES_DESC } from '../render/text.js';
import { baselineName, secretsNote, summarizeVerdict, VERDICT_LABEL, type VerdictSummary } from './verdict.js';
import type { Reporter } from './types.js';

export { escapeHtml } from './html-kit.js';

export const html: Reporter = (result, { builds }) => {
  const plan = buildPlan(result, builds);
  const verdict = summarizeVerdict(result);
  const checklist = checklistSummarySection(result);
  const body = `<header>
<h1>Adobe Campaign JWT to OAuth Server-to-Server audit</h1>
<p class="meta">As of <strong>${e(result.asOf)}</strong> &middot; generated ${e(result.generatedAt)} by ${e(result.tool.name)} ${e(result.tool.version)}</p>
</header>
${verdictBox(verdict)}
${legendSection(result.policy.failOn)}
<section id="scope">
<h2>Scope</h2>
<table class="kv">
<tr><th>Hosts</th><td><span data-summary="hosts">${verdict.hosts}</span> in scope, <span data-summary="scanned">${verdict.scanned}</span> scanned, <span data-summary="notScanned">${verdict.notScanned}</span> not scanned</td></tr>
<tr><th>Minimum release</th><td>${e(result.policy.minVersion)} (build ${result.policy.minBuild})</td></tr>
<tr><th>JWT cutoff</th><td>${e(cutoffPhrase(result))}</td></tr>
<tr><th>Gate</th><td>${verdict.failOn === 'none' ? 'off' : `${e(verdict.failOn)} and above`}</td></tr>
${verdict.hasBaseline ? `<tr><th>Baseline</th><td>${e(baselineName(verdict.baseline))}: its findings are listed and counted as open, and do not gate</td></tr>` : ''}
</table>
<h3>Adobe's JWT timeline</h3>
<table>
<thead><tr><th>Date</th><th>Event</th><th>As of ${e(result.asOf)}</th></tr></thead>
<tbody>${plan.timeline.map((entry) => `<tr><td class="nowrap">${e(entry.date)}</td><td>${e(entry.event)}</td><td>${e(daysLabel(entry.days))}</td></tr>`).join('')}</tbody>
</table>
</section>
<section id="counts">
<h2>Findings by severity</h2>
${chart(verdict)}
${countsTable(verdict)}
</section>
<section id="hosts">
<h2>Hosts</h2>
${hostsTable(result, builds)}
</section>
<section id="findings">
<h2>Findings</h2>
${findingsSection(result.findings)}
</section>
${checklist === '' ? '' : `${checklist}\n`}${waiversSection(result)}
<section id="plan">
<h2>Migration plan</h2>
${planSection(plan)}
</section>
<footer><p>${e(secretsNote(result))}</p></footer>`;
  return htmlPage(`Campaign JWT to OAuth audit - ${result.asOf}`, checklist === '' ? STYLE : STYLE + CHECKLIST_SUMMARY_STYLE, body);
};

/** The shared verdict (the same words as the table, Markdown and stderr), headline first. */
function verdictBox(verdict: VerdictSummary): string {
  const prefix = `${verdict.label} — `;
  const rest = verdict.headline.startsWith(prefix) ? verdict.headline.slice(prefix.length) : verdict.headline;
  return `<section id="verdict" class="verdict ${e(verdict.verdict)}">
<h2>${VERDICT_LABEL}: <span data-verdict="${e(verdict.verdict)}">${e(verdict.label)}</span></h2>
<p class="headline" data-headline>${e(rest)}</p>
<ul>${verdict.details.map((line) => `<li>${e(line)}</li>`).join('')}</ul>
</section>`;
}

/** Open findings per severity, and beside them what the verdict set aside: baseline and waivers. */
function countsTable(verdict: VerdictSummary): string {
  const row = (label: string, id: string, counts: Record<Severity, number>, totalCount: number): string =>
    `<tr><th>${label}</th>${SEVERITIES_DESC.map((severity) => `<td data-count${id}="${severity}">${counts[severity]}</td>`).join('')}<td data-count${id}="total">${totalCount}</td></tr>`;
  return `<table class="counts"><thead><tr><th></th>${SEVERITIES_DESC.map((severity) => `<th>${severity}</th>`).join('')}<th>total</th></tr></thead><tbody>
${row('Open', '', verdict.open, verdict.openTotal)}
${verdict.hasBaseline ? row('of which in the baseline', '-baselined', verdict.baselined, verdict.baselinedTotal) : ''}
${row('Waived (not counted as open)', '-waived', verdict.waived, verdict.waivedTotal)}
</tbody></table>`;
}

function chart(verdict: VerdictSummary): string {
  const max = Math.max(1, ...SEVERITIES_DESC.map((severity) => verdict.open[severity]));
  const barHeight = 22;
  const width = 520;
  const rows = SEVERITIES_DESC.map((severity, index) => {
    const count = verdict.open[severity];
    const length = Math.round((count / max) * (width - 170));
    const y = index * (barHeight + 8);
    return `<g><text x="0" y="${y + 16}" class="label">${severity}</text><rect x="80" y="${y}" width="${Math.max(length, count > 0 ? 2 : 0)}" height="${barHeight}" fill="${SEVERITY_COLOR[severity]}"></rect><text x="${86 + length}" y="${y + 16}" class="value">${count}</text></g>`;
  }).join('');
  return `<svg class="chart" role="img" aria-label="Open findings by severity" width="${width}" height="${SEVERITIES_DESC.length * (barHeight + 8)}" viewBox="0 0 ${width} ${SEVERITIES_DESC.length * (barHeight + 8)}" xmlns="http://www.w3.org/2000/svg">${rows}</svg>`;
}

function hostsTable(result: ScanResult, builds: BuildTable): string {
  const rows = result.hosts.map((host) => {
    const address = host.address !== host.name ? `<div class="detail">${e(host.address)}</div>` : '';
    const status = host.status === 'ok' ? 'ok' : `<strong>${e(host.status)}</strong>`;
    const label = hostVersionLabel(host, builds);
    const version = label === undefined ? '-' : `${host.product ? `${e(host.product)} ` : ''}${e(label)}<div class="detail">build ${e(String(host.build ?? 'unknown'))}</div>`;
    // A host that could not be scanned says why where its instances would be: the widest column.
    const instances =
      host.status !== 'ok'
        ? `Not scanned${host.error ? `: ${e(host.error)}` : ''}`
        : host.instances.map((instance) => `<span class="cred cred-${e(instance.credential)}">${e(instance.name)}: <b>${e(instance.credential)}</b></span>`).join(' ') || 'no instance found';
    return `<tr data-host="${e(host.name)}" class="${host.status === 'ok' ? '' : 'not-scanned'}"><td>${e(host.name)}${address}</td><td>${status}</td><td>${version}</td><td>${instances}</td><td>${hostFindings(result.findings, host.name)}</td></tr>`;
  });
  return `<table class="hosts"><thead><tr><th>Host</th><th>Status</th><th>Version</th><th>Instances: credential</th><th>Open findings</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function hostFindings(findings: readonly Finding[], host: string): string {
  const open = findings.filter((finding) => findingConcerns(finding, host) && !finding.waived);
  const counts = SEVERITIES_DESC.map((severity) => [severity, open.filter((finding) => finding.severity === severity).length] as const).filter(([, count]) => count > 0);
  return counts.map(([severity, count]) => `<span class="count-${severity}">${count}&nbsp;${severity}</span>`).join(', ') || '-';
}

const STATE: Record<InstancePlan['state'], string> = INSTANCE_STATE_LABEL;

function planSection(plan: Plan): string {
  if (plan.instances.length === 0) return '<p>No instance was found on the scanned hosts.</p>';
  return plan.instances
    .map((instance) => {
      const steps = instance.steps
        .map((step) => `<li class="step ${e(step.status)}"><strong>${codeSpansToHtml(step.title)}</strong> <span class="tag">${e(step.status)}</span>${step.status === 'todo' && step.hosts.length > 0 ? `<div class="detail">Hosts: ${e(step.hosts.join(', '))}</div>` : ''}${step.status === 'todo' && step.notes.length > 0 ? `<ul class="detail">${step.notes.map((note) => `<li>${codeSpansToHtml(note)}</li>`).join('')}</ul>` : ''}${step.status === 'todo' && step.commands.length > 0 ? `<pre>${e(step.commands.join('\n'))}</pre>` : ''}</li>`)
        .join('');
      return `<article class="instance" data-instance="${e(instance.instance)}"><h3>Instance <code>${e(instance.instance)}</code>: ${e(STATE[instance.state])}</h3><p>Hosts: ${e(instance.hosts.map((host) => `${host.name} (${host.build ?? 'build ?'}, ${host.credential})`).join(', '))}</p>${instance.warnings.map((warning) => `<p class="warning">${e(warning)}</p>`).join('')}${steps ? `<ol>${steps}</ol>` : ''}</article>`;
    })
    .join('\n');
}

const STYLE = `
table.kv th { width: 11rem; } table.counts td { font-size: 1.2em; font-weight: 600; text-align: center; } table.counts tbody tr:not(:first-child) td { font-size: 1em; font-weight: normal; }
.verdict .headline { font-weight: 600; } .verdict ul { margin: 0.3rem 0; padding-left: 1.2rem; }
.nowrap { white-space: nowrap; }
.tag { border: 1px solid #888; border-radius: 3px; padding: 0 0.3rem; font-size: 0.8em; }
.tag-waived { border-color: #555; background: #eee; }
tr.waived td { color: #666; } tr.not-scanned td { background: #fff3e0; }
.cred { display: inline-block; margin: 0 0.5rem 0.1rem 0; }
.cred-jwt b { color: #c62828; } .cred-oauth b { color: #2e7d32; } .cred-incomplete b, .cred-unknown b { color: #b45309; } .cred-none b { color: #555; font-weight: normal; }
.count-critical, .count-high { font-weight: 600; } .count-critical { color: ${SEVERITY_COLOR.critical}; } .count-high { color: ${SEVERITY_COLOR.high}; }
.chart .label, .chart .value { font: 12px system-ui, sans-serif; fill: #333; }
.rule-group { margin: 1rem 0 1.5rem; } .rule-group h3 { margin-bottom: 0.2rem; } .rule-group .summary { margin: 0.2rem 0; }
.fix { margin: 0.2rem 0 0.4rem; padding: 0.3rem 0.6rem; border-left: 3px solid #2e7d32; background: #f1f8e9; }
table.hosts, table.findings { table-layout: fixed; }
table.hosts th:nth-child(1) { width: 22%; } table.hosts th:nth-child(2) { width: 15%; } table.hosts th:nth-child(3) { width: 13%; } table.hosts th:nth-child(5) { width: 17%; }
table.findings th:nth-child(1), table.findings th:nth-child(2) { width: 17%; } table.findings th:nth-child(4) { width: 28%; }
.legend dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 0.8rem; margin: 0.3rem 0 0.8rem; } .legend dt { font-weight: 600; } .legend dd { margin: 0; }
.legend-columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 0 2rem; }
.instance { border: 1px solid #ccc; border-radius: 6px; padding: 0 1rem; margin: 1rem 0; } .step.done, .step.not-needed { color: #666; } .warning { color: #8a4b00; }
@media print {
  .rule-group h3, .rule-group .summary, .fix { break-after: avoid; } .fix { break-inside: avoid; }
  .legend, .instance > h3, .instance > p { break-inside: avoid; }
}
`;
