// The HTML building blocks without a browser: code spans become <code>, everything is escaped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeSpansToHtml, escapeHtml, pathToHtml } from '../../src/report/html-kit.js';

describe('codeSpansToHtml', () => {
  const cases: [string, string][] = [
    ['run `nlserver config -reload` now', 'run <code>nlserver config -reload</code> now'],
    ['`a` and `b`', '<code>a</code> and <code>b</code>'],
    ['``a ` b``', '<code>a ` b</code>'],
    ['`` `x` ``', '<code>`x`</code>'],
    ['an unclosed ` stays', 'an unclosed ` stays'],
    ['``two`` then `one', '<code>two</code> then `one'],
    ['`<name>` & "q"', '<code>&lt;name&gt;</code> &amp; &quot;q&quot;'],
    ['<script>`</script>`', '&lt;script&gt;<code>&lt;/script&gt;</code>'],
    ['no code at all', 'no code at all'],
    ['', ''],
  ];
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () => assert.equal(codeSpansToHtml(input), expected));
  }
});

describe('escapeHtml and pathToHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
  it('lets a path wrap after each slash, escaped', () => {
    assert.equal(pathToHtml('serverconf/shared/ims/@a<b'), 'serverconf/<wbr>shared/<wbr>ims/<wbr>@a&lt;b');
  });
});
