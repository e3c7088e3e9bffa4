// The one way a bad input becomes an error: every input kind (inventory, waivers, policy, build
// data, saved reports, evidence snapshots) checks its value with a zod schema, and the first
// problem becomes one line in one style (docs/security.md, "Input files"):
//
//   <flag> <file>[ line N]: <key path>[ (<row>)] <problem>[ (and N more problems)]
//   --waivers waivers.yaml line 7: waivers[2].expires must be a date YYYY-MM-DD (UTC)
//   --builds extra.yaml line 9: builds[2].date (build 9403) must be a date YYYY-MM-DD
//   plan old.json: findings[0].severity is not one of info, low, medium, high, critical
//
// A problem is the schema's own words, read after the key path ("must be …", "is not …"), or
// "is missing" when the field is absent. No message quotes a value of the file: a secret or an
// escape sequence must not reach the terminal. What does come from outside (the file's name, the
// keys in a key path, a row's label) passes through printableLine here, and is cut to a length.
// zod is the one schema library for every input (src/contract/common.ts says why).
import * as z from 'zod';
import { InputError } from '../errors.js';
import { printableLine } from '../render/text.js';

export type Key = string | number;

/** Where an input came from: the flag (or command) that named it, the file, and for YAML the line of a key path. */
export interface InputSource {
  /** `--waivers`, `--evidence`, `plan`. */
  flag: string;
  /** The file as the user named it (or as found in a folder the user named). */
  file: string;
  /** 1-based line of the node at `path`; `onKey`: of its last key itself (an unknown key). */
  lineOf?: (path: readonly Key[], onKey: boolean) => number;
}

/** One problem at a key path, in the tool's words; `onKey` when the last key itself is at fault. */
export interface InputProblem {
  path: readonly Key[];
  problem: string;
  onKey?: boolean;
}

/** A row's name in messages (`build 9403`), or null; given the row as the file holds it. */
export type RowLabel = (row: unknown) => string | null;

/** Where the checked value sits in its file: its key path, the value itself, how rows are named. */
export interface InputPlace {
  at?: readonly Key[];
  value?: unknown;
  rowLabel?: RowLabel;
}

/** A key or a row label longer than this is cut: a 1 MB key must not make a 1 MB line. */
const MAX_PART_CHARS = 64;

function part(text: string): string {
  const line = printableLine(text);
  return line.length > MAX_PART_CHARS ? `${line.slice(0, MAX_PART_CHARS - 1)}…` : line;
}

