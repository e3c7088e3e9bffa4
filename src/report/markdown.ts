// Markdown report: for tickets, pull requests and wikis. Every value goes through `md`/`mdRow`
// (escaped text) or code() (exact code spans): nothing from a report can add markup.
import type { Finding, WaiverEntry } from '../model.js';
import { code, md, mdDocument, mdJoin, mdRow, type Md, type MdValue } from '../render/markdown-text.js';
import { findingHostsLabel, hostVersionLabel, SEVERITIES_DESC } from '../render/text.js';
import { severityShare, summarizeVerdict, verdictHeadline } from './verdict.js';
import type { Reporter } from './types.js';

export const markdown: Reporter = (result, { builds }) => {
  const verdict = summarizeVerdict(result);
  const out: (Md | string)[] = ['# Campaign JWT to OAuth audit', ''];
  out.push(md`**${verdictHeadline(verdict)}**`, '', ...verdict.details.map((line) => md`- ${line}`), '');
  out.push(md`Generated ${result.generatedAt} by ${result.tool.name} ${result.tool.version}. Minimum release ${result.policy.minVersion} (build ${result.policy.minBuild}).`, '');
  out.push('## Hosts', '', '| Host | Status | Product | Version | Build | Instances |', '| --- | --- | --- | --- | --- | --- |');
  for (const host of result.hosts) {
    const instances: MdValue = host.status !== 'ok' ? (host.error ?? '') : host.instances.length === 0 ? '(none)' : mdJoin(host.instances.map((instance) => md`${instance.name}: ${instance.credential}`), '<br>');
    out.push(mdRow([host.name, host.status, host.product ?? '-', hostVersionLabel(host, builds) ?? '-', host.build ?? '-', instances]));
  }
  out.push('', '## Findings', '');
  if (result.findings.length === 0) out.push('No findings.', '');
  for (const severity of SEVERITIES_DESC) {
    const findings = result.findings.filter((finding) => finding.severity === severity);
    if (findings.length === 0) continue;
    out.push(md`### ${severity}: ${severityShare(verdict, severity)}`, '', '| Rule | Host | Instance | Finding | Evidence |', '| --- | --- | --- | --- | --- |');
    for (const finding of findings) out.push(mdRow([code(finding.ruleId), findingHostsLabel(finding), finding.instance ?? '-', findingText(finding), evidence(finding)]));
    out.push('');
  }
  if (result.waivers) {
    out.push('## Waivers', '');
    for (const [label, list] of [['In force', result.waivers.applied], ['Expired (no longer applied)', result.waivers.expired], ['Matching nothing', result.waivers.unmatched]] as const) {
      out.push(md`- ${label}: ${list.length === 0 ? 'none' : mdJoin(list.map(waiverText), '; ')}`);
    }
  }
  return mdDocument(out);
};

function findingText(finding: Finding): Md {
  if (finding.waived) return md`${finding.message} _(waived: ${finding.waiverReason ?? ''})_`;
  return finding.baseline ? md`${finding.message} _(in baseline)_` : md`${finding.message}`;
}

function evidence(finding: Finding): MdValue {
  const parts = [finding.file, finding.path].filter((part): part is string => part !== null && part !== '');
  return parts.length === 0 ? '-' : mdJoin(parts.map(code), ' ');
}

function waiverText(waiver: WaiverEntry): Md {
  const instance = waiver.instance !== undefined ? md` / ${waiver.instance}` : '';
  const match = waiver.fingerprint !== undefined ? md`fingerprint ${code(waiver.fingerprint)}` : md`${code(waiver.ruleId ?? '?')} on ${waiver.host ?? '?'}${instance}`;
  return md`${match} until ${waiver.expires} (${waiver.reason})`;
}
