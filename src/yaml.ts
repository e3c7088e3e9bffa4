// YAML input files (inventory, waivers, policy) keep their line numbers, so every complaint
// about a file can name the line to fix.
import { LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { InputError, readInputFile } from './errors.js';

export interface ParsedYaml {
  document: Document;
  data: unknown;
  /** 1-based line of a node (1 when it has no position). */
  lineOfNode(node: Node | null | undefined): number;
  /** 1-based line of the node at a key path, or of the closest parent that exists. */
  lineOf(keys: readonly (string | number)[]): number;
  /** An InputError "LABEL line N: message" for the node at keys. */
  fail(keys: readonly (string | number)[], message: string): InputError;
}

/** Parses YAML text; a syntax error is an InputError naming `label` and the line. */
export function parseYaml(text: string, label: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const [syntax] = document.errors;
  if (syntax !== undefined) {
    const line = lineCounter.linePos(syntax.pos[0]).line;
    throw new InputError(`${label} line ${line}: not valid YAML (${syntax.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')})`);
  }
  const lineOfNode = (node: Node | null | undefined): number => (node?.range ? lineCounter.linePos(node.range[0]).line : 1);
  const lineOf = (keys: readonly (string | number)[]): number => {
    for (let length = keys.length; length >= 0; length -= 1) {
      const node = document.getIn(keys.slice(0, length), true) as Node | undefined;
      if (node?.range) return lineOfNode(node);
    }
    return 1;
  };
  return {
    document,
    data: document.toJS() as unknown,
    lineOfNode,
    lineOf,
    fail: (keys, message) => new InputError(`${label} line ${lineOf(keys)}: ${message}`),
  };
}

/** Reads and parses a YAML file named by a flag (`--waivers`, `--policy`). */
export async function readYamlFile(path: string, flag: string): Promise<ParsedYaml> {
  return parseYaml(await readInputFile(path, flag), path);
}
