// Small text helpers shared by the human-readable reporters and the plan renderers (below both
// src/report and src/plan, so that neither imports the other for them).
import { daysSince } from '../dates.js';
import type { Finding, HostReport, ScanResult, Severity } from '../model.js';
import { SEVERITIES } from '../model.js';
import { versionLabel, type BuildTable } from '../data/builds.js';

/** The SGR codes of the styles terminal output uses: a style outside this table does not compile. */
const ANSI = { red: '31', yellow: '33', green: '32', cyan: '36', magenta: '35', bold: '1', dim: '2' } as const;
export type TextStyle = keyof typeof ANSI;

export function paint(enabled: boolean, style: TextStyle, text: string): string {
  return enabled ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text;
}

export const SEVERITY_STYLE = { critical: 'magenta', high: 'red', medium: 'yellow', low: 'cyan', info: 'dim' } as const satisfies Record<Severity, TextStyle>;

/** Severities from the most to the least severe. */
export const SEVERITIES_DESC: readonly Severity[] = [...SEVERITIES].reverse();

/**
 * The characters no output shows as they are (docs/security.md): the C0 controls but newline and
 * tab, DEL and the C1 controls (escape sequences; a lone U+009B is a CSI to some terminals), the
 * Unicode bidirectional controls U+061C, U+200E, U+200F, U+202A–U+202E and U+2066–U+2069 (an
 * RLO in a file name shows text in another order than it is, "Trojan Source") and the line and
 * paragraph separators U+2028, U+2029. One set for every format: text formats show each as "?",
 * HTML too (src/report/html-kit.ts), JSON writes it as a \u escape (the same value).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
/** UNSAFE_CHARS that JSON.stringify leaves as they are (it escapes the C0 controls itself). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/**
 * Text from a server (file names, pdump output, errors) made safe for a terminal, a Markdown or
 * an HTML file: every UNSAFE_CHARS becomes "?", so no escape sequence reaches the operator's
 * terminal and no bidi control reorders what a reader sees.
 */
export function printable(text: string): string {
  return text.replace(UNSAFE_CHARS, '?');
}

/** printable(), and on one line: a newline in a file name must not forge a row or a report line. */
export function printableLine(text: string): string {
  return printable(text).replace(/[\n\t]/g, '?');
}

/**
 * `value` with every string in it (keys kept) passed through `clean`: how a reporter takes in a
 * whole result or diff, so that no field, present or added later, reaches its output raw.
 */
export function mapStrings<T>(value: T, clean: (text: string) => string): T {
  if (typeof value === 'string') return clean(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => mapStrings(item, clean)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item as unknown, clean)])) as T;
  }
  return value;
}

/** For a terminal: every string of `value` printable and on one line (no escape sequence, no forged line). */
export function terminalSafe<T>(value: T): T {
  return mapStrings(value, printableLine);
}

/**
 * JSON whose bytes are safe to print on a terminal and to show in an editor: the C1 controls
 * (U+0080–U+009F: a lone U+009B is a CSI to some terminals), bidi controls and line separators
 * are written as \u escapes. The parsed values are exactly the same.
 */
export function safeJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

/** A date relative to the as-of date: "passed 669 days ago", "in 12 days", "today". */
export function daysLabel(days: number): string {
  if (days === 0) return 'today';
  return days > 0 ? `passed ${days} days ago` : `in ${-days} days`;
}

/** "passed 669 days ago" / "is in 12 days" / "is today". */
export function cutoffPhrase(result: ScanResult): string {
  const days = daysSince(result.asOf, result.policy.cutoff);
  if (days === 0) return `JWT cutoff ${result.policy.cutoff} is today`;
  return days > 0 ? `JWT cutoff ${result.policy.cutoff} passed ${days} days ago` : `JWT cutoff ${result.policy.cutoff} is in ${-days} days`;
}

/**
 * Version as people say it ("7.3.5", "Gold Standard 11", "unknown"), the one label of every
 * output (versionLabel); undefined for a host never reached. A host not scanned whose banner was
 * read (its configuration was not) has a version, and every format shows it; a scanned host
 * whose banner said nothing is "unknown".
 */
export function hostVersionLabel(host: HostReport, builds: BuildTable): string | undefined {
  if (host.status !== 'ok' && host.product === null && host.version === null && host.build === null) return undefined;
  return versionLabel(host, builds);
}

/**
 * The host or hosts a finding is about, as every format shows it: "mkt-prod-1, mkt-prod-2" for a
 * finding that spans an instance's hosts (Finding.hosts), else its one host. A table cell puts
 * one host a line (separator ",\n"), so the column stays as wide as the longest host name.
 */
export function findingHostsLabel(finding: Pick<Finding, 'host' | 'hosts'>, separator = ', '): string {
  return finding.hosts !== undefined && finding.hosts.length > 0 ? finding.hosts.join(separator) : finding.host;
}

/** Whether a finding is about `host`: its own host, or one of the hosts it spans. */
export function findingConcerns(finding: Pick<Finding, 'host' | 'hosts'>, host: string): boolean {
  return finding.host === host || (finding.hosts?.includes(host) ?? false);
}
