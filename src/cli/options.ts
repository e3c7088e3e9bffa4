// Parsers for flag values. Each throws InvalidArgumentError with a message that says what is
// expected; commander turns it into one line on stderr and the CLI exits 2.
import { InvalidArgumentError, Option } from 'commander';
import { HOST_KEY_POLICIES, RULE_CATEGORIES, SEVERITIES, type CategoryPolicies, type FailOn, type HostKeyPolicy, type RuleCategory, type Severity } from '../model.js';
import { INCOMPLETE_OUTCOMES, type IncompleteOutcome } from '../engine/result.js';
import type { Format } from '../report/index.js';
import { isEnvName, isIsoDate, isUserName, portFromText } from '../inputs/values.js';
import { checkStdoutFormats, outputFolderProblem } from './output.js';

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

/** --fail-on as given: the plain gate, and the categories given their own (`security=critical`). */
export interface GateFlag {
  failOn?: FailOn;
  categories: CategoryPolicies;
}

/**
 * `--fail-on high`, `--fail-on security=critical,migration=high`, or both (`high,security=critical`):
 * the plain form is the gate of every category without its own; `CATEGORY=SEVERITY` is that
 * category's gate, as the policy's `categories:` key sets it, and wins over the policy's.
 */
export function parseGateFlag(value: string): GateFlag {
  const gate: GateFlag = { categories: {} };
  for (const item of value.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const separator = item.indexOf('=');
    if (separator < 0) {
      if (gate.failOn !== undefined) throw new InvalidArgumentError(`gives two plain severities; give one, and CATEGORY=SEVERITY for the others.`);
      gate.failOn = parseFailOn(item);
      continue;
    }
    const name = item.slice(0, separator).trim().toLowerCase();
    if (!(RULE_CATEGORIES as readonly string[]).includes(name)) throw new InvalidArgumentError(`"${item.slice(0, separator)}" is not a category; use ${RULE_CATEGORIES.join(', ')} (as CATEGORY=SEVERITY).`);
    const category = name as RuleCategory;
    if (gate.categories[category] !== undefined) throw new InvalidArgumentError(`gives ${category} twice.`);
    gate.categories[category] = { failOn: parseFailOn(item.slice(separator + 1).trim()) };
  }
  if (gate.failOn === undefined && Object.keys(gate.categories).length === 0) throw new InvalidArgumentError('needs a severity, or CATEGORY=SEVERITY.');
  return gate;
}

/** --checks migration,security: the categories whose rules run (Trivy's --scanners convention). */
export function parseChecks(value: string): RuleCategory[] {
  const names = value.split(',').map((name) => name.trim().toLowerCase()).filter((name) => name !== '');
  const unknown = names.filter((name) => !(RULE_CATEGORIES as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) throw new InvalidArgumentError(`"${value}" is not a list of categories; use one or more of ${RULE_CATEGORIES.join(', ')}, comma-separated.`);
  return RULE_CATEGORIES.filter((category) => names.includes(category));
}

/** --incomplete pass|fail|error: what a scan that could not reach every host exits with. */
export function parseIncomplete(value: string): IncompleteOutcome {
  const lower = value.toLowerCase();
  if ((INCOMPLETE_OUTCOMES as readonly string[]).includes(lower)) return lower as IncompleteOutcome;
  throw new InvalidArgumentError(`"${value}" is not one of ${INCOMPLETE_OUTCOMES.join(', ')}.`);
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

export function todayUtc(now: Date): string {
  return now.toISOString().slice(0, 10);
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
  if (!isUserName(value)) {
    throw new InvalidArgumentError(`"${value}" is not a user name (letters, digits, _ . -).`);
  }
  return value;
}

export function parseEnvName(value: string): string {
  if (!isEnvName(value)) {
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

/** One requested output: a format of the command's registry and where it goes. */
export interface FormatSpec<F extends string = Format> {
  format: F;
  /** Output file; undefined means stdout. */
  file?: string;
}

export interface FormatsFlag<F extends string> {
  /** `-f, --format <fmt[=file]>`: repeatable, its help and default taken from the registry. */
  option: Option;
  /** The "Formats:" block for the end of the command's help: each name with its summary. */
  help: string;
  /** Adds one `FMT[=FILE]` to the list, as -f does (`builds --json` goes through it too). */
  parse(value: string, previous: readonly FormatSpec<F>[] | undefined): FormatSpec<F>[];
}

/**
 * The -f flag of a command, built from its format registry: `FMT[=FILE]`, repeatable; `FMT` or
 * `FMT=-` writes to stdout, and stdout takes one format at most. `fallback` is the format
 * written when no -f is given (none: the command asks for one).
 */
export function formatsFlag<F extends string>(registry: Readonly<Record<F, { summary: string }>>, fallback?: NoInfer<F>): FormatsFlag<F> {
  const names = Object.keys(registry) as F[];
  // commander hands the default in as `previous` to the first -f: this very array is replaced,
  // not added to, so `-f json` means json alone.
  const defaults: FormatSpec<F>[] = fallback === undefined ? [] : [{ format: fallback }];
  const parse = (value: string, previous: readonly FormatSpec<F>[] | undefined): FormatSpec<F>[] => {
    const separator = value.indexOf('=');
    const name = (separator < 0 ? value : value.slice(0, separator)).trim().toLowerCase();
    const file = separator < 0 ? undefined : value.slice(separator + 1);
    if (!Object.hasOwn(registry, name)) throw new InvalidArgumentError(`unknown format "${name}"; use one of ${names.join(', ')}, as FMT or FMT=FILE.`);
    if (file !== undefined && file.trim() === '') throw new InvalidArgumentError(`--format ${name}= needs a file name after "=" (or - for stdout).`);
    const format = name as F;
    const folderProblem = file === undefined || file === '-' ? undefined : outputFolderProblem(file);
    if (folderProblem !== undefined) throw new InvalidArgumentError(`${folderProblem}.`);
    const specs = [...(previous === defaults ? [] : (previous ?? [])), file === undefined || file === '-' ? { format } : { format, file }];
    checkStdoutFormats(specs);
    return specs;
  };
  const option = new Option('-f, --format <fmt[=file]>', `one of ${names.join(', ')}; repeatable; FMT=FILE writes FILE (FMT alone or FMT=-: stdout)`).argParser(parse);
  if (fallback !== undefined) option.default(defaults, fallback);
  const width = Math.max(...names.map((name) => name.length)) + 2;
  const help = ['', 'Formats:', ...names.map((name) => `  ${name.padEnd(width)}${registry[name].summary}`)].join('\n');
  return { option, help, parse };
}
