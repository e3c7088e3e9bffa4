// The terminal report: hosts with build/version/credential state, then findings by severity,
// then the verdict (issue #2). Every line fits `context.width` (issue #10): tables shrink by
// wrapping their cells, and switch to a stacked layout when even that would not fit.
import type { BuildTable } from '../data/builds.js';
import type { Credential, Finding, HostReport, ScanResult } from '../model.js';
import { findingHostsLabel, hostVersionLabel, paint, SEVERITIES_DESC, SEVERITY_STYLE, terminalSafe, type TextStyle } from '../render/text.js';
import { fitTable, wrapText } from '../render/text-layout.js';
import { severityShare, summarizeVerdict, verdictHeadline } from './verdict.js';
import type { Reporter } from './types.js';

export const table: Reporter = (report, context) => {
  // Every string of the report made printable and one-line first, whatever its field.
  const result = terminalSafe(report);
  const width = context.width > 0 ? context.width : 80;
  const verdict = summarizeVerdict(result);
  const ascii = context.ascii === true;
  const out: string[] = [hostsTable(result, context.builds, context.color, width, ascii)];
  for (const severity of SEVERITIES_DESC) {
    const findings = result.findings.filter((finding) => finding.severity === severity);
    if (findings.length === 0) continue;
    out.push('', ...wrapText(paint(context.color, SEVERITY_STYLE[severity], `${severity.toUpperCase()} — ${severityShare(verdict, severity)}`), width));
    out.push(findingsTable(findings, context.color, width, ascii));
  }
  if (result.findings.length === 0) out.push('', 'No findings.');
  const style = verdict.verdict === 'pass' ? 'green' : verdict.verdict === 'fail' ? 'red' : 'yellow';
  out.push('', ...wrapText(paint(context.color, style, verdictHeadline(verdict)), width, '  '), ...verdict.details.flatMap((line) => wrapText(line, width, '  ')), '');
  return out.join('\n');
};

function findingMessage(finding: Finding): string {
  return finding.waived ? `${finding.message} [waived: ${finding.waiverReason ?? ''}]` : finding.baseline ? `${finding.message} [in baseline]` : finding.message;
}

/** Rule ids are not wrapped and the message keeps at least 40 columns; else one block per finding. */
function findingsTable(findings: readonly Finding[], color: boolean, width: number, ascii: boolean): string {
  const rows = findings.map((finding) => [finding.ruleId, findingHostsLabel(finding, ',\n'), finding.instance ?? '-', findingMessage(finding)]);
  const ruleWidth = Math.max(...findings.map((finding) => finding.ruleId.length));
  const boxed = fitTable(['Rule', 'Host', 'Instance', 'Finding'], rows, width, { min: [ruleWidth, longest(rows, 1, 20), 8, 40], color, ascii });
  if (boxed !== undefined) return boxed;
  return findings
    .map((finding) => {
      const where = finding.instance === null ? findingHostsLabel(finding) : `${findingHostsLabel(finding)} / ${finding.instance}`;
      return [...wrapText(`${finding.ruleId} — ${where}`, width, '  '), ...wrapText(`    ${findingMessage(finding)}`, width)].join('\n');
    })
    .join('\n\n');
}

function instancesCell(host: HostReport, color: boolean): string {
  if (host.status !== 'ok') return host.error ?? '';
  if (host.instances.length === 0) return '(no instance)';
  return host.instances.map((instance) => `${instance.name}: ${credentialLabel(instance.credential, color)}`).join('\n');
}

function hostsTable(result: ScanResult, builds: BuildTable, color: boolean, width: number, ascii: boolean): string {
  const rows = result.hosts.map((host) => [
    host.name,
    host.status === 'ok' ? 'ok' : paint(color, 'red', host.status),
    host.product ?? '-',
    hostVersionLabel(host, builds) ?? '-',
    host.build === null ? '-' : String(host.build),
    instancesCell(host, color),
  ]);
  const boxed = fitTable(['Host', 'Status', 'Product', 'Version', 'Build', 'Instances (credential)'], rows, width, { min: [longest(rows, 0, 20), 7, 7, 7, 5, 12], color, ascii });
  if (boxed !== undefined) return boxed;
  // Narrower than about 70 columns: one block per host.
  return result.hosts
    .map((host) => {
      const version = hostVersionLabel(host, builds);
      const read = version === undefined ? [] : [host.product ?? '', version === 'unknown' ? 'version unknown' : version, host.build === null ? '' : `build ${host.build}`];
      const state = [host.status === 'ok' ? '' : paint(color, 'red', host.status), ...read].filter(Boolean).join(' ');
      return [...wrapText(`${host.name}: ${state}`, width, '  '), ...instancesCell(host, color).split('\n').flatMap((line) => wrapText(`  ${line}`, width, '  '))].join('\n');
    })
    .join('\n');
}

/** The longest cell of a column, at most `cap`: names below the cap are not wrapped. */
function longest(rows: readonly string[][], column: number, cap: number): number {
  return Math.min(cap, Math.max(8, ...rows.flatMap((row) => (row[column] ?? '').split('\n').map((line) => line.length))));
}

/** One style per credential class, so that a class added to the model must be given one here. */
const CREDENTIAL_STYLE = { jwt: 'red', oauth: 'green', incomplete: 'yellow', none: 'dim', unknown: 'yellow' } as const satisfies Record<Credential, TextStyle>;

function credentialLabel(credential: Credential, color: boolean): string {
  return paint(color, CREDENTIAL_STYLE[credential], credential);
}
