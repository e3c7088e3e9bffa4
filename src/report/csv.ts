// One row per finding, RFC 4180 quoting, spreadsheet-safe: a cell that a spreadsheet would
// read as a formula (=, +, -, @, tab, CR) gets a leading apostrophe (OWASP "CSV injection").
import { printable } from './text.js';
import type { Reporter } from './types.js';

const COLUMNS = ['severity', 'ruleId', 'host', 'instance', 'file', 'path', 'message', 'fingerprint', 'waived', 'waiverReason', 'baseline'] as const;

export function csvCell(text: string): string {
  // Control characters would reach a terminal that shows the file (`cat report.csv`); the
  // newline stays, quoted. The exact values are in the JSON report.
  const value = printable(text);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csv: Reporter = (result) => {
  const rows = [COLUMNS.join(',')];
  for (const finding of result.findings) {
    const record: Record<(typeof COLUMNS)[number], string> = {
      severity: finding.severity,
      ruleId: finding.ruleId,
      host: finding.host,
      instance: finding.instance ?? '',
      file: finding.file ?? '',
      path: finding.path ?? '',
      message: finding.message,
      fingerprint: finding.fingerprint,
      waived: String(finding.waived),
      waiverReason: finding.waiverReason ?? '',
      baseline: finding.baseline === undefined ? '' : String(finding.baseline),
    };
    rows.push(COLUMNS.map((column) => csvCell(record[column])).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
};
