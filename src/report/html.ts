// The compliance report: one self-contained HTML file (no external assets, no script) that a
// compliance officer can open or print. Scope, verdict, counts with an inline SVG chart, hosts,
// findings with evidence and remediation, waivers, and the migration plan.
import type { Finding, ScanResult, Severity, WaiverEntry } from '../model.js';
import { buildPlan } from '../plan/build.js';
import type { InstancePlan, Plan } from '../plan/model.js';
import { ruleOf } from '../rules/index.js';
import { cutoffPhrase, daysLabel, hostVersionLabel, SEVERITIES_DESC } from './text.js';
import type { Reporter } from './types.js';

const COLOR: Record<Severity, string> = { critical: '#7b1fa2', high: '#c62828', medium: '#ef6c00', low: '#1565c0', info: '#607d8b' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);
}

const e = escapeHtml;

export const html: Reporter = (result) => {
  const plan = buildPlan(result);
  const verdictClass = result.summary.verdict;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Campaign JWT to OAuth audit - ${e(result.asOf)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Adobe Campaign JWT to OAuth Server-to-Server audit</h1>
<p class="meta">As of <strong>${e(result.asOf)}</strong> &middot; generated ${e(result.generatedAt)} by ${e(result.tool.name)} ${e(result.tool.version)}</p>
</header>
<section id="verdict" class="verdict ${e(verdictClass)}">
<h2>Verdict: <span data-verdict="${e(verdictClass)}">${e(verdictClass.toUpperCase())}</span></h2>
<p>${e(verdictText(result))}</p>
</section>
<section id="scope">
<h2>Scope</h2>
<table class="kv">
<tr><th>Hosts</th><td><span data-summary="hosts">${result.summary.hosts}</span> in scope, <span data-summary="scanned">${result.summary.scanned}</span> scanned, <span data-summary="notScanned">${result.summary.notScanned}</span> not scanned</td></tr>
<tr><th>Minimum release</th><td>${e(result.policy.minVersion)} (build ${result.policy.minBuild})</td></tr>
<tr><th>JWT cutoff</th><td>${e(cutoffPhrase(result))}</td></tr>
<tr><th>Gate</th><td>${result.policy.failOn === 'none' ? 'off' : `${e(result.policy.failOn)} and above`}</td></tr>
</table>
<h3>Adobe's JWT timeline</h3>
<table>
<thead><tr><th>Date</th><th>Event</th><th>As of ${e(result.asOf)}</th></tr></thead>
<tbody>${plan.timeline.map((entry) => `<tr><td>${e(entry.date)}</td><td>${e(entry.event)}</td><td>${e(daysLabel(entry.days))}</td></tr>`).join('')}</tbody>
</table>
</section>
<section id="counts">
<h2>Findings by severity</h2>
${chart(result)}
<table class="counts">
<thead><tr>${SEVERITIES_DESC.map((severity) => `<th>${severity}</th>`).join('')}<th>waived</th></tr></thead>
<tbody><tr>${SEVERITIES_DESC.map((severity) => `<td data-count="${severity}">${e(String(result.summary.findings[severity]))}</td>`).join('')}<td data-count="waived">${e(String(result.summary.waived))}</td></tr></tbody>
</table>
</section>
<section id="hosts">
<h2>Hosts</h2>
<table>
<thead><tr><th>Host</th><th>Address</th><th>Status</th><th>Product</th><th>Version</th><th>Build</th><th>Instances (credential)</th></tr></thead>
<tbody>
${result.hosts
  .map(
    (host) => `<tr data-host="${e(host.name)}" class="${host.status === 'ok' ? '' : 'not-scanned'}"><td>${e(host.name)}</td><td>${e(host.address)}</td><td>${e(host.status)}${host.error ? `<div class="detail">${e(host.error)}</div>` : ''}</td><td>${e(host.product ?? '-')}</td><td>${e(hostVersionLabel(host))}</td><td>${e(String(host.build ?? '-'))}</td><td>${host.instances.map((instance) => `<span class="cred ${e(instance.credential)}">${e(instance.name)}: ${e(instance.credential)}</span>`).join(' ') || '-'}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>
</section>
<section id="findings">
<h2>Findings</h2>
${result.findings.length === 0 ? '<p>No findings.</p>' : findingsTable(result.findings)}
</section>
${waiversSection(result)}
<section id="plan">
<h2>Migration plan</h2>
${planSection(plan)}
</section>
<footer><p>Secret values never appear in this report: only sha256 fingerprints. Rule pages: docs/rules/&lt;rule id&gt;.md.</p></footer>
</body>
</html>
`;
};

function verdictText(result: ScanResult): string {
  const { summary } = result;
  const open = SEVERITIES_DESC.map((severity) => `${summary.findings[severity]} ${severity}`).join(', ');
  if (summary.verdict === 'fail') return `Findings at or above the gate remain: ${open}.`;
  if (summary.verdict === 'incomplete') return `${summary.notScanned} host(s) could not be scanned; no finding failed the gate (${open}).`;
  return `No open finding at or above the gate (${open}).`;
}

function chart(result: ScanResult): string {
  const max = Math.max(1, ...SEVERITIES_DESC.map((severity) => result.summary.findings[severity]));
  const barHeight = 22;
  const width = 520;
  const rows = SEVERITIES_DESC.map((severity, index) => {
    const count = result.summary.findings[severity];
    const length = Math.round((count / max) * (width - 170));
    const y = index * (barHeight + 8);
    return `<g><text x="0" y="${y + 16}" class="label">${severity}</text><rect x="80" y="${y}" width="${Math.max(length, count > 0 ? 2 : 0)}" height="${barHeight}" fill="${COLOR[severity]}"></rect><text x="${86 + length}" y="${y + 16}" class="value">${count}</text></g>`;
  }).join('');
  return `<svg class="chart" role="img" aria-label="Open findings by severity" width="${width}" height="${SEVERITIES_DESC.length * (barHeight + 8)}" viewBox="0 0 ${width} ${SEVERITIES_DESC.length * (barHeight + 8)}" xmlns="http://www.w3.org/2000/svg">${rows}</svg>`;
}

function findingsTable(findings: readonly Finding[]): string {
  const rows = findings.map((finding) => {
    const rule = ruleOf(finding.ruleId);
    const evidence = [finding.file, finding.path].filter((part): part is string => part !== null).map((part) => `<code>${e(part)}</code>`).join('<br>');
    const status = finding.waived ? `<span class="tag waived">waived</span><div class="detail">${e(finding.waiverReason ?? '')}</div>` : finding.baseline ? '<span class="tag">in baseline</span>' : '';
    return `<tr data-finding="${e(finding.fingerprint)}" data-severity="${e(finding.severity)}" class="${finding.waived ? 'waived' : ''}"><td><span class="sev" style="background:${COLOR[finding.severity] ?? '#555'}">${e(finding.severity)}</span></td><td><code>${e(finding.ruleId)}</code></td><td>${e(finding.host)}</td><td>${e(finding.instance ?? '-')}</td><td>${e(finding.message)}${status}</td><td>${evidence || '-'}</td><td>${e(rule.remediation)}</td></tr>`;
  });
  return `<table class="findings"><thead><tr><th>Severity</th><th>Rule</th><th>Host</th><th>Instance</th><th>Finding</th><th>Evidence</th><th>Remediation</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function waiversSection(result: ScanResult): string {
  if (!result.waivers) return '';
  const list = (title: string, id: string, waivers: readonly WaiverEntry[]): string =>
    `<h3>${title} (<span data-waivers="${id}">${waivers.length}</span>)</h3>${
      waivers.length === 0
        ? '<p>None.</p>'
        : `<table><thead><tr><th>Match</th><th>Reason</th><th>Expires</th><th>Findings</th></tr></thead><tbody>${waivers
            .map((waiver) => `<tr><td>${e(waiver.fingerprint ?? `${waiver.ruleId} on ${waiver.host}${waiver.instance ? ` / ${waiver.instance}` : ''}`)}</td><td>${e(waiver.reason)}</td><td>${e(waiver.expires)}</td><td>${waiver.matched ?? 0}</td></tr>`)
            .join('')}</tbody></table>`
    }`;
  return `<section id="waivers"><h2>Waivers</h2>${list('In force', 'applied', result.waivers.applied)}${list('Expired, no longer applied', 'expired', result.waivers.expired)}${list('Matching no finding', 'unmatched', result.waivers.unmatched)}</section>`;
}

const STATE: Record<InstancePlan['state'], string> = {
  migrated: 'migrated',
  'in-progress': 'in progress',
  'not-started': 'not started',
  unreadable: 'configuration unreadable',
  'no-technical-account': 'no technical account',
  'out-of-scope': 'Campaign v8, out of scope',
};

function planSection(plan: Plan): string {
  if (plan.instances.length === 0) return '<p>No instance was found on the scanned hosts.</p>';
  return plan.instances
    .map((instance) => {
      const steps = instance.steps
        .map((step) => `<li class="step ${e(step.status)}"><strong>${e(step.title)}</strong> <span class="tag">${e(step.status)}</span>${step.status === 'todo' && step.hosts.length > 0 ? `<div class="detail">Hosts: ${e(step.hosts.join(', '))}</div>` : ''}${step.status === 'todo' && step.notes.length > 0 ? `<ul class="detail">${step.notes.map((note) => `<li>${e(note)}</li>`).join('')}</ul>` : ''}${step.status === 'todo' && step.commands.length > 0 ? `<pre>${e(step.commands.join('\n'))}</pre>` : ''}</li>`)
        .join('');
      return `<article class="instance" data-instance="${e(instance.instance)}"><h3>Instance <code>${e(instance.instance)}</code>: ${e(STATE[instance.state])}</h3><p>Hosts: ${e(instance.hosts.map((host) => `${host.name} (${host.build ?? 'build ?'}, ${host.credential})`).join(', '))}</p>${instance.warnings.map((warning) => `<p class="warning">${e(warning)}</p>`).join('')}${steps ? `<ol>${steps}</ol>` : ''}</article>`;
    })
    .join('\n');
}

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #1a1a1a; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; margin-top: 2rem; }
.meta, .detail { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #ddd; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } table.kv th { width: 12rem; } table.counts td { font-size: 1.3em; font-weight: 600; text-align: center; }
.verdict { padding: 0.5rem 1rem; border-radius: 6px; border: 2px solid; }
.verdict.pass { border-color: #2e7d32; background: #e8f5e9; } .verdict.fail { border-color: #c62828; background: #ffebee; } .verdict.incomplete { border-color: #ef6c00; background: #fff3e0; }
.sev { color: #fff; border-radius: 3px; padding: 0 0.4rem; font-size: 0.85em; text-transform: uppercase; }
.tag { border: 1px solid #999; border-radius: 3px; padding: 0 0.3rem; font-size: 0.8em; margin-left: 0.3rem; }
tr.waived td { color: #777; } tr.not-scanned td { background: #fff8e1; }
.cred { display: inline-block; margin-right: 0.4rem; } .cred.jwt { color: #c62828; font-weight: 600; } .cred.oauth { color: #2e7d32; } .cred.incomplete, .cred.unknown { color: #ef6c00; }
.chart .label, .chart .value { font: 12px system-ui, sans-serif; fill: #333; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.9em; } pre { background: #f6f8fa; padding: 0.5rem; overflow-x: auto; white-space: pre-wrap; }
.instance { border: 1px solid #ddd; border-radius: 6px; padding: 0 1rem; margin: 1rem 0; } .step.done, .step.not-needed { color: #777; } .warning { color: #b26a00; }
footer { margin-top: 2rem; color: #666; font-size: 0.85em; }
@media print { body { margin: 0; max-width: none; } section { break-inside: avoid-page; } .instance, tr { break-inside: avoid; } }
`;
