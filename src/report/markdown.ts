// Markdown report: for tickets, pull requests and wikis.
import { hostVersionLabel, SEVERITIES_DESC } from './text.js';
import { severityShare, summarizeVerdict } from './verdict.js';
import { mdCell } from './markdown-text.js';
import type { Reporter } from './types.js';

export const markdown: Reporter = (result) => {
  const verdict = summarizeVerdict(result);
  const out: string[] = ['# Campaign JWT to OAuth audit', ''];
  out.push(`**Verdict: ${verdict.headline}**`, '', ...verdict.details.map((line) => `- ${line}`), '');
  out.push(`Generated ${result.generatedAt} by ${result.tool.name} ${result.tool.version}. Minimum release ${result.policy.minVersion} (build ${result.policy.minBuild}).`, '');
  out.push('## Hosts', '', '| Host | Status | Product | Version | Build | Instances |', '| --- | --- | --- | --- | --- | --- |');
  for (const host of result.hosts) {
    const instances = host.status === 'ok' ? host.instances.map((instance) => `${mdCell(instance.name)}: ${instance.credential}`).join('<br>') || '(none)' : mdCell(host.error ?? '');
    out.push(`| ${mdCell(host.name)} | ${host.status} | ${host.product ?? '-'} | ${mdCell(hostVersionLabel(host))} | ${host.build ?? '-'} | ${instances} |`);
  }
  out.push('', '## Findings', '');
  if (result.findings.length === 0) out.push('No findings.', '');
  for (const severity of SEVERITIES_DESC) {
    const findings = result.findings.filter((finding) => finding.severity === severity);
    if (findings.length === 0) continue;
    out.push(`### ${severity}: ${severityShare(verdict, severity)}`, '', '| Rule | Host | Instance | Finding | Evidence |', '| --- | --- | --- | --- | --- |');
    for (const finding of findings) {
      const note = finding.waived ? ` _(waived: ${mdCell(finding.waiverReason ?? '')})_` : finding.baseline ? ' _(in baseline)_' : '';
      const evidence = [finding.file, finding.path].filter((part) => part !== null).map((part) => `\`${mdCell(part ?? '')}\``).join(' ');
      out.push(`| \`${finding.ruleId}\` | ${mdCell(finding.host)} | ${mdCell(finding.instance ?? '-')} | ${mdCell(finding.message)}${note} | ${evidence || '-'} |`);
    }
    out.push('');
  }
  if (result.waivers) {
    out.push('## Waivers', '');
    for (const [label, list] of [['In force', result.waivers.applied], ['Expired (no longer applied)', result.waivers.expired], ['Matching nothing', result.waivers.unmatched]] as const) {
      out.push(`- ${label}: ${list.length === 0 ? 'none' : list.map((waiver) => `${mdCell(waiver.fingerprint ?? `${waiver.ruleId} @ ${waiver.host}${waiver.instance ? `/${waiver.instance}` : ''}`)} until ${waiver.expires} (${mdCell(waiver.reason)})`).join('; ')}`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
};
