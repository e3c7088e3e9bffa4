import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { runCli } from '../helpers/cli.js';
import { DEMO_DIR } from '../helpers/demo.js';
import { ensureBuilt, runBinary } from '../helpers/cli-process.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-builds-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

const NEWER = `checkedAt: 2027-02-15
bulletins:
  - id: APSB27-011
    date: 2027-02-10
    affects: { through: 9402 }
    source: https://helpx.adobe.com/security/products/campaign/apsb27-011.html
builds:
  - { version: 7.4.5, build: 9405, date: 2027-02-10, label: 7.4.5, status: GA, fixes: [APSB27-011], source: APSB27-011 }
`;

describe('campaign-audit builds', () => {
  it('prints the shipped table within 80 columns, with its check date and the recommended build', async () => {
    const run = await runCli(['builds'], { columns: 80 });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Build data checked 2026-12-01: \d+ builds \(\d+ shipped, 0 from files\), 6 security/);
    assert.match(run.stdout, /Recommended target: 7\.4\.4 build 9402/);
    assert.match(run.stdout, /^9032@d3b452f\s+Gold Standard 11\s+2020-12-22\s+deprecated\s+-\s+shipped$/m);
    assert.match(run.stdout, /^9031\s+19\.1\.3\s+2019-07-26\s+recalled\s+-\s+shipped$/m);
    assert.match(run.stdout, /^APSB26-142\s+2026-09-08\s+<= 9401\s+9402\s+shipped$/m);
    for (const line of run.stdout.split('\n')) assert.ok(line.length <= 80, `too wide: ${line}`);
  });

  it('merges --builds and the policy builds: key, and says where each row came from', async () => {
    const extra = file('newer.yaml', NEWER);
    const policy = file('policy.yaml', 'builds:\n  builds:\n    - { version: 7.4.4, build: 9402, date: 2026-09-08, label: 7.4.4, status: recalled, source: https://example.test/recall }\n');
    const run = await runCli(['builds', '--policy', policy, '--builds', extra, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const table = JSON.parse(run.stdout) as { checkedAt: string; files: string[]; recommended: { build: number }; builds: { build: number; status: string; origin: string }[] };
    assert.equal(table.checkedAt, '2027-02-15');
    assert.deepEqual(table.files, [policy, extra]);
    assert.deepEqual(table.builds.filter((row) => row.build >= 9402).map((row) => [row.build, row.status, row.origin]), [[9405, 'GA', extra], [9402, 'recalled', policy]]);
    assert.equal(table.recommended.build, 9405);
    const text = await runCli(['builds', '--builds', extra, '-f', 'table']);
    assert.match(text.stdout, /^\[1\] .*newer\.yaml$/m);
    assert.match(text.stdout, /^9405\s+7\.4\.5\s+2027-02-10\s+GA\s+APSB27-011\s+\[1\]$/m);
  });

  it('names the file, line, row and field of a bad row (exit 2)', async () => {
    const bad = file('bad.yaml', NEWER.replace('date: 2027-02-10, label', 'date: 2027-02-31, label'));
    const run = await runCli(['builds', '--builds', bad]);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, `campaign-audit: --builds ${bad} line 8: builds[0].date (build 9405) must be a date YYYY-MM-DD\n`);
    const unknown = await runCli(['builds', '--builds', file('unknown.yaml', 'builds:\n  - { version: 7.4.5, build: 9405, date: null, label: x, status: GA, fixes: [APSB99-001], source: x }\n')]);
    assert.match(unknown.stderr, /line 2: builds\[0\]\.fixes\[0\] \(build 9405\) names a bulletin that is not in the build data/);
    const policy = await runCli(['builds', '--policy', file('policy-bad.yaml', 'builds:\n  builds:\n    - { version: 8.6.1, build: 9412, date: null, label: x, status: GA, source: x }\n')]);
    assert.match(policy.stderr, /^campaign-audit: --policy \S+policy-bad\.yaml line 3: builds\.builds\[0\]\.version \(build 9412\) is a Campaign v8 version/);
    assert.equal(policy.code, 2);
  });
});

