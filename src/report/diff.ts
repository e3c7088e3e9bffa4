// Renderers for `campaign-audit diff`: table (terminal), markdown, json (contract).
import Table from 'cli-table3';
import type { DiffResult } from '../diff.js';
import type { Finding } from '../model.js';
import { code, md, mdDocument, mdRow, type Md } from '../render/markdown-text.js';
import { safeJson, terminalSafe } from '../render/text.js';

export const DIFF_FORMATS = ['table', 'json', 'markdown'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export function renderDiff(diff: DiffResult, format: DiffFormat): string {
  if (format === 'json') return safeJson(diff);
  return format === 'markdown' ? diffMarkdown(diff) : diffTable(terminalSafe(diff));
}

function summaryLine(diff: DiffResult): string {
  return `${diff.new.length} new, ${diff.resolved.length} resolved, ${diff.unchanged.length} unchanged finding(s); ${diff.hostChanges.length} host change(s).`;
}

function diffTable(diff: DiffResult): string {
  const out: string[] = [];
  const findingTable = (title: string, findings: readonly Finding[]): void => {
    if (findings.length === 0) return;
    const table = new Table({ head: ['Severity', 'Rule', 'Host', 'Instance', 'Finding'], style: { head: [], border: [] }, wordWrap: true, colWidths: [null, null, null, null, 60] as unknown as number[] });
    for (const finding of findings) table.push([finding.severity, finding.ruleId, finding.host, finding.instance ?? '-', finding.message]);
    out.push(`${title} (${findings.length})`, table.toString(), '');
  };
  findingTable('New', diff.new);
  findingTable('Resolved', diff.resolved);
  if (diff.hostChanges.length > 0) {
    const table = new Table({ head: ['Host', 'Change', 'Details'], style: { head: [], border: [] } });
    for (const change of diff.hostChanges) table.push([change.host, change.change, change.details]);
    out.push(`Host changes (${diff.hostChanges.length})`, table.toString(), '');
  }
  out.push(summaryLine(diff), '');
  return out.join('\n');
}

function diffMarkdown(diff: DiffResult): string {
  const out: (Md | string)[] = ['# Campaign audit: changes', '', md`${summaryLine(diff)}`, ''];
  for (const [title, findings] of [['New findings', diff.new], ['Resolved findings', diff.resolved]] as const) {
    out.push(md`## ${title} (${findings.length})`, '');
    if (findings.length === 0) out.push('None.', '');
    else {
      out.push('| Severity | Rule | Host | Instance | Finding |', '| --- | --- | --- | --- | --- |');
      for (const finding of findings) out.push(mdRow([finding.severity, code(finding.ruleId), finding.host, finding.instance ?? '-', finding.message]));
      out.push('');
    }
  }
  out.push(md`## Host changes (${diff.hostChanges.length})`, '');
  for (const change of diff.hostChanges) out.push(md`- ${change.host}: ${change.change}, ${change.details}`);
  return mdDocument(out);
}
