// Reads a YAML input file (waivers, policy) and keeps line numbers, so every complaint about
// the file can name the line to fix.
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { InputError } from '../errors.js';

export interface YamlFile {
  path: string;
  data: unknown;
  /** 1-based line of the node at a key path, or of the closest parent that exists. */
  lineOf(keys: readonly (string | number)[]): number;
  /** An InputError "FILE line N: message" for the node at keys. */
  fail(keys: readonly (string | number)[], message: string): InputError;
}

export async function readYamlFile(path: string, flag: string): Promise<YamlFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`${flag} ${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const [syntax] = document.errors;
  if (syntax !== undefined) {
    const line = lineCounter.linePos(syntax.pos[0]).line;
    throw new InputError(`${path} line ${line}: ${syntax.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const lineOf = (keys: readonly (string | number)[]): number => {
    for (let length = keys.length; length >= 0; length -= 1) {
      const node = document.getIn(keys.slice(0, length), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]).line;
    }
    return 1;
  };
  return {
    path,
    data: document.toJS() as unknown,
    lineOf,
    fail: (keys, message) => new InputError(`${path} line ${lineOf(keys)}: ${message}`),
  };
}
