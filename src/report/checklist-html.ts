// The hardening checklist as one self-contained HTML page (`-f checklist-html=FILE`), for an
// auditor's file: the summary per item, each host and instance with every item's status and its
// findings or reason, the items checked by hand with how, and Adobe's pages. No script, no
// external asset; every string from a report goes through escapeHtml (html-kit.ts). Fits a
// window and an A4 print like the scan report.
import { ADOBE_PAGES, type AdobePage, type ChecklistItem } from '../data/hardening-checklist.js';
import { checksOfReport } from '../engine/categories.js';
import type { Finding, ScanResult } from '../model.js';
import { hostVersionLabel } from '../render/text.js';
import { codeSpansToHtml, escapeHtml as e, htmlPage, pathToHtml, severityBadge } from './html-kit.js';
import { CHECKLIST_STATUS_LABEL, CHECKLIST_STATUSES, judgeChecklist, scopeLabel, type Checklist, type ChecklistEntry, type ChecklistScope, type ChecklistStatus } from './checklist-model.js';
import type { Reporter } from './types.js';
import type { BuildTable } from '../data/builds.js';

export const checklistHtml: Reporter = (result, { builds }) => {
  const checklist = judgeChecklist(result);
  const judged = checklist.items.filter((item) => item.kind === 'rules');
  const body = `<header>
<h1>Campaign server hardening checklist</h1>
<p class="meta">As of <strong>${e(result.asOf)}</strong> &middot; generated ${e(result.generatedAt)} by ${e(result.tool.name)} ${e(result.tool.version)} &middot; checks run: ${e(checklist.checks.join(', '))}</p>
</header>
<p>Every item of Adobe's server hardening guidance, on every host and instance: ${judged.length} items judged from the configuration files, ${checklist.items.length - judged.length} checked by hand.</p>
${legend()}
<section id="summary">
<h2>Summary</h2>
${summaryTable(checklist)}
</section>
<section id="hosts">
<h2>Hosts and instances</h2>
${checklist.scopes.map((scope) => scopeSection(scope, builds)).join('\n')}
</section>
<section id="manual">
<h2>Checked by hand</h2>
<p>No configuration file shows these: check them on every host, from the page named.</p>
${checklist.items.filter((item) => item.kind === 'manual').map(manualItem).join('\n')}
</section>
<section id="items">
<h2>Items judged from the configuration</h2>
<ul>${judged.map((item) => `<li><code>${e(item.id)}</code>: ${e(item.title)}. Rules: ${item.kind === 'rules' ? item.rules.map((id) => `<code>${e(id)}</code>`).join(', ') : ''}. Adobe: ${link(item.page)}.</li>`).join('')}</ul>
<h2>Adobe's pages</h2>
<ul>${Object.values(ADOBE_PAGES).map((page) => `<li>${link(page)}</li>`).join('')}</ul>
</section>`;
  return htmlPage(`Campaign server hardening checklist - ${result.asOf}`, STYLE, body);
};

/**
 * The checklist's summary inside the scan report (`-f html`), when the hardening rules ran: one
 * row per judged item with its count of each status, and where the full page is. Empty when they
 * did not run, so a default report stays as it was.
 */
export function checklistSummarySection(result: ScanResult): string {
  if (!checksOfReport(result.policy).includes('hardening')) return '';
  const checklist = judgeChecklist(result);
  const manual = checklist.items.filter((item) => item.kind === 'manual').length;
  return `<section id="checklist">
<h2>Hardening checklist</h2>
<p>Adobe's server hardening items judged from the configuration files, counted over every host and instance. ${manual} more items are checked by hand. Each host's and instance's status per item, and how to check the manual items: <code>-f checklist-html=FILE</code> or <code>-f checklist</code>.</p>
${summaryTable(checklist)}
</section>`;
}

const STATUS_MEANING = {
  fail: 'an unwaived finding: the findings say what and where',
  waived: 'findings, every one covered by a waiver',
  'not-checked': 'could not be judged here: why, and what would check it',
  pass: 'its rules ran here and found nothing',
  'not-applicable': 'does not apply here, with why',
  manual: 'no configuration file shows it: check it by hand',
} as const satisfies Record<ChecklistStatus, string>;

function legend(): string {
  return `<section class="legend"><dl>${CHECKLIST_STATUSES.map((status) => `<dt>${badge(status)}</dt><dd>${e(STATUS_MEANING[status])}</dd>`).join('')}</dl></section>`;
}

function badge(status: ChecklistStatus): string {
  return `<span class="st st-${status}">${e(CHECKLIST_STATUS_LABEL[status])}</span>`;
}

