// Properties of the safe XML layer (src/parse/xml.ts, docs/security.md#3-hostile-files): every
// failure is a value, DOCTYPE/ENTITY is refused wherever it appears, the 5 MiB cap is exact,
// attribute values stay the strings the file holds, and nothing is super-linear.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { XmlElement } from '../../src/model.js';
import { flattenConfig } from '../../src/parse/effective-config.js';
import { MAX_XML_BYTES, parseXml, walk, type XmlResult } from '../../src/parse/xml.js';
import { assertFast, check, defineProperties } from '../helpers/fuzz.js';
import { adversarialText, XML_PIECES } from './arbitraries.js';
import { brokenDocument, wellFormedDocument, writeBroken, writeDocument } from './xml-documents.js';

const DECLARATION_REFUSED = 'file holds a DOCTYPE or ENTITY declaration, which is refused';

const tokenSoup = fc.array(fc.constantFrom(...XML_PIECES, '<serverconf>', '</serverconf>', '<ims ', 'a="&quot;"', '<!DOCTYPE', '<!ENTITY'), { maxLength: 40 }).map((parts) => parts.join(''));

const anyText = fc.oneof(
  wellFormedDocument.map((spec) => writeDocument(spec).xml),
  brokenDocument.map((doc) => writeBroken(doc).xml),
  tokenSoup,
  fc.string({ unit: 'binary', maxLength: 300 }),
  adversarialText(3000, XML_PIECES).map((junk) => `<serverconf>${junk}`),
);

/** What every result must look like, whatever the input. */
function assertWellShaped(result: XmlResult): void {
  if (!result.ok) {
    assert.equal(typeof result.error, 'string');
    assert.ok(result.error.length > 0 && !result.error.includes('\n'), `one-line reason: ${JSON.stringify(result.error)}`);
    return;
  }
  assert.equal(result.root.name.toLowerCase(), 'serverconf');
  assert.equal(result.root.path, 'serverconf');
  const check = (element: XmlElement): void => {
    assert.ok(!element.name.startsWith('#'), 'text and comments are not elements');
    for (const value of Object.values(element.attributes)) assert.equal(typeof value, 'string');
    for (const child of element.children) {
      assert.ok(child.path.startsWith(`${element.path}/`), `${child.path} under ${element.path}`);
      check(child);
    }
  };
  check(result.root);
}

/** A tree the way the round trip builds it: names, attribute values as decoded text, children. */
interface Model {
  name: string;
  attributes: [string, string][];
  children: Model[];
}

/** Values that a parser keen on types would turn into numbers or booleans, and entity-bearing ones. */
const attributeValue = fc.oneof(
  fc.constantFrom('0123', '1e5', 'true', 'false', '-0', '0x1F', '1.0', 'NaN', 'null', '', ' 12 ', '@c2VjcmV0', 'x & y', '<a>', `"q" 'a'`, '&amp;', '9383'),
  // No control characters (XML 1.0 forbids most; tab and newline are normalised by XML parsers).
  fc.string({ unit: 'grapheme', maxLength: 12 }).map((text) => [...text].filter((char) => !/[\p{Cc}\p{Cs}\ufffe\uffff]/u.test(char)).join('')),
);
const NAMES = ['ims', 'dbcnx', 'shared', 'mta', 'web', 'dataSource', 'x'];
const ATTRIBUTE_NAMES = ['name', 'a', 'authIMSTAId', 'autoStart', 'b-c', 'd.e', 'ns:f'];

function modelNode(depth: number): fc.Arbitrary<Model> {
  return fc.record({
    name: fc.constantFrom(...NAMES),
    attributes: fc.uniqueArray(fc.tuple(fc.constantFrom(...ATTRIBUTE_NAMES), attributeValue), { selector: ([name]) => name, maxLength: 4 }),
    children: depth <= 0 ? fc.constant([]) : fc.array(modelNode(depth - 1), { maxLength: 4 }),
  });
}
const modelTree = modelNode(3);

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function writeModel(node: Model): string {
  const attributes = node.attributes.map(([name, value]) => ` ${name}="${value.replace(/[&<>"']/g, (char) => ESCAPES[char] as string)}"`).join('');
  return node.children.length === 0 ? `<${node.name}${attributes}/>` : `<${node.name}${attributes}>${node.children.map(writeModel).join('\n')}</${node.name}>`;
}

/**
 * The documented path of each element (xml.ts, toElements): `name[@name="…"]` when it has a
 * name attribute, `name[i]` among same-named unnamed siblings, plain `name` otherwise.
 */
function assertMatches(element: XmlElement, model: Model, path: string): void {
  assert.equal(element.name, model.name);
  assert.equal(element.path, path);
  // fast-xml-parser trims values (isSet trims too), decodes the five named entities once, and
  // never turns "0123" or "true" into anything but that string.
  assert.deepEqual({ ...element.attributes }, Object.fromEntries(model.attributes.map(([name, value]) => [name, value.trim()])));
  assert.equal(element.children.length, model.children.length);
  const counts = new Map<string, number>();
  for (const child of model.children) counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  model.children.forEach((child, index) => {
    const position = (seen.get(child.name) ?? 0) + 1;
    seen.set(child.name, position);
    const named = child.attributes.find(([name]) => name === 'name');
    const segment = named !== undefined ? `${child.name}[@name="${named[1].trim()}"]` : (counts.get(child.name) ?? 0) > 1 ? `${child.name}[${position}]` : child.name;
    assertMatches(element.children[index] as XmlElement, child, `${path}/${segment}`);
  });
}

