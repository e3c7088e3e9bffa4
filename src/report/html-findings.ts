// The findings and waivers of the HTML report. Findings are grouped by severity (most severe
// first) and rule: one heading, the rule's summary and its remediation once, then a row per
// finding with host, instance, message and evidence, so the page fits an A4 width.
import type { Finding, RuleId, ScanResult, Severity, WaiverEntry } from '../model.js';
import { remediationOf, ruleOf } from '../rules/index.js';
import { codeSpansToHtml, escapeHtml as e, pathToHtml, severityBadge } from './html-kit.js';
import { findingHostsLabel, SEVERITIES_DESC } from '../render/text.js';

interface FindingGroup {
  severity: Severity;
  ruleId: RuleId;
  findings: Finding[];
}

/** Findings by severity (most severe first), then rule: the remediation is said once per group. */
function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const severity of SEVERITIES_DESC) {
    for (const finding of findings.filter((candidate) => candidate.severity === severity)) {
      // One remediation per group: a stranded JWT key (remove it) is not grouped with a migration.
      const key = `${severity}\u0000${finding.ruleId}\u0000${remediationOf(finding)}`;
      const group = groups.get(key) ?? { severity, ruleId: finding.ruleId, findings: [] };
      group.findings.push(finding);
      groups.set(key, group);
    }
  }
  return [...groups.values()].sort((a, b) => SEVERITIES_DESC.indexOf(a.severity) - SEVERITIES_DESC.indexOf(b.severity) || a.ruleId.localeCompare(b.ruleId));
}

export function findingsSection(findings: readonly Finding[]): string {
  if (findings.length === 0) return '<p>No findings.</p>';
  return groupFindings(findings)
    .map(({ severity, ruleId, findings: list }) => {
      const rule = ruleOf(ruleId);
      const waived = list.filter((finding) => finding.waived).length;
      const count = `${list.length} finding${list.length === 1 ? '' : 's'}${waived > 0 ? `, ${waived} waived` : ''}`;
      const rows = list.map((finding) => {
        const evidence = [finding.file, finding.path].filter((part): part is string => part !== null).map((part) => `<code>${pathToHtml(part)}</code>`).join('<br>');
        const status = finding.waived ? `<div><span class="tag tag-waived">waived</span> ${e(finding.waiverReason ?? '')}</div>` : finding.baseline ? '<div><span class="tag">in baseline</span></div>' : '';
        return `<tr data-finding="${e(finding.fingerprint)}" data-severity="${e(finding.severity)}" class="${finding.waived ? 'waived' : ''}"><td>${e(findingHostsLabel(finding))}</td><td>${e(finding.instance ?? '-')}</td><td>${e(finding.message)}${status}</td><td>${evidence || '-'}</td></tr>`;
      });
      return `<article class="rule-group" data-rule="${e(ruleId)}" data-severity="${severity}">
<h3>${severityBadge(severity)} <code>${e(ruleId)}</code> <span class="detail">${count}</span></h3>
<p class="summary">${e(rule.meta.summary)}</p><p class="fix"><strong>Remediation:</strong> ${codeSpansToHtml(remediationOf(list[0] ?? { ruleId }))}</p>
<table class="findings"><thead><tr><th>Host</th><th>Instance</th><th>Finding</th><th>Evidence</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
</article>`;
    })
    .join('\n');
}

export function waiversSection(result: ScanResult): string {
  if (!result.waivers) return '';
  const list = (title: string, id: string, waivers: readonly WaiverEntry[]): string =>
    `<h3>${title} (<span data-waivers="${id}">${waivers.length}</span>)</h3>${
      waivers.length === 0
        ? '<p>None.</p>'
        : `<table><thead><tr><th>Match</th><th>Reason</th><th>Expires</th><th>Findings</th></tr></thead><tbody>${waivers
            .map((waiver) => `<tr><td>${e(waiver.fingerprint ?? `${waiver.ruleId} on ${waiver.host}${waiver.instance ? ` / ${waiver.instance}` : ''}`)}</td><td>${e(waiver.reason)}</td><td class="nowrap">${e(waiver.expires)}</td><td>${waiver.matched ?? 0}</td></tr>`)
            .join('')}</tbody></table>`
    }`;
  return `<section id="waivers"><h2>Waivers</h2>${list('In force', 'applied', result.waivers.applied)}${list('Expired, no longer applied', 'expired', result.waivers.expired)}${list('Matching no finding', 'unmatched', result.waivers.unmatched)}</section>`;
}
