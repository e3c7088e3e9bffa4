// The CI controls and the per-category verdict (docs/reports.md#exit-codes, #categories):
// --checks, per-category gates, alwaysGate over --baseline, --incomplete, diff --fail-on-new, and
// JUnit failures that equal the verdict's gating count in every host state.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import type { ScanResult } from '../../src/model.js';
import { runCli } from '../helpers/cli.js';
import { DEMO_DIR } from '../helpers/demo.js';
import { pdumpLine } from '../helpers/fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-ci-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

const AS_OF = ['--as-of', '2026-11-27', '--no-progress'];
let fleet: string;
let demoJson: string;

before(async () => {
  // The demo, plus a host with an empty conf/ and a readable banner (status error, build rules run).
  fleet = join(scratch, 'fleet');
  cpSync(DEMO_DIR, fleet, { recursive: true });
  mkdirSync(join(fleet, 'banner-only-1', 'conf'), { recursive: true });
  writeFileSync(join(fleet, 'banner-only-1', 'pdump.txt'), pdumpLine('7.4.1', 9383));
  const run = await runCli(['scan', '--dir', DEMO_DIR, '-f', 'json', ...AS_OF]);
  demoJson = file('demo.json', run.stdout);
});

function junitCounts(xml: string): { failures: number; skippedMessages: string[] } {
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as { testsuites: { failures: string; testsuite: { testcase?: { skipped?: { message: string } } | { skipped?: { message: string } }[] }[] } };
  const cases = parsed.testsuites.testsuite.flatMap((suite) => (suite.testcase === undefined ? [] : Array.isArray(suite.testcase) ? suite.testcase : [suite.testcase]));
  return { failures: Number(parsed.testsuites.failures), skippedMessages: cases.flatMap((testCase) => (testCase.skipped ? [testCase.skipped.message] : [])) };
}

describe('categories', () => {
  it('give each category its own line in JSON, and --checks runs only the chosen one', async () => {
    const all = JSON.parse((await runCli(['scan', '--dir', DEMO_DIR, '-f', 'json', ...AS_OF])).stdout) as ScanResult;
    assert.equal(all.summary.categories?.migration.verdict, 'fail');
    assert.match(all.summary.categories?.migration.text ?? '', /^Migration: FAIL — .*3 instances on JWT/);
    assert.match(all.summary.categories?.security.text ?? '', /^Security: FAIL — 7 hosts miss .*APSB26-142/);
    assert.equal((all.summary.categories?.migration.gating ?? 0) + (all.summary.categories?.security.gating ?? 0), all.summary.gating);

    const security = await runCli(['scan', '--dir', DEMO_DIR, '-f', 'json', '--checks', 'security', ...AS_OF]);
    const result = JSON.parse(security.stdout) as ScanResult;
    assert.deepEqual(result.policy.checks, ['security']);
    assert.ok(result.findings.every((finding) => ['build/security-fix-missing', 'build/not-in-table', 'secrets/plaintext', 'operators/native-api-enabled'].includes(finding.ruleId)));
    assert.equal(result.summary.categories?.migration.verdict, 'not-checked');
    assert.equal(result.summary.categories?.migration.text, 'Migration: NOT CHECKED — left out by --checks');
    const table = await runCli(['scan', '--dir', DEMO_DIR, '--checks', 'security', ...AS_OF]);
    assert.match(table.stdout, /^Migration: NOT CHECKED — left out by --checks$/m);
    const junit = await runCli(['scan', '--dir', DEMO_DIR, '-f', 'junit', '--checks', 'security', ...AS_OF]);
    assert.ok(junitCounts(junit.stdout).skippedMessages.some((message) => /migration rules were left out by --checks/.test(message)));
    const bad = await runCli(['scan', '--dir', DEMO_DIR, '--checks', 'migration,compliance', ...AS_OF]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not a list of categories; use one or more of migration, security, hardening/);
  });

  it('gate by category from the policy file, with one exit code', async () => {
    const policy = file('policy.yaml', 'failOn: high\ncategories:\n  security: { failOn: none }\n');
    const run = await runCli(['scan', '--dir', DEMO_DIR, '-f', 'json', '--policy', policy, ...AS_OF]);
    const result = JSON.parse(run.stdout) as ScanResult;
    assert.equal(run.code, 1);
    assert.deepEqual(result.policy.categories, { security: { failOn: 'none' } });
    assert.equal(result.summary.categories?.security.verdict, 'pass');
    assert.equal(result.summary.categories?.security.gating, 0);
    assert.equal(result.summary.gating, result.summary.categories?.migration.gating);
    const migrationOff = file('policy-off.yaml', 'categories:\n  migration: { failOn: none }\n  security: { failOn: none }\n');
    assert.equal((await runCli(['scan', '--dir', DEMO_DIR, '--policy', migrationOff, ...AS_OF])).code, 0);
    const typo = await runCli(['scan', '--dir', DEMO_DIR, '--policy', file('typo.yaml', 'categories:\n  hardenning: { failOn: high }\n'), ...AS_OF]);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /categories\.hardenning.*is not a category/);
  });
});

