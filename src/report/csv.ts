// One row per host, then one row per finding, so that a host that could not be scanned is in
// the file too. The `record` column says which a row is:
//   host     severity, ruleId, instance, file, path, fingerprint, waived, waiverReason and
//            baseline are empty; message says what was found or why the host was not scanned;
//            error holds the collector's error for a host not scanned.
//   finding  every column of the finding; status, product, version and build are its host's.
// RFC 4180 quoting, spreadsheet-safe: a cell that a spreadsheet would read as a formula (=, +,
// -, @, tab, CR, after blanks too, or their full-width forms) gets a leading apostrophe (OWASP
// "CSV injection"), and a cell with a comma, a semicolon, a tab or a line break is quoted,
// because spreadsheets in many locales split on `;` and imports offer tab.
import type { BuildTable } from '../data/builds.js';
import type { Finding, HostReport } from '../model.js';
import { hostVersionLabel, printable } from '../render/text.js';
import type { Reporter } from './types.js';

export const CSV_COLUMNS = ['record', 'severity', 'ruleId', 'host', 'status', 'product', 'version', 'build', 'instance', 'file', 'path', 'message', 'fingerprint', 'waived', 'waiverReason', 'baseline', 'error', 'hosts'] as const;
type Row = Record<(typeof CSV_COLUMNS)[number], string>;

export function csvCell(text: string): string {
  // Control characters would reach a terminal that shows the file (`cat report.csv`); the
  // newline stays, quoted. The exact values are in the JSON report.
  const value = printable(text);
  // Leading blanks do not hide a formula: importers that trim them would read ` =1+1` as one.
  const safe = /^[\s\u00a0\u3000]*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(value) ? `'${value}` : value;
  // Quoted when it holds any separator an import may split on (`,`, `;`, tab) or a line break,
  // so a formula starter after one (`x;=1+1`) never begins a cell of its own.
  return /[",;\t\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const EMPTY: Row = Object.fromEntries(CSV_COLUMNS.map((column) => [column, ''])) as Row;

function hostColumns(host: HostReport | undefined, builds: BuildTable): Pick<Row, 'status' | 'product' | 'version' | 'build'> {
  if (host === undefined) return { status: '', product: '', version: '', build: '' };
  return { status: host.status, product: host.product ?? '', version: hostVersionLabel(host, builds) ?? '', build: host.build === null ? '' : String(host.build) };
}

function hostRow(host: HostReport, builds: BuildTable): Row {
  const instances = host.instances.map((instance) => `${instance.name} (${instance.credential})`).join('; ');
  const message = host.status === 'ok' ? `scanned; instances: ${instances || 'none'}` : `not scanned (${host.status})`;
  return { ...EMPTY, record: 'host', host: host.name, ...hostColumns(host, builds), message, error: host.error ?? '' };
}

function findingRow(finding: Finding, host: HostReport | undefined, builds: BuildTable): Row {
  return {
    ...EMPTY,
    record: 'finding',
    severity: finding.severity,
    ruleId: finding.ruleId,
    host: finding.host,
    ...hostColumns(host, builds),
    instance: finding.instance ?? '',
    file: finding.file ?? '',
    path: finding.path ?? '',
    message: finding.message,
    fingerprint: finding.fingerprint,
    waived: String(finding.waived),
    waiverReason: finding.waiverReason ?? '',
    baseline: finding.baseline === undefined ? '' : String(finding.baseline),
    hosts: (finding.hosts ?? []).join(' '),
  };
}

export const csv: Reporter = (result, { builds }) => {
  const hosts = new Map(result.hosts.map((host) => [host.name, host]));
  const rows = [...result.hosts.map((host) => hostRow(host, builds)), ...result.findings.map((finding) => findingRow(finding, hosts.get(finding.host), builds))];
  const lines = [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((column) => csvCell(row[column])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
};
