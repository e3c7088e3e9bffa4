// One date check everywhere (src/dates.ts): an impossible date (2026-02-30, 2026-13-45) is
// refused with one line and exit 2 by every schema and flag that takes a date, so no NaN reaches
// a day count, the trend chart or the plan JSON.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { runCli } from '../helpers/cli.js';
import { DEMO_DIR } from '../helpers/demo.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-dates-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
};

const IMPOSSIBLE = ['2026-02-30', '2026-13-45', '2025-02-29', '2026-04-31'] as const;

describe('impossible dates are refused everywhere', () => {
  let saved: ScanResult;
  let good: string;
  before(async () => {
    good = join(scratch, 'good.json');
    const waivers = file('w.yaml', 'waivers:\n  - ruleId: build/unknown\n    host: mkt-unknown-1\n    reason: x\n    expires: 2027-01-01\n');
    await runCli(['demo', '-q', '--as-of', '2026-11-27', '--waivers', waivers, '-f', `json=${good}`]);
    saved = JSON.parse(readFileSync(good, 'utf8')) as ScanResult;
    assert.ok((saved.waivers?.applied.length ?? 0) > 0, 'the saved report lists its waivers');
  });

  // Each date field of a saved report, through every command that reads one.
  const fields: [string, (report: ScanResult, date: string) => ScanResult][] = [
    ['asOf', (report, date) => ({ ...report, asOf: date })],
    ['policy.cutoff', (report, date) => ({ ...report, policy: { ...report.policy, cutoff: date } })],
    ['waivers.applied[0].expires', (report, date) => ({ ...report, waivers: { applied: (report.waivers?.applied ?? []).map((waiver) => ({ ...waiver, expires: date })), expired: [], unmatched: [] } })],
  ];
  for (const [field, edit] of fields) {
    for (const date of IMPOSSIBLE) {
      it(`a saved report's ${field} of ${date}: convert, plan, diff, trend and --baseline refuse it`, async () => {
        const bad = file(`bad-${field}-${date}.json`, JSON.stringify(edit(saved, date)));
        for (const argv of [['convert', bad, '-f', 'html'], ['plan', bad, '-f', 'json'], ['diff', good, bad], ['trend', good, bad, '-f', 'html'], ['scan', '--dir', DEMO_DIR, '--baseline', bad]]) {
          const run = await runCli(argv);
          assert.equal(run.code, 2, `${argv[0]}: ${run.stderr}`);
          assert.equal(run.stderr.split('\n').length, 2, run.stderr);
          assert.match(run.stderr, new RegExp(`${field.replace(/[.[\]]/g, '\\$&')} is not a date YYYY-MM-DD`));
          assert.doesNotMatch(run.stdout, /NaN/);
        }
      });
    }
  }

  it('the flags, waivers, policy and build data refuse each of them', async () => {
    for (const date of IMPOSSIBLE) {
      const waivers = file(`w-${date}.yaml`, `waivers:\n  - ruleId: build/unknown\n    host: a\n    reason: x\n    expires: ${date}\n`);
      const policy = file(`p-${date}.yaml`, `cutoff: ${date}\n`);
      const builds = file(`b-${date}.yaml`, `checkedAt: ${date}\nbuilds: []\n`);
      const runs = [
        ['--as-of', ['demo', '--as-of', date]],
        ['--cutoff', ['demo', '--cutoff', date]],
        ['waivers', ['demo', '--waivers', waivers]],
        ['policy', ['demo', '--policy', policy]],
        ['builds', ['builds', '--builds', builds]],
      ] as const;
      for (const [what, argv] of runs) {
        const run = await runCli([...argv]);
        assert.equal(run.code, 2, `${what} ${date}: ${run.stderr}`);
        assert.match(run.stderr, /date/, `${what} ${date}`);
      }
    }
  });

  it('a valid report still charts and plans without NaN', async () => {
    for (const argv of [['trend', good, '-f', 'html'], ['plan', good, '-f', 'json'], ['convert', good, '-f', 'markdown']]) {
      const run = await runCli(argv);
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(run.stdout, /NaN|"days": null/);
    }
  });
});
