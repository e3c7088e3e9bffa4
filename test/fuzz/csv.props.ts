// Properties of CSV cells (src/report/csv.ts, issue 13.13): whatever a host, report or waiver
// holds, a cell read back with any separator a spreadsheet import offers (`,` `;` tab) is one
// field, and that field never starts a formula (OWASP "CSV injection").
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { csvCell } from '../../src/report/csv.js';
import { printable } from '../../src/render/text.js';
import { check, defineProperties } from '../helpers/fuzz.js';
import { adversarialText } from './arbitraries.js';

const CSV_PIECES = ['=', '+', '-', '@', ';', ',', '\t', '\r', '\n', '"', "'", ' ', '\u00a0', '\u3000', '\uff1d', 'x', '1+1', 'SUM(A1)', 'HYPERLINK(', '\u001b', '|'];
const anyCell = fc.oneof(adversarialText(40, CSV_PIECES), fc.string({ unit: 'binary', maxLength: 40 }));

/** Fields of one record, read as RFC 4180 says with `separator` (quoted fields may hold anything). */
function readFields(text: string, separator: string): string[] {
  const fields: string[] = [];
  let index = 0;
  for (;;) {
    let field = '';
    if (text[index] === '"') {
      index += 1;
      for (;;) {
        const close = text.indexOf('"', index);
        assert.ok(close >= 0, `unterminated quote in ${JSON.stringify(text)}`);
        field += text.slice(index, close);
        index = close + 1;
        if (text[index] !== '"') break;
        field += '"';
        index += 1;
      }
    } else {
      let end = index;
      while (end < text.length && text[end] !== separator && text[end] !== '\n' && text[end] !== '\r') end += 1;
      field = text.slice(index, end);
      index = end;
    }
    fields.push(field);
    if (index >= text.length) return fields;
    assert.ok(text[index] === separator || text[index] === '\n' || text[index] === '\r', `junk after a field in ${JSON.stringify(text)}`);
    index += 1;
  }
}

const FORMULA = /^[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]/;

export default defineProperties({
  'a cell is one field for every separator, keeps its text, and never starts a formula': () =>
    check(
      fc.property(anyCell, fc.constantFrom(',', ';', '\t'), (text, separator) => {
        const cell = csvCell(text);
        const fields = readFields(cell, separator);
        assert.equal(fields.length, 1, `${JSON.stringify(text)} → ${JSON.stringify(cell)} splits on ${JSON.stringify(separator)}`);
        const field = fields[0] as string;
        assert.ok(!FORMULA.test(field), `${JSON.stringify(text)} → ${JSON.stringify(field)} starts a formula`);
        // Nothing lost but the neutralizing apostrophe (and control characters, made printable).
        assert.ok(field === printable(text) || field === `'${printable(text)}`, `${JSON.stringify(text)} → ${JSON.stringify(field)}`);
      }),
      2000,
    ),

  'a row of cells has as many fields as cells, whatever they hold': () =>
    check(
      fc.property(fc.array(anyCell, { minLength: 1, maxLength: 6 }), fc.constantFrom(',', ';', '\t'), (texts, separator) => {
        const line = texts.map(csvCell).join(separator);
        // The row is read whole only when it has no line break outside quotes: a quoted one is kept.
        assert.equal(readFields(line, separator).length, texts.length, JSON.stringify(line));
      }),
      1000,
    ),
});
