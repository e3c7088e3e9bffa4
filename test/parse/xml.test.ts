import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { MAX_XML_BYTES, MAX_XML_DEPTH, MAX_XML_TAG_LENGTH, parseXml } from '../../src/parse/xml.js';

const sample = (name: string): string => readFileSync(new URL(`../../fixtures/samples/${name}`, import.meta.url), 'utf8');

describe('parseXml', () => {
  it('keeps attribute values as strings and decodes standard entities', () => {
    const result = parseXml('<serverconf><shared><ims a="0123" b="true" c="x &amp; y" d=""/></shared></serverconf>');
    assert.ok(result.ok);
    const ims = result.root.children[0]?.children[0];
    assert.deepEqual({ ...ims?.attributes }, { a: '0123', b: 'true', c: 'x & y', d: '' });
    assert.equal(ims?.path, 'serverconf/shared/ims');
  });

  it('names the root serverconf whatever its case (Adobe snippets use <serverConf>)', () => {
    const result = parseXml(sample('acc-docs-imsConfig-snippet.xml'));
    assert.ok(result.ok);
    const paths = [...collectPaths(result.root)];
    assert.ok(paths.includes('serverconf/shared/imsConfig/nonIMSAuthnAPI'));
    assert.ok(paths.includes('serverconf/shared/imsConfig/nonIMSAuthnAPI/allowOperator[@name="admin"]'));
  });

  it('indexes same-named siblings that have no name attribute', () => {
    const result = parseXml('<serverconf><a x="1"/><a x="2"/><b/></serverconf>');
    assert.ok(result.ok);
    assert.deepEqual(result.root.children.map((child) => child.path), ['serverconf/a[1]', 'serverconf/a[2]', 'serverconf/b']);
  });

  it('parses the documented config-<instance>.xml shapes', () => {
    for (const name of ['acc-docs-config-instance-enabled-modules.xml', 'acc-docs-config-instance-disabled-modules.xml']) {
      const result = parseXml(sample(name));
      assert.ok(result.ok, name);
      assert.ok([...collectPaths(result.root)].includes('serverconf/shared/dataStore/dataSource[@name="default"]/dbcnx'));
    }
  });

  const invalid: [string, string, RegExp][] = [
    ['Adobe\'s not-well-formed config-demo.xml', sample('acc-docs-config-demo-not-wellformed.xml'), /^malformed XML: a closing tag does not match the element opened at line 8, column 5 \(line 13, column 1\)$/],
    ['a DOCTYPE', '<?xml version="1.0"?><!DOCTYPE serverconf><serverconf/>', /DOCTYPE/],
    ['an entity bomb', '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><serverconf a="&b;"/>', /DOCTYPE or ENTITY/],
    ['an external entity', '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><serverconf>&xxe;</serverconf>', /DOCTYPE or ENTITY/],
    ['lower-case doctype', '<!doctype serverconf><serverconf/>', /DOCTYPE/],
    ['two roots', '<serverconf/><serverconf/>', /malformed XML/],
    ['no root', '   ', /malformed XML/],
    ['a foreign root', '<html><body/></html>', /root element is <html>/],
    ['a __proto__ attribute', '<serverconf><ims __proto__="x"/></serverconf>', /malformed XML/],
    ['repeated attributes', '<serverconf><ims a="1" a="2"/></serverconf>', /repeated/],
    ['unclosed attribute quote', '<serverconf><ims a="1/></serverconf>', /malformed XML/],
    ['deep nesting', `<serverconf>${'<a>'.repeat(500)}${'</a>'.repeat(500)}</serverconf>`, /^elements are nested more than 100 levels deep$/],
    ['100k nested elements', `<serverconf>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</serverconf>`, /^elements are nested more than 100 levels deep$/],
  ];
  for (const [what, xml, error] of invalid) {
    it(`refuses ${what} with a one-line reason`, () => {
      const result = parseXml(xml);
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.match(result.error, error);
        assert.ok(!result.error.includes('\n'), 'one line');
      }
    });
  }

  it(`parses nesting up to ${MAX_XML_DEPTH} levels, and not one more`, () => {
    const nested = (levels: number): string => `<serverconf>${'<a>'.repeat(levels - 1)}${'</a>'.repeat(levels - 1)}</serverconf>`;
    const result = parseXml(nested(MAX_XML_DEPTH));
    assert.ok(result.ok, result.ok ? '' : result.error);
    assert.equal(parseXml(nested(MAX_XML_DEPTH + 1)).ok, false);
  });

  it('never quotes the file in a reason: broken quoting can cut a secret into a name the parser reports', () => {
    // The parser read `Secret2` as an attribute and `...KEYVALUE"` as part of a tag name; its
    // own messages quoted both (found by test/fuzz/redact.props.ts).
    const cases: [string, string][] = [
      ['<serverconf><dbcnx password="Hunter"Secret2="x"/></serverconf>', 'an attribute does not follow a space'],
      ['<serverconf><ims\u00a0authIMSTAPrivateKey="KEYVALUE"/></serverconf>', 'a tag name is invalid'],
      ['<serverconf><dbcnx password=Hunter Secret2/></serverconf>', 'an attribute has "=" but no quoted value'],
    ];
    for (const [xml, words] of cases) {
      const result = parseXml(xml);
      assert.ok(!result.ok);
      assert.equal(result.error.replace(/ \(line .*\)$/, ''), `malformed XML: ${words}`);
      for (const fragment of ['Hunter', 'Secret2', 'KEYVALUE']) assert.ok(!result.error.includes(fragment), result.error);
    }
  });

  it(`parses tags up to ${MAX_XML_TAG_LENGTH / 1024} KiB, attributes included, and refuses a longer one before validating`, () => {
    const reason = `a tag is longer than ${MAX_XML_TAG_LENGTH / 1024} KiB, attributes included`;
    /** `<ims note="…"/>` exactly `length` characters long, with `>` and `'` inside its quoted value. */
    const tag = (length: number): string => `<ims note="a>'${'x'.repeat(length - 17)}"/>`;
    assert.equal(tag(100).length, 100);
    const at = (length: number) => parseXml(`<serverconf><shared>${tag(length)}</shared></serverconf>`);
    const longest = at(MAX_XML_TAG_LENGTH);
    assert.ok(longest.ok, longest.ok ? '' : longest.error);
    assert.deepEqual(at(MAX_XML_TAG_LENGTH + 1), { ok: false, error: reason });
    // A closing tag, and a tag whose quote never closes, count the same.
    assert.deepEqual(parseXml(`<serverconf></serverconf${' '.repeat(MAX_XML_TAG_LENGTH)}>`), { ok: false, error: reason });
    assert.deepEqual(parseXml(`<serverconf><ims a="${'x'.repeat(MAX_XML_TAG_LENGTH)}/></serverconf>`), { ok: false, error: reason });
    // Long text, comments, CDATA and processing instructions are not tags, whatever quotes and `>` they hold (and `<` where allowed).
    const long = `"${'y'.repeat(MAX_XML_TAG_LENGTH)} > '`;
    for (const notTag of [`<ims/>text ${long}`, `<!-- ${long} < -->`, `<![CDATA[${long} < ]]>`]) {
      const result = parseXml(`<serverconf><shared>${notTag}</shared></serverconf>`);
      assert.ok(result.ok, `${notTag.slice(0, 12)}: ${result.ok ? '' : result.error}`);
    }
    // fast-xml-parser's validator refuses a processing instruction this long; not for its length as a tag.
    assert.notDeepEqual(parseXml(`<serverconf><shared><?pi ${long}?></shared></serverconf>`), { ok: false, error: reason });
  });

  it('refuses files over 5 MiB without parsing them', () => {
    const big = `<serverconf>${'<a x="1"/>'.repeat(MAX_XML_BYTES / 10 + 1)}</serverconf>`;
    const result = parseXml(big);
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.error, /larger than 5 MiB/);
  });
});

function* collectPaths(element: { path: string; children: readonly { path: string; children: readonly unknown[] }[] }): Generator<string> {
  yield element.path;
  for (const child of element.children) yield* collectPaths(child as typeof element);
}
