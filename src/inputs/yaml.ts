// YAML input files (inventory, waivers, policy, build data) keep their line numbers, so every
// complaint about a file can name the line to fix. Parsing is bounded: the file reader caps the
// size (src/inputs/input-file.ts), and here the token count, the alias expansion and merge keys
// are capped, so no YAML file costs more than a few tens of MB or ends in a stack trace. No
// message quotes the file: a credentials file passed by mistake must not be echoed.
import { isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, parseDocument, type Document, type ErrorCode, type Node } from 'yaml';
import type { InputError } from '../errors.js';
import { fileError, type InputSource } from './issues.js';

/**
 * Tokens the lexer may produce before the document is built. Building costs about 0.3 kB per
 * token (a 1 MiB flow list is 1.5 M tokens and 0.5 GB), lexing costs none kept: 250 000 tokens
 * is a 1 MiB inventory of a few thousand hosts and at most ~90 MB while it is built.
 */
export const MAX_YAML_TOKENS = 250_000;
/** Alias expansions allowed in one document (yaml's maxAliasCount): enough for anchors used as defaults. */
export const MAX_YAML_ALIASES = 100;

export interface ParsedYaml {
  document: Document;
  data: unknown;
  /** The file as its errors name it, with the line of each key path (src/inputs/issues.ts). */
  source: InputSource;
  /** 1-based line of a node (1 when it has no position). */
  lineOfNode(node: Node | null | undefined): number;
  /** 1-based line of the node at a key path, or of the closest parent that exists. */
  lineOf(keys: readonly PropertyKey[]): number;
  /** 1-based line of the last key itself in its mapping (an unknown key), else as lineOf. */
  lineOfKey(keys: readonly PropertyKey[]): number;
}

/** yaml's error codes in words; its own messages are not used because some quote the file. */
const SYNTAX_WORDS: Partial<Record<ErrorCode, string>> = {
  BAD_ALIAS: 'an alias is malformed',
  BAD_DIRECTIVE: 'a % directive is malformed',
  BAD_DQ_ESCAPE: 'a double-quoted string has a bad escape',
  BAD_INDENT: 'bad indentation',
  BAD_SCALAR_START: 'a plain value starts with a reserved character',
  BLOCK_AS_IMPLICIT_KEY: 'a block is used as a key',
  BLOCK_IN_FLOW: 'a block inside [ ] or { }',
  DUPLICATE_KEY: 'a mapping repeats a key',
  KEY_OVER_1024_CHARS: 'a key is longer than 1024 characters',
  MISSING_CHAR: 'a character is missing (a closing quote or bracket, a "-", a ":" or a space)',
  MULTILINE_IMPLICIT_KEY: 'a key spans several lines',
  MULTIPLE_ANCHORS: 'a node has several anchors',
  MULTIPLE_DOCS: 'the file holds several documents (---); one is expected',
  MULTIPLE_TAGS: 'a node has several tags',
  NON_STRING_KEY: 'a key is not text',
  RESOURCE_EXHAUSTION: 'nested too deeply',
  TAB_AS_INDENT: 'a tab is used for indentation',
  UNEXPECTED_TOKEN: 'unexpected text',
  BAD_COLLECTION_TYPE: 'a collection has the wrong tag',
};

/**
 * One code covers several faults (MISSING_CHAR: a list item without "-", an unclosed quote, a
 * missing comma…): yaml's fixed message tells them apart. The message is only matched, never
 * printed, so nothing of the file is quoted. Indentation comes first: it is the mistake people
 * make in hand-written inventories and waivers.
 */
const SYNTAX_BY_MESSAGE: readonly (readonly [RegExp, string])[] = [
  [/without - indicator/, 'bad indentation: a line is indented like a list item but has no "-", or a key is not aligned with the keys above it'],
  [/All (mapping|sequence) items must start at the same column/, 'bad indentation: the keys or "-" items of one level must start at the same column'],
  [/Nested mappings are not allowed in compact mappings|Implicit keys need to be on a single line/, 'bad indentation: the next line is indented further than this one, under a key that already has a value'],
  [/Implicit map keys need to be followed by map values/, 'a key has no ":" after it, or a line is not indented under its key'],
  [/Missing closing .quote/, 'a closing quote is missing'],
  [/Flow (sequence|mapping) in block collection must be sufficiently indented/, 'a closing bracket is missing, or a [ ] or { } list is indented less than its key'],
  [/Missing , (or : )?between/, 'a closing bracket or a comma is missing'],
  [/Missing space after :/, 'a ":" needs a space after it'],
  [/must be separated .*white space/, 'a comment, tag or anchor needs a space before the next token'],
];

