import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { configXml, OAUTH_ATTRIBUTES } from '../helpers/fixtures.js';
import { runCli } from '../helpers/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The folder a new user lays out by hand: one JWT instance on build 9368 (issue #2). */
function handFleet(): string {
  const root = join(scratch, `fleet-${Math.random().toString(36).slice(2)}`);
  mkdirSync(join(root, 'mkt-1', 'conf'), { recursive: true });
  writeFileSync(join(root, 'mkt-1', 'conf', 'serverConf.xml'), configXml());
  writeFileSync(join(root, 'mkt-1', 'conf', 'config-prod.xml'), configXml({ ...OAUTH_ATTRIBUTES, authIMSTAPrivateKey: '@a2V5ZW5j' }));
  writeFileSync(join(root, 'mkt-1', 'pdump.txt'), '12:17:21 > Application server for Adobe Campaign Classic (7.3.5 23.12 build 9368@f7c1e2a) of 05/12/2023\n');
  return root;
}

describe('campaign-audit scan --dir', () => {
  it('flags a JWT instance on build 9368 and fails the gate (exit 1)', async () => {
    const run = await runCli(['scan', '--dir', handFleet(), '--format', 'json', '--as-of', '2026-11-27']);
    assert.equal(run.code, 1, run.stderr);
    const result = JSON.parse(run.stdout) as ScanResult;
    assert.deepEqual(
      result.findings.map((finding) => [finding.ruleId, finding.severity, finding.instance]),
      [
        ['build/below-minimum', 'critical', null],
        ['jwt/credential-present', 'critical', 'prod'],
        ['build/security-fix-missing', 'high', null],
      ],
    );
    assert.equal(result.summary.verdict, 'fail');
    assert.deepEqual(result.hosts[0]?.instances, [{ name: 'prod', credential: 'jwt', file: 'conf/config-prod.xml', clientId: 'cid-0123', technicalAccountId: 'ABCDEF0123@techacct.adobe.com' }]);
    assert.equal(result.hosts[0]?.build, 9368);
  });

  it('prints the table on stdout and progress on stderr only', async () => {
    const run = await runCli(['scan', '--dir', handFleet(), '--as-of', '2026-11-27']);
    assert.match(run.stdout, /mkt-1/);
    assert.match(run.stdout, /CRITICAL — 2 open/);
    assert.match(run.stdout, /^Verdict: FAIL — 3 findings at or above high$/m);
    assert.match(run.stdout, /JWT cutoff 2025-01-27 passed 669 days ago \(as of 2026-11-27\)/);
    assert.doesNotMatch(run.stdout, /scanning/);
    assert.match(run.stderr, /\[1\/1\] mkt-1 ok/);
    const quiet = await runCli(['scan', '--dir', handFleet(), '--quiet']);
    assert.equal(quiet.stderr, '');
  });

  it('passes with --fail-on none and before the cutoff the JWT finding is high', async () => {
    const none = await runCli(['scan', '--dir', handFleet(), '--fail-on', 'none', '--format', 'json']);
    assert.equal(none.code, 0);
    const early = JSON.parse((await runCli(['scan', '--dir', handFleet(), '--as-of', '2024-12-01', '--format', 'json', '--fail-on', 'critical'])).stdout) as ScanResult;
    assert.equal(early.findings.find((finding) => finding.ruleId === 'jwt/credential-present')?.severity, 'high');
    assert.equal(early.summary.verdict, 'pass');
  });

  it('honours --cutoff and --min-version', async () => {
    const run = await runCli(['scan', '--dir', handFleet(), '--format', 'json', '--as-of', '2025-03-01', '--cutoff', '2025-06-30', '--min-version', '7.3.5']);
    const result = JSON.parse(run.stdout) as ScanResult;
    assert.deepEqual(result.policy, { cutoff: '2025-06-30', minVersion: '7.3.5', minBuild: 9368, failOn: 'high' });
    assert.deepEqual(result.findings.map((finding) => [finding.ruleId, finding.severity]), [['jwt/credential-present', 'high']]);
  });

  it('exits 3 when a host could not be scanned and the gate did not fail', async () => {
    const root = join(scratch, 'incomplete');
    mkdirSync(join(root, 'good', 'conf'), { recursive: true });
    writeFileSync(join(root, 'good', 'conf', 'config-prod.xml'), configXml(OAUTH_ATTRIBUTES));
    writeFileSync(join(root, 'good', 'pdump.txt'), 'Application server for Adobe Campaign Classic (7.4.4 build 9402) of 08/09/2026\n');
    mkdirSync(join(root, 'empty'));
    const run = await runCli(['scan', '--dir', root, '--format', 'json']);
    assert.equal(run.code, 3);
    const result = JSON.parse(run.stdout) as ScanResult;
    assert.deepEqual([result.summary.hosts, result.summary.scanned, result.summary.notScanned, result.summary.verdict], [2, 1, 1, 'incomplete']);
    assert.equal(result.hosts.find((host) => host.name === 'empty')?.status, 'error');
  });

  it('writes several formats in one run', async () => {
    const file = join(scratch, 'out', 'nested', 'report.json');
    mkdirSync(join(scratch, 'out', 'nested'), { recursive: true });
    const run = await runCli(['scan', '--dir', handFleet(), '-f', `json=${file}`, '-f', 'table']);
    assert.match(run.stdout, /Verdict: FAIL/);
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as ScanResult).schemaVersion, 1);
  });

  it('saves evidence and re-evaluates it offline to the same findings', async () => {
    const evidence = join(scratch, 'evidence');
    const first = await runCli(['scan', '--dir', handFleet(), '--format', 'json', '--save-evidence', evidence, '--as-of', '2026-11-27']);
    const replay = await runCli(['scan', '--evidence', evidence, '--format', 'json', '--as-of', '2026-11-27']);
    assert.equal(replay.code, first.code);
    assert.deepEqual((JSON.parse(replay.stdout) as ScanResult).findings, (JSON.parse(first.stdout) as ScanResult).findings);
  });

  it('is deterministic for a given --as-of', async () => {
    const fleet = handFleet();
    const a = JSON.parse((await runCli(['scan', '--dir', fleet, '-f', 'json', '--as-of', '2026-01-01'])).stdout) as ScanResult;
    const b = JSON.parse((await runCli(['scan', '--dir', fleet, '-f', 'json', '--as-of', '2026-01-01'])).stdout) as ScanResult;
    assert.deepEqual(a, b);
  });
});

