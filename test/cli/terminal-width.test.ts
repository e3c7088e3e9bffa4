// Terminal output fits the terminal (issue #10): the real binary, not a TTY, with COLUMNS=80 and
// COLUMNS=160, on the demo fleet. At 80 no line of scan, rules, diff, trend or builds is wider;
// at 160 the tables use the room. Without COLUMNS the width is 80.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { terminalColumns } from '../../src/cli/io.js';
import { fitTable, wrapText } from '../../src/render/text-layout.js';
import { ensureBuilt, runBinary } from '../helpers/cli-process.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-width-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

// Columns on a terminal: code points, not UTF-8 bytes (the box-drawing characters take one).
const widest = (text: string): number => Math.max(...text.split('\n').map((line) => [...line].length));

async function run(args: string[], columns?: number): Promise<string> {
  const result = await runBinary(args, columns === undefined ? {} : { COLUMNS: String(columns) });
  assert.ok(result.code === 0 || result.code === 1, `${args.join(' ')}: exit ${result.code}\n${result.stderr}`);
  assert.notEqual(result.stdout, '', args.join(' '));
  return result.stdout;
}

const commands: Record<string, string[]> = {};

before(async () => {
  ensureBuilt();
  const newer = join(scratch, 'new.json');
  const older = join(scratch, 'old.json');
  await runBinary(['demo', '--as-of', '2026-12-02', '-q', '-f', `json=${newer}`]);
  const report = JSON.parse(readFileSync(newer, 'utf8')) as ScanResult;
  // An older report with fewer findings and one host unreachable: the diff has new, resolved and host rows.
  const old: ScanResult = {
    ...report,
    asOf: '2026-11-02',
    findings: report.findings.slice(4).map((finding, index) => (index === 0 ? { ...finding, fingerprint: 'sha256:000000000000' } : finding)),
    hosts: report.hosts.map((host, index) => (index === 0 ? { ...host, status: 'unreachable', error: 'connection timed out after 10 s while connecting to the SSH port' } : host)),
  };
  writeFileSync(older, JSON.stringify(old));
  Object.assign(commands, {
    scan: ['scan', '--dir', 'fixtures/demo', '--as-of', '2026-12-02', '-q'],
    rules: ['rules'],
    diff: ['diff', older, newer],
    trend: ['trend', older, newer],
    builds: ['builds'],
  });
});

describe('terminal width', () => {
  it('takes the width from the TTY, else COLUMNS, else 80', () => {
    assert.equal(terminalColumns(132, '80'), 132);
    assert.equal(terminalColumns(undefined, '100'), 100);
    assert.equal(terminalColumns(undefined, undefined), 80);
    assert.equal(terminalColumns(undefined, 'wide'), 80);
    assert.equal(terminalColumns(undefined, '0'), 80);
  });

  for (const name of ['scan', 'rules', 'diff', 'trend', 'builds']) {
    it(`${name}: every line fits 80 columns; at 160 the output is wider`, async () => {
      const narrow = await run(commands[name]!, 80);
      const wide = await run(commands[name]!, 160);
      assert.ok(widest(narrow) <= 80, `${name} at COLUMNS=80 is ${widest(narrow)} wide:\n${narrow}`);
      assert.ok(widest(wide) <= 160, `${name} at COLUMNS=160 is ${widest(wide)} wide`);
      assert.ok(widest(wide) > widest(narrow), `${name}: ${widest(wide)} at 160 vs ${widest(narrow)} at 80`);
      // Nothing is lost in the narrow layout: every host of the demo fleet is still named.
      if (name === 'scan') for (const host of ['mkt-prod-1', 'exec-triggers-1', 'v8-cloud-1', 'gs-legacy-1']) assert.match(narrow, new RegExp(host));
    });
  }

  it('without COLUMNS and without a TTY the scan table is 80 columns wide at most', async () => {
    const text = await run(commands.scan!);
    assert.ok(widest(text) <= 80, String(widest(text)));
  });

  it('breaks a long word after "/" or "-" and keeps every character', () => {
    const lines = wrapText('see conf/config-a-very-long-instance-name.xml now', 20);
    assert.ok(lines.every((line) => line.length <= 20), lines.join('|'));
    assert.equal(lines.join('').replace(/ /g, ''), 'seeconf/config-a-very-long-instance-name.xmlnow');
  });

  it('gives up on a table that cannot fit, so the caller stacks it', () => {
    assert.equal(fitTable(['A', 'B'], [['x'.repeat(30), 'y']], 20, { min: [30, 1] }), undefined);
    const fitted = fitTable(['A', 'B'], [['word '.repeat(20), 'y']], 30, { min: [5, 1] });
    assert.ok(fitted !== undefined && widest(fitted) <= 30, fitted);
  });
});