describe('scan with build data', () => {
  const fleet = join(import.meta.dirname, '..', '..', 'fixtures', 'demo');

  it('names the check date in the JSON report and says in the verdict, every report and once on stderr when the data is older than 30 days', async () => {
    const fresh = await runCli(['demo', '-f', 'json', '--as-of', '2026-12-31']);
    const result = JSON.parse(fresh.stdout) as ScanResult;
    assert.deepEqual(result.buildData, { checkedAt: '2026-12-01', rows: result.buildData?.rows, extraRows: 0, files: [] });
    assert.equal(result.summary.staleBuildData, undefined);
    assert.doesNotMatch(fresh.stderr, /build data/);
    const stale = await runCli(['scan', '--dir', fleet, '-f', 'json', '--as-of', '2027-01-01', '--no-progress']);
    assert.equal(stale.stderr.match(/build data was checked/g)?.length, 1, stale.stderr);
    assert.match(stale.stderr, /checked on 2026-12-01, 31 days before 2027-01-01: .* --builds FILE/);
    assert.deepEqual((JSON.parse(stale.stdout) as ScanResult).summary.staleBuildData?.days, 31);
    for (const format of ['table', 'markdown', 'html', 'junit', 'sarif']) {
      const run = await runCli(['scan', '--dir', fleet, '-f', format, '--as-of', '2027-01-01', '--no-progress', '--quiet']);
      assert.match(run.stdout, /checked on 2026-12-01, 31 days before 2027-01-01/, format);
    }
    const builds = await runCli(['builds', '--as-of', '2027-01-01']);
    assert.match(builds.stdout, /^STALE: The build data was checked on 2026-12-01, 31 days before 2027-01-01/m);
    assert.match(builds.stdout, /--builds FILE/);
    const updated = await runCli(['scan', '--dir', fleet, '-f', 'json', '--as-of', '2027-04-01', '--no-progress', '--builds', file('fresh.yaml', NEWER.replace('2027-02-15', '2027-03-30'))]);
    assert.doesNotMatch(updated.stderr, /build data/);
    assert.deepEqual((JSON.parse(updated.stdout) as ScanResult).buildData?.extraRows, 1);
  });

  it('counts a --builds file named "shipped" as the user\'s data, not as the shipped table', async () => {
    // A row's origin was a string, and the string "shipped" meant the shipped table.
    ensureBuilt();
    const dir = join(scratch, 'named-shipped');
    mkdirSync(dir);
    writeFileSync(join(dir, 'shipped'), NEWER);
    const run = await runBinary(['builds', '--builds', 'shipped', '-f', 'table'], {}, { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\(\d+ shipped, 1 from files\)/);
    assert.match(run.stdout, /^9405\s+7\.4\.5\s+2027-02-10\s+GA\s+APSB27-011\s+\[1\]$/m);
    assert.match(run.stdout, /^\[1\] shipped$/m);
  });

  it('accepts a minimum release that only the policy\'s own builds: rows name', async () => {
    // The minimum was resolved against the shipped table before the policy's rows were merged.
    const policy = file('policy-min.yaml', `minVersion: 7.4.5\n${NEWER.replace(/^/gm, '  ').replace(/^ {2}checkedAt/, 'builds:\n  checkedAt')}`);
    const run = await runCli(['scan', '--dir', DEMO_DIR, '--policy', policy, '-f', 'json', '--as-of', '2026-11-27']);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as ScanResult;
    assert.deepEqual([report.policy.minVersion, report.policy.minBuild], ['7.4.5', 9405]);
    assert.ok(report.findings.some((finding) => finding.ruleId === 'build/below-minimum' && /9383/.test(finding.message)), 'a 7.4.1 host is now below the minimum');
  });

  it('plans from a saved report with the build table that report was judged by', async () => {
    // The plan used the shipped table whatever --builds the scan was given: its target build was
    // the shipped recommendation, not the newer one the user's rows make it.
    const extra = file('newer-for-plan.yaml', NEWER);
    const report = join(scratch, 'with-builds.json');
    const scan = await runCli(['scan', '--dir', DEMO_DIR, '--builds', extra, '-f', `json=${report}`, '--as-of', '2026-11-27']);
    assert.equal(scan.code, 1, scan.stderr);
    const plan = await runCli(['plan', report, '-f', 'json']);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /9405/);
    assert.doesNotMatch(plan.stdout, /build 9402\b/);
  });
});
