// Renderers for `campaign-audit diff`: table (terminal), markdown, json (contract).
import type { DiffResult } from '../history/diff.js';
import type { Finding } from '../model.js';
import type { OutputFormat } from '../render/output-format.js';
import { code, md, mdDocument, mdRow, type Md } from '../render/markdown-text.js';
import { findingHostsLabel, safeJson, terminalSafe } from '../render/text.js';
import { fitTable, wrapText } from '../render/text-layout.js';

/** The formats of `diff -f`; `DiffFormat` is derived from it. */
export const diffFormats = {
  table: { render: (diff, { width, ascii }) => diffTable(terminalSafe(diff), width, ascii === true), summary: 'new and resolved findings, host changes, for the terminal' },
  json: { render: (diff) => safeJson(diff), summary: 'the whole diff (docs/reports.md)' },
  markdown: { render: (diff) => diffMarkdown(diff), summary: 'for a ticket or a wiki page' },
} satisfies Record<string, OutputFormat<DiffResult>>;

export type DiffFormat = keyof typeof diffFormats;

/** One format without a terminal: `width` is the table's (80 when not given). */
export function renderDiff(diff: DiffResult, format: DiffFormat, width = 80): string {
  return diffFormats[format].render(diff, { color: false, width });
}

/** "2 new, 1 resolved, 5 unchanged finding(s); 0 host change(s)." */
export function diffSummary(diff: DiffResult): string {
  return `${diff.new.length} new, ${diff.resolved.length} resolved, ${diff.unchanged.length} unchanged finding(s); ${diff.hostChanges.length} host change(s).`;
}

/** Tables within `width`; one block per finding or change when a table would not fit. */
function diffTable(diff: DiffResult, width: number, ascii: boolean): string {
  const out: string[] = [];
  const findingTable = (title: string, findings: readonly Finding[]): void => {
    if (findings.length === 0) return;
    const rows = findings.map((finding) => [finding.severity, finding.ruleId, findingHostsLabel(finding, ',\n'), finding.instance ?? '-', finding.message]);
    const ruleWidth = Math.max(...findings.map((finding) => finding.ruleId.length));
    const boxed = fitTable(['Severity', 'Rule', 'Host', 'Instance', 'Finding'], rows, width, { min: [8, ruleWidth, 12, 8, 40], ascii });
    const stacked = (): string =>
      findings
        .map((finding) => {
          const where = finding.instance === null ? findingHostsLabel(finding) : `${findingHostsLabel(finding)} / ${finding.instance}`;
          return [...wrapText(`${finding.severity} ${finding.ruleId} — ${where}`, width, '  '), ...wrapText(`    ${finding.message}`, width)].join('\n');
        })
        .join('\n\n');
    out.push(`${title} (${findings.length})`, boxed ?? stacked(), '');
  };
  findingTable('New', diff.new);
  findingTable('Resolved', diff.resolved);
  if (diff.hostChanges.length > 0) {
    const rows = diff.hostChanges.map((change) => [change.host, change.change, change.details]);
    const boxed = fitTable(['Host', 'Change', 'Details'], rows, width, { min: [12, 8, 30], ascii });
    const stacked = (): string => diff.hostChanges.flatMap((change) => wrapText(`${change.host}: ${change.change}, ${change.details}`, width, '    ')).join('\n');
    out.push(`Host changes (${diff.hostChanges.length})`, boxed ?? stacked(), '');
  }
  out.push(...wrapText(diffSummary(diff), width), '');
  return out.join('\n');
}

function diffMarkdown(diff: DiffResult): string {
  const out: (Md | string)[] = ['# Campaign audit: changes', '', md`${diffSummary(diff)}`, ''];
  for (const [title, findings] of [['New findings', diff.new], ['Resolved findings', diff.resolved]] as const) {
    out.push(md`## ${title} (${findings.length})`, '');
    if (findings.length === 0) out.push('None.', '');
    else {
      out.push('| Severity | Rule | Host | Instance | Finding |', '| --- | --- | --- | --- | --- |');
      for (const finding of findings) out.push(mdRow([finding.severity, code(finding.ruleId), findingHostsLabel(finding), finding.instance ?? '-', finding.message]));
      out.push('');
    }
  }
  out.push(md`## Host changes (${diff.hostChanges.length})`, '');
  for (const change of diff.hostChanges) out.push(md`- ${change.host}: ${change.change}, ${change.details}`);
  return mdDocument(out);
}