describe('usage and input errors: one line on stderr, exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown flag', ['scan', '--dir', '.', '--frobnicate'], /unknown option '--frobnicate'/],
    ['an invalid date', ['scan', '--dir', '.', '--as-of', '2025-02-30'], /"2025-02-30" is not a valid date; use YYYY-MM-DD/],
    ['a badly written date', ['demo', '--cutoff', '27/01/2025'], /not a valid date/],
    ['an unknown severity', ['scan', '--dir', '.', '--fail-on', 'severe'], /"severe" is not a severity/],
    ['an unknown version', ['scan', '--dir', '.', '--min-version', '7.9.9'], /not in the build table/],
    ['an unknown format', ['scan', '--dir', '.', '--format', 'xml'], /unknown format "xml"/],
    ['a missing path', ['scan', '--dir', '/nonexistent/campaign'], /--dir \/nonexistent\/campaign: no such directory/],
    ['nothing to scan', ['scan'], /nothing to scan/],
    ['two sources', ['scan', '--dir', '.', '--local'], /--dir cannot be combined with --local/],
    ['two reports on stdout', ['demo', '-f', 'json', '-f', 'table'], /only one --format can write to stdout/],
    ['a bad concurrency', ['scan', '--dir', '.', '--concurrency', '0'], /--concurrency must be a whole number/],
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['evidence that is not a snapshot', ['scan', '--evidence', 'package.json'], /^campaign-audit: --evidence \S*package\.json: schemaVersion is missing/],
  ];
  for (const [what, argv, message] of cases) {
    it(what, async () => {
      const run = await runCli(argv);
      assert.equal(run.code, 2, `${run.stdout}${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split('\n').length, 1, `one line: ${run.stderr}`);
      assert.match(run.stderr, /^campaign-audit: /);
    });
  }

  it('reports a report file that cannot be written and still writes the others (exit 2)', async () => {
    // A folder where the file should be: the folder check passes, the write fails.
    const blocker = join(scratch, 'blocker', 'report.json');
    mkdirSync(blocker, { recursive: true });
    const good = join(scratch, 'good.json');
    const run = await runCli(['demo', '-f', `json=${blocker}`, '-f', `json=${good}`, '-q']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cannot write json report to .*blocker\/report.json \(is a directory\)/);
    assert.equal((JSON.parse(readFileSync(good, 'utf8')) as ScanResult).summary.hosts, 13);
  });
});
