// The cli-table3 work-around (src/render/cli-table3-patch.ts): still needed and still aimed at
// the right line, drawing byte-identical tables, and taking the quadratic debug preview away.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import utils from 'cli-table3/src/utils.js';
import { firstLineTruncate, originalTruncate } from '../../src/render/cli-table3-patch.js';
import { fitTable } from '../../src/render/text-layout.js';

const require = createRequire(import.meta.url);

function cpuMs<T>(fn: () => T): { value: T; ms: number } {
  const started = process.cpuUsage();
  const value = fn();
  const used = process.cpuUsage(started);
  return { value, ms: (used.user + used.system) / 1000 };
}

describe('cli-table3 patch', () => {
  it('is installed, and cli-table3 still computes the preview it works around (else drop the patch)', () => {
    assert.equal(utils.truncate, firstLineTruncate);
    const cell = readFileSync(require.resolve('cli-table3/src/cell.js'), 'utf8');
    assert.match(cell, /const utils = require\('\.\/utils'\);/, 'cell.js reads truncate from the utils object at call time');
    assert.match(cell, /utils\.truncate\(this\.content, 10, this\.truncate\)/, 'the eager debug preview is still there');
    assert.match(cell, /utils\.truncate\(line, len, this\.truncate\)/, 'drawn lines are truncated one line at a time');
  });

  it('draws byte-identical tables: multi-line cells, colour, wide characters, cells too wide for their column', () => {
    const rows = [
      ['\u001b[31mcritical\u001b[39m', 'jwt/credential-present', 'A JWT technical account is still configured on\nthis host: run setimsoauth on every container.'],
      ['high', 'build/below-minimum', 'Build 9364 (7.3.4) is older than 9383; 漢字 and emoji 🙂 are two columns wide.'],
      ['info', 'x'.repeat(40), `${'long line '.repeat(12)}\nsecond\nthird`],
    ];
    const draw = (): string | undefined => fitTable(['Severity', 'Rule', 'Message'], rows, 80, { min: [8, 10, 20] });
    const patched = draw();
    utils.truncate = originalTruncate;
    let original: string | undefined;
    try {
      original = draw();
    } finally {
      utils.truncate = firstLineTruncate;
    }
    assert.ok(patched !== undefined && patched.split('\n').length > 8, 'a table of several multi-line rows was drawn');
    assert.equal(patched, original);
  });

  it('takes the preview of a 100-line cell from quadratic to one line', () => {
    const content = Array.from({ length: 100 }, (_, index) => `line ${index} of a wrapped finding message`).join('\n');
    const slow = cpuMs(() => originalTruncate(content, 10));
    // cli-table3 computes the preview once per drawn line: 100 times for this cell. All 100
    // patched ones cost less than one original (about 200 ms of CPU against 1 to 5 ms).
    const fast = cpuMs(() => Array.from({ length: 100 }, () => firstLineTruncate(content, 10)));
    assert.ok(fast.value.every((preview) => preview === slow.value), 'the same preview: the first line is where it ends');
    assert.ok(fast.ms < slow.ms, `one original preview ${slow.ms.toFixed(1)} ms of CPU, 100 patched ones ${fast.ms.toFixed(2)} ms`);
  });
});
