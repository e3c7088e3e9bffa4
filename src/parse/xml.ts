// Safe XML parsing of Campaign configuration files (docs/security.md#3-hostile-files): DOCTYPE and entity
// declarations are refused before parsing, files over 5 MiB are not parsed, attribute values
// stay strings. Every failure is a value, never an exception: it becomes `config/unreadable`.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { XmlElement } from '../model.js';

export const MAX_XML_BYTES = 5 * 1024 * 1024;
/**
 * Deepest element nesting parsed. Campaign configuration is a few levels deep
 * (docs/campaign.md#configuration-files); the conversion and walks below recurse per level, so 100k
 * nested tags in 5 MiB must stop here. Pinned rather than left to fast-xml-parser's default.
 */
export const MAX_XML_DEPTH = 100;

/**
 * Longest tag parsed, from its `<` to its `>`, attributes included. Campaign's tags are a few KB
 * at most: the longest in the demo fleet, a pipelined tag holding an encrypted private key, is
 * 4 KB. fast-xml-parser builds a tag's attribute text one character at a time, in its validator
 * and again in its parser, and that costs far more than the tag's size once a tag reaches a few
 * hundred KiB: a file holding one 5 MiB tag took about 1 s and 500 MiB to validate. Files of
 * tags under this bound validate in about 0.15 s per 5 MiB.
 */
export const MAX_XML_TAG_LENGTH = 64 * 1024;

export type XmlResult = { ok: true; root: XmlElement } | { ok: false; error: string };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // The library refuses an element once more than maxNestedTags are open above it, counting the
  // root: 99 lets MAX_XML_DEPTH levels through and stops the next one (test/parse/xml.test.ts).
  maxNestedTags: MAX_XML_DEPTH - 1,
});

/** `<!DOCTYPE` or `<!ENTITY` anywhere: internal subsets are how entity-expansion attacks start. */
const DECLARATION = /<!\s*(?:DOCTYPE|ENTITY)/i;

/** Parses one configuration file. Pure: nothing is kept between calls (see ParsedDocuments). */
export function parseXml(text: string): XmlResult {
  return parseXmlText(text);
}

/**
 * Parse results for one host, by exact text. The collector parses each file to check that its
 * redaction holds for what the parser reads (collect/snapshot.ts), and buildFacts needs the same
 * tree: the scan makes one ParsedDocuments per host and passes it to both, so each file is
 * parsed once, and the trees go with the host once it is judged. Hosts of one fleet often hold
 * the same file (one serverConf.xml deployed to every container, secrets fingerprinted alike):
 * a SharedParses given to each host's ParsedDocuments keeps the latest trees, up to a fixed
 * size, for the next hosts. There is no process-wide memo. Trees are read-only (XmlElement),
 * so hosts that share one cannot change it for each other.
 */
export class ParsedDocuments {
  readonly #byText = new Map<string, XmlResult>();
  readonly #shared: SharedParses | undefined;

  constructor(shared?: SharedParses) {
    this.#shared = shared;
  }

  parse(text: string): XmlResult {
    let result = this.#byText.get(text);
    if (result === undefined) {
      result = this.#shared?.get(text) ?? parseXmlText(text);
      this.#byText.set(text, result);
      this.#shared?.offer(text, result);
    }
    return result;
  }

  /** Drops a text's result: a host over a bound keeps nothing in the scan (collect/snapshot.ts). */
  forget(text: string): void {
    this.#byText.delete(text);
    this.#shared?.forget(text);
  }

  /** Distinct texts parsed so far. */
  get size(): number {
    return this.#byText.size;
  }
}

/** About what one parsed element costs, for SharedParses' budget. */
const ELEMENT_COST = 1024;

/**
 * Parse results shared between the hosts of one scan: the most recently used, up to `maxBytes`
 * together (a text's length plus ELEMENT_COST per element of its tree), so what a scan keeps for
 * sharing does not grow with the number of hosts. A result larger than the budget is not kept.
 */
