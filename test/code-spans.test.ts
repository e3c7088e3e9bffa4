// Prose with code spans (src/render/code-spans.ts): whatever a value holds, what a writer puts in with
// codeSpan() and proseText() comes back out of splitCodeSpans() as the same text and code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { codeSpan, proseText, splitCodeSpans } from '../src/render/code-spans.js';

/** The prose as plain text: code spans' content as it is, escapes undone. */
const plainProse = (prose: string): string => splitCodeSpans(prose).map((segment) => segment.text).join('');

describe('prose with code spans', () => {
  it('reads back every value exactly, as text or as code', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ code: fc.boolean(), text: fc.string({ unit: fc.constantFrom('`', '\\\\', ' ', 'a', '<', '\\n'), minLength: 1 }) }), { maxLength: 6 }), (parts) => {
        // Adjacent text parts merge when read back; separate every part with a marker.
        const prose = parts.map((part) => (part.code ? codeSpan(part.text) : proseText(part.text))).join('|');
        const read = splitCodeSpans(prose).filter((segment) => segment.code);
        assert.deepEqual(read.map((segment) => segment.text), parts.filter((part) => part.code).map((part) => part.text));
        assert.equal(plainProse(prose), parts.map((part) => part.text).join('|'));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the fixed prose of the plan as it was written', () => {
    assert.deepEqual(splitCodeSpans('then `nlserver config -reload` and `nlserver restart web@default`.'), [
      { code: false, text: 'then ' },
      { code: true, text: 'nlserver config -reload' },
      { code: false, text: ' and ' },
      { code: true, text: 'nlserver restart web@default' },
      { code: false, text: '.' },
    ]);
    assert.equal(codeSpan('a`b'), '``a`b``');
    assert.equal(codeSpan('`x'), '`` `x ``');
    assert.deepEqual(splitCodeSpans('an unclosed ` stays'), [{ code: false, text: 'an unclosed ` stays' }]);
  });
});
