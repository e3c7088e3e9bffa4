// --fail-on CATEGORY=SEVERITY (docs/reports.md#categories): a category's own gate from the command
// line, beside or instead of the plain gate, winning over the policy file's; a bad value is one
// line and exit 2.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { runCli } from '../helpers/cli.js';
import { DEMO_DIR } from '../helpers/demo.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-fail-on-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

async function scan(...args: string[]): Promise<{ code: number; report: ScanResult; stderr: string }> {
  const run = await runCli(['scan', '--dir', DEMO_DIR, '--as-of', '2026-11-27', '--no-progress', '-f', 'json', ...args]);
  return { code: run.code, report: (run.code === 2 ? {} : JSON.parse(run.stdout)) as ScanResult, stderr: run.stderr };
}

describe('--fail-on per category', () => {
  it('gives one category its own gate; the others keep the plain one (default high)', async () => {
    const { code, report } = await scan('--fail-on', 'security=critical');
    assert.equal(code, 1);
    assert.equal(report.policy.failOn, 'high');
    assert.deepEqual(report.policy.categories, { security: { failOn: 'critical' } });
    assert.equal(report.summary.categories?.security.failOn, 'critical');
    assert.equal(report.summary.categories?.security.verdict, 'pass', 'no critical security finding in the demo');
    assert.equal(report.summary.categories?.migration.verdict, 'fail');
  });

  it('takes the plain form beside the categories, in any order', async () => {
    const { code, report } = await scan('--fail-on', 'security=high,none');
    assert.equal(code, 1);
    assert.equal(report.policy.failOn, 'none');
    assert.equal(report.summary.categories?.migration.verdict, 'pass');
    assert.equal(report.summary.categories?.security.verdict, 'fail');
    assert.equal(report.summary.gating, report.summary.categories?.security.gating);
    assert.equal((await scan('--fail-on', 'migration=none,security=none')).code, 0);
  });

  it('wins over the policy file, as every flag does', async () => {
    const policy = join(scratch, 'policy.yaml');
    writeFileSync(policy, 'categories:\n  security: { failOn: none }\n');
    assert.equal((await scan('--policy', policy, '--fail-on', 'migration=none')).code, 0);
    const { code, report } = await scan('--policy', policy, '--fail-on', 'migration=none,security=high');
    assert.equal(code, 1);
    assert.equal(report.summary.categories?.security.failOn, 'high');
  });

  for (const [value, words] of [
    ['secrity=high', /"secrity" is not a category; use migration, security/],
    ['high,low', /gives two plain severities/],
    ['security=', /"" is not a severity/],
    ['security=high,security=low', /gives security twice/],
    [',', /needs a severity, or CATEGORY=SEVERITY/],
  ] as const) {
    it(`refuses --fail-on ${value} with one line, exit 2`, async () => {
      const { code, stderr } = await scan('--fail-on', value);
      assert.equal(code, 2);
      assert.equal(stderr.trimEnd().split('\n').length, 1, stderr);
      assert.match(stderr, words);
    });
  }
});