function syntaxWords(error: { code: ErrorCode; message: string }): string {
  const byMessage = SYNTAX_BY_MESSAGE.find(([pattern]) => pattern.test(error.message));
  return byMessage?.[1] ?? SYNTAX_WORDS[error.code] ?? `error ${error.code}`;
}

/** Parses YAML text; every problem is an InputError "FLAG FILE line N: …", quoting nothing. */
export function parseYaml(text: string, origin: Pick<InputSource, 'flag' | 'file'>): ParsedYaml {
  const lineCounter = new LineCounter();
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  const syntaxError = (line: number, what: string): InputError => fileError(origin, `not valid YAML (${what})`, line);

  let tokens = 0;
  for (const _token of new Lexer().lex(text)) {
    tokens += 1;
    if (tokens > MAX_YAML_TOKENS) throw fileError(origin, `more YAML than an input file may hold (over ${MAX_YAML_TOKENS.toLocaleString('en-US')} tokens)`);
  }
  // Core schema whatever the file's %YAML directive says: no merge keys (`<<` is an ordinary key
  // that the schemas refuse), no timestamps or binary. uniqueKeys is checked below, in linear
  // time: yaml's own check is quadratic in the keys of a mapping (90 000 keys: 8 minutes).
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, schema: 'core', merge: false });
  const [syntax] = document.errors;
  if (syntax !== undefined) throw syntaxError(lineAt(syntax.pos[0]), syntaxWords(syntax));
  const duplicate = findRepeatedKey(document.contents);
  if (duplicate !== undefined) throw syntaxError(lineAt(duplicate), 'a mapping repeats a key');

  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    // yaml throws a ReferenceError that names the alias (it may be a secret) or says "Excessive
    // alias count": both become a line without the file's text.
    if (!(error instanceof ReferenceError)) throw error;
    const unresolved = firstUnresolvedAlias(document);
    if (unresolved !== undefined) throw syntaxError(lineAt(unresolved), 'an alias (*name) refers to no anchor before it');
    throw syntaxError(1, `aliases expand to more than ${MAX_YAML_ALIASES} copies`);
  }
  const lineOfNode = (node: Node | null | undefined): number => (node?.range ? lineAt(node.range[0]) : 1);
  const lineOf = (keys: readonly PropertyKey[]): number => {
    for (let length = keys.length; length >= 0; length -= 1) {
      const path = keys.slice(0, length);
      if (path.some((key) => typeof key === 'symbol')) continue;
      const node = document.getIn(path as (string | number)[], true) as Node | undefined;
      if (node?.range) return lineOfNode(node);
    }
    return 1;
  };
  const lineOfKey = (keys: readonly PropertyKey[]): number => {
    const last = keys[keys.length - 1];
    const parentPath = keys.slice(0, -1);
    if (last === undefined || parentPath.some((key) => typeof key === 'symbol')) return lineOf(keys);
    const parent = parentPath.length === 0 ? document.contents : document.getIn(parentPath as (string | number)[], true);
    const pair = isMap(parent) ? parent.items.find((item) => isScalar(item.key) && item.key.value === last) : undefined;
    return pair !== undefined && isScalar(pair.key) ? lineOfNode(pair.key) : lineOf(keys);
  };
  return {
    document,
    data,
    lineOfNode,
    lineOf,
    lineOfKey,
    source: { ...origin, lineOf: (keys, onKey) => (onKey ? lineOfKey(keys) : lineOf(keys)) },
  };
}

/** Offset of the first key a mapping repeats (compared as yaml compares scalars), walking without recursion. */
function findRepeatedKey(root: unknown): number | undefined {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) return isScalar(pair.key) ? pair.key.range?.[0] : undefined;
        seen.add(key);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      stack.push(...node.items);
    }
  }
  return undefined;
}

function firstUnresolvedAlias(document: Document): number | undefined {
  const stack: unknown[] = [document.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node) && node.resolve(document) === undefined) return node.range?.[0];
    if (isMap(node)) for (const pair of node.items) stack.push(pair.value);
    else if (isSeq(node)) stack.push(...node.items);
  }
  return undefined;
}