export class SharedParses {
  readonly #byText = new Map<string, { result: XmlResult; cost: number }>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  get(text: string): XmlResult | undefined {
    const entry = this.#byText.get(text);
    if (entry === undefined) return undefined;
    // Most recently used last: eviction takes the first.
    this.#byText.delete(text);
    this.#byText.set(text, entry);
    return entry.result;
  }

  offer(text: string, result: XmlResult): void {
    if (this.#byText.has(text)) return;
    let cost = text.length;
    if (result.ok) for (const _element of walk(result.root)) cost += ELEMENT_COST;
    if (cost > this.#maxBytes) return;
    for (const [oldest, entry] of this.#byText) {
      if (this.#bytes + cost <= this.#maxBytes) break;
      this.#byText.delete(oldest);
      this.#bytes -= entry.cost;
    }
    this.#byText.set(text, { result, cost });
    this.#bytes += cost;
  }

  forget(text: string): void {
    const entry = this.#byText.get(text);
    if (entry === undefined) return;
    this.#byText.delete(text);
    this.#bytes -= entry.cost;
  }

  /** What the kept results cost together, in the budget's units. */
  get bytes(): number {
    return this.#bytes;
  }
}

function parseXmlText(text: string): XmlResult {
  if (Buffer.byteLength(text, 'utf8') > MAX_XML_BYTES) return { ok: false, error: `file is larger than ${MAX_XML_BYTES / 1024 / 1024} MiB` };
  if (DECLARATION.test(text)) return { ok: false, error: 'file holds a DOCTYPE or ENTITY declaration, which is refused' };
  if (hasLongTag(text)) return { ok: false, error: `a tag is longer than ${MAX_XML_TAG_LENGTH / 1024} KiB, attributes included` };
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err as { msg: string; line: number; col?: number };
    return { ok: false, error: `malformed XML: ${describeFault(msg)} (line ${line}${col === undefined ? '' : `, column ${col}`})` };
  }
  let nodes: unknown;
  try {
    nodes = parser.parse(text);
  } catch (error) {
    const message = String((error as Error).message);
    // The file is well-formed (it passed the validator): say what the limit is, not "malformed".
    if (/nested tags/i.test(message)) return { ok: false, error: `elements are nested more than ${MAX_XML_DEPTH} levels deep` };
    return { ok: false, error: `malformed XML: ${describeFault(message)}` };
  }
  const roots = toElements(nodes, '');
  const [root] = roots;
  if (roots.length !== 1 || root === undefined) return { ok: false, error: 'malformed XML: expected exactly one root element' };
  if (root.name.toLowerCase() !== 'serverconf') return { ok: false, error: `root element is <${root.name}>, not <serverconf>` };
  return { ok: true, root };
}

/** Markup that may hold `<` and `>` and is not a tag: skipped whole, from its start to its end (here and by the redactor). */
export const NOT_TAGS: readonly (readonly [string, string])[] = [
  ['<!--', '-->'],
  ['<![CDATA[', ']]>'],
  ['<?', '?>'],
];

/**
 * Whether a tag, from `<` to its first `>` outside quotes, is longer than MAX_XML_TAG_LENGTH.
 * A `<` cannot stand inside a well-formed tag, so a tag ends before the next `<`: only a stretch
 * from one `<` to the next longer than the bound (a long tag, or a short one followed by long
 * text) is read character by character, and no further than the bound. Linear in the text.
 * An unclosed comment or tag is left to the validator, which names it.
 */
function hasLongTag(text: string): boolean {
  const length = text.length;
  let open = text.indexOf('<');
  while (open !== -1) {
    const second = text.charCodeAt(open + 1);
    const skipped = second === 0x21 /* ! */ || second === 0x3f /* ? */ ? NOT_TAGS.find(([start]) => text.startsWith(start, open)) : undefined;
    if (skipped !== undefined) {
      const end = text.indexOf(skipped[1], open + skipped[0].length);
      if (end === -1) return false;
      open = text.indexOf('<', end + skipped[1].length);
      continue;
    }
    const next = text.indexOf('<', open + 1);
    if ((next === -1 ? length : next) - open > MAX_XML_TAG_LENGTH) {
      const stop = open + MAX_XML_TAG_LENGTH;
      let quote = 0;
      let at = open + 1;
      for (; at < stop; at += 1) {
        const code = text.charCodeAt(at);
        if (quote !== 0) {
          if (code === quote) quote = 0;
        } else if (code === 0x22 /* " */ || code === 0x27 /* ' */) quote = code;
        else if (code === 0x3e /* > */) break;
      }
      if (at === stop) return true;
    }
    open = next;
  }
  return false;
}

/**
 * fast-xml-parser's messages quote tag and attribute names as it read them, and where quoting is
 * broken that reading cuts a secret value in two: `password="pa"ss="x"` is reported as
 * "Attribute 'ss' has no space in starting". The reason is stored in snapshots and shown in
 * reports, so it keeps only the kind of fault, from the message's fixed words, never the file's text.
 */
const FAULTS: readonly (readonly [(message: string) => boolean, string])[] = [
  [(m) => m.endsWith(' is repeated.'), 'an attribute is repeated'],
  [(m) => m.endsWith(' has no space in starting.'), 'an attribute does not follow a space'],
  [(m) => m.endsWith(' is without value.'), 'an attribute has "=" but no quoted value'],
  [(m) => m.startsWith('boolean attribute '), 'an attribute has no value'],
  [(m) => m.startsWith('Attribute ') && m.endsWith(' is an invalid name.'), 'an attribute name is invalid'],
  [(m) => m.endsWith(' have open quote.'), 'an attribute value has no closing quote'],
  [(m) => (m.startsWith('Tag ') && m.endsWith(' is an invalid name.')) || m.startsWith('Invalid space after'), 'a tag name is invalid'],
  [(m) => m.startsWith('Expected closing tag '), 'a closing tag does not match the open element'],
  [(m) => m.startsWith('Closing tag '), 'a closing tag has no open element or is malformed'],
  [(m) => m.startsWith('Unclosed tag ') || m.startsWith("Invalid '["), 'an element is never closed'],
  [(m) => m.startsWith('Multiple possible root nodes'), 'more than one root element'],
  [(m) => m.startsWith('Start tag expected'), 'no root element'],
  [(m) => m.startsWith('Extra text at the end'), 'text after the root element'],
  [(m) => m.startsWith('char '), 'an unexpected character'],
  [(m) => m.startsWith('XML declaration allowed only'), 'an XML declaration after the start'],
  [(m) => m.startsWith('Maximum nested tags exceeded'), 'elements nested too deep'],
  [(m) => m.startsWith('[SECURITY]'), 'a reserved name (__proto__, constructor…)'],
];

function describeFault(message: string): string {
  const words = FAULTS.find(([test]) => test(message))?.[1] ?? 'not well-formed';
  // Both names in this message passed the parser's XML-name check, so no "(" comes before this one.
  const opened = message.startsWith('Expected closing tag ') ? /\(opened in line (\d+), col (\d+)\)/.exec(message) : null;
  return opened ? `a closing tag does not match the element opened at line ${opened[1]}, column ${opened[2]}` : words;
}

type OrderedNode = Record<string, unknown>;

/**
 * Converts fast-xml-parser's ordered output to XmlElement. Sibling paths are made unique so two
 * files can be overlaid element by element: `dataSource[@name="default"]` when the element has a
 * name, `tag[2]` when same-named siblings have none, plain `tag` otherwise. The root is always
 * `serverconf`, whatever its case in the file (Adobe's snippets use both).
 */
function toElements(nodes: unknown, parentPath: string): XmlElement[] {
  if (!Array.isArray(nodes)) return [];
  const raw: { name: string; attributes: Record<string, string>; children: unknown }[] = [];
  for (const node of nodes as OrderedNode[]) {
    const name = Object.keys(node).find((key) => key !== ':@');
    if (name === undefined || name.startsWith('#')) continue; // text, comments
    raw.push({ name, attributes: copyAttributes(node[':@']), children: node[name] });
  }
  const counts = new Map<string, number>();
  for (const { name } of raw) counts.set(name, (counts.get(name) ?? 0) + 1);
  const seen = new Map<string, number>();
  return raw.map(({ name, attributes, children }) => {
    const index = (seen.get(name) ?? 0) + 1;
    seen.set(name, index);
    const segment = parentPath === ''
      ? 'serverconf'
      : attributes.name !== undefined
        ? `${name}[@name="${attributes.name}"]`
        : (counts.get(name) ?? 0) > 1
          ? `${name}[${index}]`
          : name;
    const path = parentPath === '' ? segment : `${parentPath}/${segment}`;
    return { name, path, attributes, children: toElements(children, path) };
  });
}

function copyAttributes(value: unknown): Record<string, string> {
  const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
  if (typeof value === 'object' && value !== null) {
    for (const [key, attribute] of Object.entries(value)) attributes[key] = String(attribute);
  }
  return attributes;
}

/** Depth-first walk over an element and its descendants. */
export function* walk(element: XmlElement): Generator<XmlElement> {
  yield element;
  for (const child of element.children) yield* walk(child);
}
