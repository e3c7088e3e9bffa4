// fitTable draws long tables a hundred rows at a time (cli-table3's layout is quadratic in rows):
// the pieces must join into exactly the table cli-table3 draws in one go.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Table from 'cli-table3';
import { fitTable, wrapText } from '../../src/render/text-layout.js';

const HEAD = ['Rule', 'Host', 'Finding'];
const MIN = [4, 8, 20];

function whole(rows: readonly string[][], width: number): string {
  // The widths fitTable chooses for these rows, read back from its own first line.
  const drawn = fitTable(HEAD, rows, width, { min: MIN }) ?? '';
  const widths = (drawn.split('\n')[0] ?? '').slice(1, -1).split('┬').map((segment) => segment.length - 2);
  const table = new Table({ head: HEAD.map((title, index) => wrapText(title, widths[index] ?? 1).join('\n')), colWidths: widths.map((value) => value + 2), wordWrap: false, style: { head: [], border: [] } });
  for (const row of rows) table.push(row.map((cell, index) => wrapText(cell, widths[index] ?? 1).join('\n')));
  return table.toString();
}

describe('fitTable in pieces', () => {
  for (const count of [0, 1, 99, 100, 101, 250]) {
    it(`${count} rows: byte for byte the table drawn in one go`, () => {
      const rows = Array.from({ length: count }, (_, n) => [`rule/${n % 7}`, `host-${n}`, `a finding whose text wraps over several lines ${'word '.repeat(n % 13)}end`]);
      assert.equal(fitTable(HEAD, rows, 60, { min: MIN }), whole(rows, 60));
    });
  }
});
