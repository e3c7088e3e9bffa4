// The terminal report: hosts with build/version/credential state, then findings by severity,
// then a one-line verdict (issue #2). cli-table3 draws; colours only when the context allows.
import Table from 'cli-table3';
import type { ScanResult } from '../model.js';
import { hostVersionLabel, paint, SEVERITIES_DESC, SEVERITY_STYLE, terminalSafe } from '../render/text.js';
import { severityShare, summarizeVerdict } from './verdict.js';
import type { Reporter } from './types.js';

export const table: Reporter = (report, context) => {
  // Every string of the report made printable and one-line first, whatever its field.
  const result = terminalSafe(report);
  const verdict = summarizeVerdict(result);
  const out: string[] = [];
  out.push(hostsTable(result, context.color));
  for (const severity of SEVERITIES_DESC) {
    const findings = result.findings.filter((finding) => finding.severity === severity);
    if (findings.length === 0) continue;
    out.push('', paint(context.color, SEVERITY_STYLE[severity], `${severity.toUpperCase()} — ${severityShare(verdict, severity)}`));
    const messageWidth = Math.max(30, context.width - 60);
    const findingsTable = new Table({
      head: ['Rule', 'Host', 'Instance', 'Finding'],
      colWidths: [null, null, null, messageWidth] as unknown as number[],
      wordWrap: true,
      style: plainStyle(context.color),
    });
    for (const finding of findings) {
      const message = finding.waived ? `${finding.message} [waived: ${finding.waiverReason ?? ''}]` : finding.baseline ? `${finding.message} [in baseline]` : finding.message;
      findingsTable.push([finding.ruleId, finding.host, finding.instance ?? '-', message]);
    }
    out.push(findingsTable.toString());
  }
  if (result.findings.length === 0) out.push('', 'No findings.');
  const style = verdict.verdict === 'pass' ? 'green' : verdict.verdict === 'fail' ? 'red' : 'yellow';
  out.push('', paint(context.color, style, `Verdict: ${verdict.headline}`), ...verdict.details, '');
  return out.join('\n');
};

function hostsTable(result: ScanResult, color: boolean): string {
  const hosts = new Table({
    head: ['Host', 'Status', 'Product', 'Version', 'Build', 'Instances (credential)'],
    style: plainStyle(color),
  });
  for (const host of result.hosts) {
    const instances =
      host.status !== 'ok'
        ? host.error ?? ''
        : host.instances.length === 0
          ? '(no instance)'
          : host.instances.map((instance) => `${instance.name}: ${credentialLabel(instance.credential, color)}`).join('\n');
    hosts.push([
      host.name,
      host.status === 'ok' ? 'ok' : paint(color, 'red', host.status),
      host.product ?? '-',
      hostVersionLabel(host),
      host.build === null ? '-' : String(host.build),
      instances,
    ]);
  }
  return hosts.toString();
}

function credentialLabel(credential: string, color: boolean): string {
  const style = credential === 'jwt' ? 'red' : credential === 'oauth' ? 'green' : credential === 'none' ? 'dim' : 'yellow';
  return paint(color, style, credential);
}

function plainStyle(color: boolean): { head: string[]; border: string[] } {
  return { head: color ? ['bold'] : [], border: [] };
}