describe('CI controls', () => {
  it('alwaysGate keeps findings at or above it gating under a baseline that has them', async () => {
    const accepted = await runCli(['scan', '--dir', DEMO_DIR, '-f', 'json', '--baseline', demoJson, ...AS_OF]);
    assert.equal(accepted.code, 0);
    const policy = file('always.yaml', 'alwaysGate: critical\n');
    const run = await runCli(['scan', '--dir', DEMO_DIR, '-f', 'json', '--baseline', demoJson, '--policy', policy, ...AS_OF]);
    const result = JSON.parse(run.stdout) as ScanResult;
    const criticals = result.findings.filter((finding) => finding.severity === 'critical');
    assert.equal(run.code, 1);
    assert.ok(criticals.length > 0 && criticals.every((finding) => finding.baseline === true));
    assert.equal(result.summary.gating, criticals.length);
    assert.equal(result.summary.baselined, result.findings.length - criticals.length);
    assert.equal(result.policy.alwaysGate, 'critical');
  });

  it('--incomplete chooses the exit of a scan that missed a host', async () => {
    const gateOff = ['scan', '--dir', fleet, '--fail-on', 'none', '--quiet', ...AS_OF];
    assert.equal((await runCli(gateOff)).code, 3);
    assert.equal((await runCli([...gateOff, '--incomplete', 'error'])).code, 3);
    assert.equal((await runCli([...gateOff, '--incomplete', 'pass'])).code, 0);
    assert.equal((await runCli([...gateOff, '--incomplete', 'fail'])).code, 1);
    assert.equal((await runCli(['scan', '--dir', fleet, '--incomplete', 'pass', '--quiet', ...AS_OF])).code, 1, 'a failed gate still fails');
    assert.equal((await runCli([...gateOff, '--incomplete', 'maybe'])).code, 2);
  });

  it('diff --fail-on-new fails on a new finding at or above the severity, and only then', async () => {
    const empty = JSON.parse(await (await import('node:fs/promises')).readFile(demoJson, 'utf8')) as ScanResult;
    const old = file('old.json', JSON.stringify({ ...empty, findings: empty.findings.filter((finding) => finding.severity !== 'critical') }));
    assert.equal((await runCli(['diff', old, demoJson])).code, 0);
    assert.equal((await runCli(['diff', demoJson, demoJson, '--fail-on-new', 'info'])).code, 0);
    const failing = await runCli(['diff', old, demoJson, '--fail-on-new', 'critical']);
    assert.equal(failing.code, 1);
    assert.match(failing.stderr, /--fail-on-new critical: 5 new findings at or above critical/);
    const oldHigh = file('old-high.json', JSON.stringify({ ...empty, findings: empty.findings.filter((finding) => finding.severity !== 'medium') }));
    assert.equal((await runCli(['diff', oldHigh, demoJson, '--fail-on-new', 'high'])).code, 0);
  });
});

describe('JUnit and the verdict', () => {
  it('count the same failures for scanned, banner-only and unreachable hosts; a rule that ran is never "not checked"', async () => {
    const json = JSON.parse((await runCli(['scan', '--dir', fleet, '-f', 'json', ...AS_OF])).stdout) as ScanResult;
    const host = json.hosts.find((entry) => entry.name === 'banner-only-1');
    assert.equal(host?.status, 'error');
    assert.ok(json.findings.some((finding) => finding.host === 'banner-only-1' && finding.ruleId === 'build/security-fix-missing'));
    const xml = (await runCli(['scan', '--dir', fleet, '-f', 'junit', ...AS_OF])).stdout;
    const { failures, skippedMessages } = junitCounts(xml);
    assert.equal(failures, json.summary.gating);
    assert.doesNotMatch(xml, /name="build\/security-fix-missing"><skipped/);
    assert.ok(skippedMessages.some((message) => /configuration could not be read/.test(message)), 'config rules of the banner-only host are skipped, saying why');
    const withDown: ScanResult = { ...json, hosts: [...json.hosts, { name: 'down-1', address: '10.0.0.9', status: 'unreachable', error: 'refused', product: null, version: null, build: null, instances: [] }] };
    const converted = await runCli(['convert', file('down.json', JSON.stringify(withDown)), '-f', 'junit']);
    assert.equal(junitCounts(converted.stdout).failures, json.summary.gating);
  });
});

describe('report files', () => {
  it('write -f table=FILE at the width stdout gets by default (80 columns)', async () => {
    const out = join(scratch, 'table.txt');
    assert.equal((await runCli(['scan', '--dir', DEMO_DIR, '-f', `table=${out}`, '--quiet', ...AS_OF])).code, 1);
    const lines = (await import('node:fs')).readFileSync(out, 'utf8').split('\n');
    assert.ok(lines.every((line) => [...line].length <= 80), lines.find((line) => [...line].length > 80));
  });
});
