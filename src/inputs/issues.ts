// Checks a value read from a YAML input file (inventory, waivers, policy) with a zod schema, and
// turns the first issue into the file's one-line error: "LABEL line N: message", the line of the
// field at fault (or of its closest parent when the field is missing). zod is the one schema
// library for every input (see src/contract/common.ts for why).
//
// Issue messages may use placeholders, filled here from the issue's key path:
//   {path}   the field, e.g. waivers[0].fingerprint     {parent}  its parent, e.g. waivers[0]
//   {key}    the last key, or the unknown key of an unrecognized_keys issue
import * as z from 'zod';
import type { InputError } from '../errors.js';
import type { ParsedYaml } from './yaml.js';

type Key = string | number;

/** `waivers[0].fingerprint` for ['waivers', 0, 'fingerprint']. */
export function keyPath(path: readonly Key[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? key : `${out}.${key}`), '');
}

/** The error for the first issue: the line of the field at fault, the message with its placeholders filled. */
export function issueError(file: Pick<ParsedYaml, 'fail'>, at: readonly Key[], issue: z.core.$ZodIssue): InputError {
  const path = [...at, ...issue.path.filter((key): key is Key => typeof key !== 'symbol')];
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const key = unknownKey ?? String(path[path.length - 1] ?? '');
  const message = issue.message.replace(/\{(path|parent|key)\}/g, (_match, name: string) => (name === 'path' ? keyPath(path) : name === 'parent' ? keyPath(path.slice(0, -1)) : key));
  return unknownKey === undefined ? file.fail(path, message) : file.fail([...path, unknownKey], message, 'key');
}

/** Parses `value`, found at key path `at` of `file`, or throws the file's one-line InputError. */
export function parseInFile<T extends z.ZodType>(file: Pick<ParsedYaml, 'fail'>, at: readonly Key[], schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // An unknown key first: a misspelt key ("host:") is why the expected one is missing.
  const issue = result.error.issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? result.error.issues[0];
  if (issue === undefined) throw file.fail(at, 'is not valid');
  throw issueError(file, at, issue);
}

/** Non-blank text. */
export const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
/** Non-empty text; `message` for anything else. */
export const nonEmpty = (message: string) => z.string({ error: message }).refine(isText, { error: message });
/** A mapping; `what` names it in "must be a mapping", unknown keys are reported with `unknown`. */
export const mapping = <T extends z.core.$ZodLooseShape>(shape: T, what: string, unknown: string) =>
  z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? unknown : `${what} must be a mapping`) });