/** `waivers[0].fingerprint` for ['waivers', 0, 'fingerprint']; each key printable and bounded. */
export function keyPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}${out === '' ? '' : '.'}${part(String(key))}`), '');
}

/** `<flag> <file>[ line N]: <text>`: the start every input error shares, for problems of the whole file too. */
export function fileError(source: Pick<InputSource, 'flag' | 'file'>, text: string, line?: number): InputError {
  return new InputError(`${printableLine(source.flag)} ${printableLine(source.file)}${line === undefined ? '' : ` line ${line}`}: ${text}`);
}

/** The error for the first of `problems`, naming the key path (and row) in the file. */
export function inputError(source: InputSource, problems: readonly InputProblem[], place: InputPlace = {}): InputError {
  const [first] = problems;
  const at = place.at ?? [];
  if (first === undefined) return fileError(source, `${keyPath(at) || 'the file'} is not valid`, source.lineOf?.(at, false));
  const label = rowLabelOf(first.path.slice(at.length), place);
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  const subject = `${keyPath(first.path) || 'the file'}${label === null ? '' : ` (${part(label)})`}`;
  return fileError(source, `${subject} ${first.problem}${more}`, source.lineOf?.(first.path, first.onKey === true));
}

/** The label of the deepest row on `path` (relative to place.value) that has one. */
function rowLabelOf(path: readonly Key[], place: InputPlace): string | null {
  if (place.rowLabel === undefined) return null;
  let label: string | null = null;
  let node = place.value;
  for (const key of path) {
    node = childOf(node, key);
    if (typeof key === 'number') label = place.rowLabel(node) ?? label;
  }
  return label;
}

function childOf(node: unknown, key: Key): unknown {
  return typeof node === 'object' && node !== null && Object.hasOwn(node, key) ? (node as Record<Key, unknown>)[key] : undefined;
}

/** True when the last key of `path` is absent from the object holding it. */
function isAbsent(value: unknown, path: readonly Key[]): boolean {
  const last = path[path.length - 1];
  if (last === undefined) return false;
  const parent = path.slice(0, -1).reduce<unknown>(childOf, value);
  return typeof parent === 'object' && parent !== null && !Array.isArray(parent) && childOf(parent, last) === undefined;
}

/**
 * zod issues as problems, an unknown key first (a misspelt key, "host:", is why the expected one
 * is missing). Paths are made absolute with `place.at`; `place.value` is what was checked.
 */
function problemsOf(issues: readonly z.core.$ZodIssue[], place: InputPlace = {}): InputProblem[] {
  const at = place.at ?? [];
  const problems = issues.flatMap((issue): InputProblem[] => {
    const path = issue.path.filter((key): key is Key => typeof key !== 'symbol');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...at, ...path, key], problem: issue.message, onKey: true }));
    const isTypeIssue = issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union';
    return [{ path: [...at, ...path], problem: isTypeIssue && isAbsent(place.value, path) ? 'is missing' : issue.message }];
  });
  return [...problems.filter((problem) => problem.onKey === true), ...problems.filter((problem) => problem.onKey !== true)];
}

/** Words for what a schema does not word itself: they read after a key path and quote nothing. */
function defaultProblem(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `is not ${TYPE_WORDS[issue.expected] ?? `a ${issue.expected}`}`;
    case 'invalid_value':
      return `is not one of ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return 'is not a known key';
    case 'too_big':
      return issue.origin === 'array' ? `has more than ${String(issue.maximum)} items` : issue.origin === 'string' ? `is longer than ${String(issue.maximum)} characters` : `is more than ${String(issue.maximum)}`;
    case 'too_small':
      return issue.origin === 'array' ? `has fewer than ${String(issue.minimum)} items` : issue.origin === 'string' ? `is shorter than ${String(issue.minimum)} characters` : `is less than ${String(issue.minimum)}`;
    case 'invalid_format':
      return `is not a valid ${issue.format}`;
    default:
      return 'is not valid';
  }
}

const TYPE_WORDS: Partial<Record<string, string>> = { string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false', array: 'a list', object: 'a mapping', record: 'a mapping', null: 'null' };

export type Checked<T> = { ok: true; data: T } | { ok: false; problems: InputProblem[] };

/** Checks `value`, found at `place.at` in its file: the parsed data, or every problem in the tool's words. */
export function checkInput<T extends z.ZodType>(schema: T, value: unknown, place: Omit<InputPlace, 'value'> = {}): Checked<z.output<T>> {
  const result = schema.safeParse(value, { error: defaultProblem });
  return result.success ? { ok: true, data: result.data } : { ok: false, problems: problemsOf(result.error.issues, { ...place, value }) };
}

/** Parses `value`, found at `place.at` in `source`, or throws the one-line InputError. */
export function parseInput<T extends z.ZodType>(source: InputSource, schema: T, value: unknown, place: Omit<InputPlace, 'value'> = {}): z.output<T> {
  const checked = checkInput(schema, value, place);
  if (checked.ok) return checked.data;
  throw inputError(source, checked.problems, { ...place, value });
}

/** Non-blank text. */
export const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
/** Non-blank text, trimmed. */
export const nonEmpty = z.string({ error: 'must be non-empty text' }).refine(isText, { error: 'must be non-empty text' }).transform((text) => text.trim());
/** A YAML mapping of the keys in `shape`; any other key "is not a known key". */
export const mapping = <T extends z.core.$ZodLooseShape>(shape: T) => z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'must be a mapping') });