const declaration = fc.constantFrom(
  '<!DOCTYPE serverconf>',
  '<!doctype serverconf [ <!ENTITY a "aaaa"> ]>',
  '<! DOCTYPE x>',
  '<!\tEntity b "&a;&a;">',
  '<!ENTITY xxe SYSTEM "file:///etc/passwd">',
  '<!\nDocType',
);

/** A well-formed document padded with a comment to exactly `bytes` UTF-8 bytes, using `char` where it fits. */
function padTo(bytes: number, char: string): string {
  const head = '<serverconf><shared><ims authIMSTAClientId="cid"/></shared><!--';
  const tail = '--></serverconf>';
  const room = bytes - Buffer.byteLength(head + tail);
  const width = Buffer.byteLength(char);
  const text = char.repeat(Math.floor(room / width)) + 'a'.repeat(room % width);
  return head + text + tail;
}

export default defineProperties({
  'never throws: any text gives a well-shaped tree or a one-line reason': () =>
    check(
      fc.property(anyText, (text) => {
        assertWellShaped(parseXml(text));
      }),
      500,
    ),

  'a DOCTYPE or ENTITY declaration is refused wherever it appears': () =>
    check(
      fc.property(wellFormedDocument, declaration, fc.nat(), (spec, declared, at) => {
        const xml = writeDocument(spec).xml;
        const index = at % (xml.length + 1);
        const result = parseXml(xml.slice(0, index) + declared + xml.slice(index));
        assert.deepEqual(result, { ok: false, error: DECLARATION_REFUSED });
      }),
      200,
    ),

  'the 5 MiB cap is exact in UTF-8 bytes, and over it nothing is parsed': () =>
    check(
      fc.property(fc.integer({ min: -2, max: 3 }), fc.constantFrom('a', 'é', '€', '😀'), (delta, char) => {
        const text = padTo(MAX_XML_BYTES + delta, char);
        assert.equal(Buffer.byteLength(text), MAX_XML_BYTES + delta);
        const result = assertFast(`parseXml on ${MAX_XML_BYTES + delta} bytes`, () => parseXml(text));
        if (delta > 0) assert.deepEqual(result, { ok: false, error: 'file is larger than 5 MiB' });
        else assert.ok(result.ok, result.ok ? '' : result.error);
      }),
      8,
    ),

  'attribute values come back as the strings written, with documented element paths': () =>
    check(
      fc.property(modelTree, (tree) => {
        const model = { ...tree, name: 'serverconf' };
        const result = parseXml(`<?xml version="1.0"?>\n${writeModel(model)}\n`);
        assert.ok(result.ok, result.ok ? '' : result.error);
        assertMatches(result.root, model, 'serverconf');
      }),
      300,
    ),

  'flattening keeps every attribute, the last same-path element winning, with its file and element': () =>
    check(
      fc.property(modelTree, (tree) => {
        const result = parseXml(writeModel({ ...tree, name: 'serverconf' }));
        assert.ok(result.ok);
        const flat = flattenConfig(result.root, 'conf/x.xml');
        const expected = new Map<string, Map<string, string>>();
        for (const element of walk(result.root)) {
          const attributes = expected.get(element.path) ?? new Map<string, string>();
          for (const [name, value] of Object.entries(element.attributes)) attributes.set(name, value);
          expected.set(element.path, attributes);
        }
        assert.deepEqual([...flat.keys()].sort(), [...expected.keys()].sort());
        for (const [path, attributes] of expected) {
          const got = flat.get(path) as Map<string, { value: string; file: string; element: string }>;
          assert.deepEqual([...got.keys()].sort(), [...attributes.keys()].sort());
          for (const [name, value] of attributes) assert.deepEqual(got.get(name), { value, file: 'conf/x.xml', element: path });
        }
      }),
      200,
    ),

  'stays linear: 10k+ nested elements, 100k siblings, 20k attributes, 300 kB of hostile runs': () =>
    check(
      fc.property(
        fc.oneof(
          fc.integer({ min: 10_000, max: 100_000 }).map((n) => `<serverconf>${'<a>'.repeat(n)}${'</a>'.repeat(n)}</serverconf>`),
          fc.integer({ min: 10_000, max: 100_000 }).map((n) => `<serverconf>${'<a x="1"/>'.repeat(n)}</serverconf>`),
          fc.integer({ min: 5_000, max: 20_000 }).map((n) => `<serverconf><ims${Array.from({ length: n }, (_, i) => ` a${i}="${i}"`).join('')}/></serverconf>`),
          adversarialText(300_000, XML_PIECES).map((junk) => `<serverconf>${junk}</serverconf>`),
          adversarialText(300_000, XML_PIECES).map((junk) => `<serverconf><ims a="${junk}"/></serverconf>`),
        ),
        (text) => {
          const result = assertFast(`parseXml on ${text.length} characters`, () => parseXml(text));
          assertWellShaped(result);
          if (result.ok) assertFast('flattenConfig', () => flattenConfig(result.root, 'conf/x.xml'));
        },
      ),
      15,
    ),
});
