// Renderers for `campaign-audit diff`: table (terminal), markdown, json (contract).
import type { DiffResult } from '../history/diff.js';
import type { Finding } from '../model.js';
import { code, md, mdDocument, mdRow, type Md } from '../render/markdown-text.js';
import { safeJson, terminalSafe } from '../render/text.js';
import { fitTable, wrapText } from '../render/text-layout.js';

export const DIFF_FORMATS = ['table', 'json', 'markdown'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** `width`: the terminal's columns, for the table (80 when not given). */
export function renderDiff(diff: DiffResult, format: DiffFormat, width = 80): string {
  if (format === 'json') return safeJson(diff);
  return format === 'markdown' ? diffMarkdown(diff) : diffTable(terminalSafe(diff), width);
}

function summaryLine(diff: DiffResult): string {
  return `${diff.new.length} new, ${diff.resolved.length} resolved, ${diff.unchanged.length} unchanged finding(s); ${diff.hostChanges.length} host change(s).`;
}

/** Tables within `width`; one block per finding or change when a table would not fit. */
function diffTable(diff: DiffResult, width: number): string {
  const out: string[] = [];
  const findingTable = (title: string, findings: readonly Finding[]): void => {
    if (findings.length === 0) return;
    const rows = findings.map((finding) => [finding.severity, finding.ruleId, finding.host, finding.instance ?? '-', finding.message]);
    const ruleWidth = Math.max(...findings.map((finding) => finding.ruleId.length));
    const boxed = fitTable(['Severity', 'Rule', 'Host', 'Instance', 'Finding'], rows, width, { min: [8, ruleWidth, 12, 8, 40] });
    const stacked = (): string =>
      findings
        .map((finding) => {
          const where = finding.instance === null ? finding.host : `${finding.host} / ${finding.instance}`;
          return [...wrapText(`${finding.severity} ${finding.ruleId} — ${where}`, width, '  '), ...wrapText(`    ${finding.message}`, width)].join('\n');
        })
        .join('\n\n');
    out.push(`${title} (${findings.length})`, boxed ?? stacked(), '');
  };
  findingTable('New', diff.new);
  findingTable('Resolved', diff.resolved);
  if (diff.hostChanges.length > 0) {
    const rows = diff.hostChanges.map((change) => [change.host, change.change, change.details]);
    const boxed = fitTable(['Host', 'Change', 'Details'], rows, width, { min: [12, 8, 30] });
    const stacked = (): string => diff.hostChanges.flatMap((change) => wrapText(`${change.host}: ${change.change}, ${change.details}`, width, '    ')).join('\n');
    out.push(`Host changes (${diff.hostChanges.length})`, boxed ?? stacked(), '');
  }
  out.push(...wrapText(summaryLine(diff), width), '');
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
