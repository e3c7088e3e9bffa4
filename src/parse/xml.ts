// Safe XML parsing of Campaign configuration files (DESIGN.md §5): DOCTYPE and entity
// declarations are refused before parsing, files over 5 MiB are not parsed, attribute values
// stay strings. Every failure is a value, never an exception: it becomes `config/unreadable`.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { XmlElement } from '../model.js';

export const MAX_XML_BYTES = 5 * 1024 * 1024;
/**
 * Deepest element nesting parsed. Campaign configuration is a few levels deep (DOMAIN.md §1);
 * the conversion and walks below recurse per level, so 100k nested tags in 5 MiB must stop here.
 * Pinned rather than left to fast-xml-parser's default.
 */
export const MAX_XML_DEPTH = 100;

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

/**
 * Each file is parsed twice in a scan: once when the collector decides whether its content may
 * be kept (toSnapshot), once when facts are built. The result is pure and never mutated, so a
 * small memo keyed by the text serves the second call.
 */
const memo = new Map<string, XmlResult>();
const MEMO_ENTRIES = 4096;
const MEMO_MAX_TEXT = 256 * 1024;

export function parseXml(text: string): XmlResult {
  if (text.length > MEMO_MAX_TEXT) return parseXmlUncached(text);
  const cached = memo.get(text);
  if (cached !== undefined) return cached;
  const result = parseXmlUncached(text);
  if (memo.size >= MEMO_ENTRIES) memo.delete(memo.keys().next().value as string);
  memo.set(text, result);
  return result;
}

function parseXmlUncached(text: string): XmlResult {
  if (Buffer.byteLength(text, 'utf8') > MAX_XML_BYTES) return { ok: false, error: `file is larger than ${MAX_XML_BYTES / 1024 / 1024} MiB` };
  if (DECLARATION.test(text)) return { ok: false, error: 'file holds a DOCTYPE or ENTITY declaration, which is refused' };
  const valid = XMLValidator.validate(text);
  if (valid !== true) return { ok: false, error: `malformed XML: ${valid.err.msg} (line ${valid.err.line})` };
  let nodes: unknown;
  try {
    nodes = parser.parse(text);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? '';
    // The file is well-formed (it passed the validator): say what the limit is, not "malformed".
    if (/nested tags/i.test(message)) return { ok: false, error: `elements are nested more than ${MAX_XML_DEPTH} levels deep` };
    return { ok: false, error: `malformed XML: ${message}` };
  }
  const roots = toElements(nodes, '');
  const [root] = roots;
  if (roots.length !== 1 || root === undefined) return { ok: false, error: 'malformed XML: expected exactly one root element' };
  if (root.name.toLowerCase() !== 'serverconf') return { ok: false, error: `root element is <${root.name}>, not <serverconf>` };
  return { ok: true, root };
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