function summaryTable(checklist: Checklist): string {
  const shown = CHECKLIST_STATUSES.filter((status) => status !== 'manual');
  const rows = checklist.items
    .filter((item) => item.kind === 'rules')
    .map((item) => {
      const entries = checklist.scopes.map((scope) => scope.entries.find((entry) => entry.item.id === item.id)).filter((entry): entry is ChecklistEntry => entry !== undefined);
      return `<tr data-item="${e(item.id)}"><td><code>${e(item.id)}</code><div class="detail">${e(item.title)}</div></td>${shown.map((status) => `<td data-status="${status}">${entries.filter((entry) => entry.status === status).length}</td>`).join('')}</tr>`;
    });
  return `<table class="summary"><thead><tr><th>Item</th>${shown.map((status) => `<th>${badge(status)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function scopeSection(scope: ChecklistScope, builds: BuildTable): string {
  const host = scope.host;
  const state = host.status === 'ok' ? `${host.product ?? 'unknown product'} ${hostVersionLabel(host, builds) ?? 'unknown'}` : `not scanned: ${host.status}`;
  const judged = scope.entries.filter((entry) => entry.item.kind === 'rules');
  const manual = scope.entries.filter((entry) => entry.item.kind === 'manual');
  const byHand = manual.filter((entry) => entry.status === 'manual');
  const notApplicable = manual.filter((entry) => entry.status === 'not-applicable');
  const rows = judged.map((entry) => `<tr data-item="${e(entry.item.id)}" data-status="${entry.status}"><td><code>${e(entry.item.id)}</code></td><td>${badge(entry.status)}</td><td>${details(entry)}</td></tr>`);
  return `<article class="checklist-scope" data-host="${e(host.name)}"${scope.instance !== null ? ` data-instance="${e(scope.instance)}"` : ''}>
<h3>${e(scopeLabel(scope))}</h3>
<p class="detail">${e(state)}</p>
<table class="entries"><thead><tr><th>Item</th><th>Result</th><th>Findings or reason</th></tr></thead><tbody>${rows.join('')}</tbody></table>
${byHand.length > 0 ? `<p class="detail">Checked by hand here: ${byHand.map((entry) => `<code>${e(entry.item.id)}</code>`).join(', ')}.</p>` : ''}
${notApplicable.length > 0 ? `<p class="detail">Not applicable here (Adobe manages these on Managed Cloud Services; why for each under Checked by hand): ${notApplicable.map((entry) => `<code>${e(entry.item.id)}</code>`).join(', ')}.</p>` : ''}
</article>`;
}

function details(entry: ChecklistEntry): string {
  if (entry.findings.length > 0) return `<ul class="findings">${entry.findings.map(findingItem).join('')}</ul>`;
  return entry.reason !== undefined ? e(entry.reason) : '';
}

function findingItem(finding: Finding): string {
  const where = [finding.file, finding.path].filter((part): part is string => part !== null && part !== '');
  const mark = finding.waived ? ` <span class="st st-waived">waived</span> <span class="detail">${e(finding.waiverReason ?? '')}</span>` : finding.baseline === true ? ' <span class="detail">(in baseline)</span>' : '';
  return `<li class="${finding.waived ? 'waived' : ''}">${severityBadge(finding.severity)} <code>${e(finding.ruleId)}</code>: ${e(finding.message)}${mark}${where.length > 0 ? `<div class="detail">${where.map((part) => `<code>${pathToHtml(part)}</code>`).join(' ')}</div>` : ''}</li>`;
}

function manualItem(item: ChecklistItem): string {
  if (item.kind !== 'manual') return '';
  return `<article class="manual" data-item="${e(item.id)}"><h3><code>${e(item.id)}</code></h3><p>${e(item.title)}.</p><p><strong>How:</strong> ${codeSpansToHtml(item.manual)}</p><p>Adobe: ${link(item.page)}</p>${item.hosted !== undefined ? `<p class="detail">Hosted and Managed Cloud Services: ${e(item.hosted)}</p>` : ''}</article>`;
}

function link(page: AdobePage): string {
  return `<a href="${e(page.url)}">${e(page.title)}</a>`;
}

/** The styles the checklist summary needs, for the scan report that embeds it. */
export const CHECKLIST_SUMMARY_STYLE = `
.st { display: inline-block; border-radius: 3px; padding: 0 0.4rem; font-size: 0.8em; font-weight: 600; white-space: nowrap; border: 1px solid; }
.st-fail { background: #c62828; border-color: #c62828; color: #fff; } .st-waived { background: #eee; border-color: #555; color: #333; }
.st-not-checked { background: #fff3e0; border-color: #b45309; color: #8a4b00; } .st-pass { background: #e8f5e9; border-color: #2e7d32; color: #1b5e20; }
.st-not-applicable { background: #f5f5f5; border-color: #999; color: #555; } .st-manual { background: #e3f2fd; border-color: #1565c0; color: #0d47a1; }
table.summary { table-layout: fixed; } table.summary th:first-child { width: 36%; } table.summary th .st { white-space: normal; } table.summary td[data-status] { text-align: center; }
table.summary th { overflow-wrap: anywhere; }
`;

const STYLE = `${CHECKLIST_SUMMARY_STYLE}
.legend dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 0.8rem; margin: 0.3rem 0 0.8rem; } .legend dd { margin: 0; }
table.entries { table-layout: fixed; } table.entries th:nth-child(1) { width: 28%; } table.entries th:nth-child(2) { width: 14%; }
ul.findings { margin: 0; padding-left: 1rem; } ul.findings li.waived { color: #666; }
.checklist-scope { margin: 1rem 0 1.5rem; } .checklist-scope h3 { margin-bottom: 0; } .checklist-scope > p.detail { margin: 0.1rem 0 0.3rem; }
.manual { border-left: 3px solid #1565c0; padding: 0 0.8rem; margin: 0.8rem 0; } .manual h3 { margin: 0.4rem 0 0.2rem; } .manual p { margin: 0.2rem 0; }
@media print {
  .checklist-scope > h3, .checklist-scope > p.detail { break-after: avoid; } .manual, .legend { break-inside: avoid; }
}
`;
