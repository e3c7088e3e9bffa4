// Parsers for flag values. Each throws InvalidArgumentError with a message that says what is
// expected; commander turns it into one line on stderr and the CLI exits 2.
import { InvalidArgumentError } from 'commander';
import { HOST_KEY_POLICIES, SEVERITIES, type HostKeyPolicy, type Severity } from '../model.js';
import { CONTRACT_FORMATS, isFormat, type Format } from '../report/index.js';
import { isIsoDate, portFromText } from '../inputs/values.js';

export function parseDate(value: string): string {
  if (!isIsoDate(value)) {
    throw new InvalidArgumentError(`"${value}" is not a valid date; use YYYY-MM-DD (e.g. 2025-01-27).`);
  }
  return value;
}

export function parseFailOn(value: string): Severity | 'none' {
  const lower = value.toLowerCase();
  if (lower === 'none' || (SEVERITIES as readonly string[]).includes(lower)) return lower as Severity | 'none';
  throw new InvalidArgumentError(`"${value}" is not a severity; use one of ${[...SEVERITIES].reverse().join(', ')} or none.`);
}

/**
 * --min-version: a release ("7.4.1", "v7.4.1") or a build number, as written. Only its form is
 * checked here; it is mapped to its build once every build row is merged (resolvePolicy), so it
 * may name a release that --builds or the policy's `builds:` adds.
 */
export function parseMinVersion(value: string): string {
  const text = value.trim();
  if (!/^v?\d+(?:\.\d+){0,3}$/i.test(text)) throw new InvalidArgumentError(`"${value}" is not a version; use a v7 release such as 7.4.1 or a build number.`);
  return text;
}

export function parsePositiveInt(name: string, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < 1 || number > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}, not "${value}".`);
    }
    return number;
  };
}

export function parseSeconds(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0 || number > 3600) {
    throw new InvalidArgumentError(`"${value}" is not a number of seconds between 0 and 3600.`);
  }
  return number;
}

export interface FormatSpec {
  format: Format;
  /** Output file; undefined means stdout. */
  file?: string;
}

/** `FMT[=FILE]`, repeatable. */
export function parseFormat(value: string, previous: FormatSpec[] | undefined): FormatSpec[] {
  const separator = value.indexOf('=');
  const name = (separator < 0 ? value : value.slice(0, separator)).trim().toLowerCase();
  const file = separator < 0 ? undefined : value.slice(separator + 1);
  if (!isFormat(name)) {
    const available = CONTRACT_FORMATS.filter((format) => isFormat(format)).join(', ');
    throw new InvalidArgumentError(`unknown format "${name}"; use one of ${available}, as FMT or FMT=FILE.`);
  }
  if (file !== undefined && file.trim() === '') throw new InvalidArgumentError(`--format ${name}= needs a file name after "=".`);
  const spec: FormatSpec = file === undefined || file === '-' ? { format: name } : { format: name, file };
  return [...(previous ?? []), spec];
}

export function todayUtc(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** `FMT[=FILE]` where FMT is one of `choices` (plan formats). */
export function parseChoice<F extends string>(choices: readonly F[]): (value: string) => { format: F; file?: string } {
  return (value) => {
    const separator = value.indexOf('=');
    const name = (separator < 0 ? value : value.slice(0, separator)).trim().toLowerCase();
    const file = separator < 0 ? undefined : value.slice(separator + 1);
    if (!(choices as readonly string[]).includes(name)) throw new InvalidArgumentError(`unknown format "${name}"; use one of ${choices.join(', ')}, as FMT or FMT=FILE.`);
    if (file !== undefined && file.trim() === '') throw new InvalidArgumentError(`--format ${name}= needs a file name after "=".`);
    return file === undefined || file === '-' ? { format: name as F } : { format: name as F, file };
  };
}

export function parsePort(value: string): number {
  const port = portFromText(value.trim());
  if (port === null) throw new InvalidArgumentError(`"${value}" is not a port; use a number from 1 to 65535.`);
  return port;
}

/** --host-key-policy: the type and values the known_hosts check defines. */
export type HostKeyPolicyOption = HostKeyPolicy;

export function parseHostKeyPolicy(value: string): HostKeyPolicyOption {
  if ((HOST_KEY_POLICIES as readonly string[]).includes(value)) return value as HostKeyPolicy;
  throw new InvalidArgumentError(`"${value}" is not a host key policy; use strict or accept-new.`);
}

/** A Unix user name for `sudo -u`: letters, digits, `_ . -`, not starting with `-`. */
export function parseUserName(value: string): string {
  if (!/^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/.test(value)) {
    throw new InvalidArgumentError(`"${value}" is not a user name (letters, digits, _ . -).`);
  }
  return value;
}

export function parseEnvName(value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) {
    throw new InvalidArgumentError(`"${value}" is not an environment variable name (letters, digits, _).`);
  }
  return value;
}

/** Repeatable string option (`--tag a --tag b`); commas also separate. */
export function collectList(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) throw new InvalidArgumentError('needs a value');
  return [...(previous ?? []), ...items];
}
