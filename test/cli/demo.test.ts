import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { DEFAULT_CHECKS, RULE_IDS } from '../../src/model.js';
import { RULES } from '../../src/rules/index.js';
import { runCli } from '../helpers/cli.js';

describe('campaign-audit demo', () => {
  it('scans the bundled fleet, prints the table and exits 0', async () => {
    const run = await runCli(['demo', '--as-of', '2026-11-27']);
    assert.equal(run.code, 0, run.stderr);
    for (const host of ['mkt-prod-1', 'mkt-prod-2', 'mid-emea-1', 'rt-emea-1', 'exec-triggers-1', 'mkt-legacy-20x', 'v8-cloud-1', 'mkt-broken-1', 'mkt-unknown-1', 'gs-legacy-1', 'mkt-hardened-1', 'mkt-open-1', 'mkt-zoned-1']) {
      assert.match(run.stdout, new RegExp(host));
    }
    assert.match(run.stdout, /Gold Standard 11/);
    assert.match(run.stdout, /^Verdict: FAIL — 21 findings at or above high$/m);
    assert.match(run.stdout, /^Open findings: 5 critical, 16 high, 4 medium, 0 low, 2 info$/m);
    assert.match(run.stdout, /^Hosts: 13 of 13 scanned$/m);
    assert.match(run.stdout, /JWT cutoff 2025-01-27 passed 669 days ago/);
  });

  it('counts the drift of instance prod once, on one finding naming both of its hosts', async () => {
    const result = JSON.parse((await runCli(['demo', '-f', 'json', '--as-of', '2026-11-27'])).stdout) as ScanResult;
    const drift = result.findings.filter((finding) => finding.ruleId === 'fleet/instance-drift');
    assert.equal(drift.length, 1);
    assert.equal(drift[0]?.instance, 'prod');
    assert.match(drift[0]?.message ?? '', /mkt-prod-1 build 9368 jwt; mkt-prod-2 build 9383 oauth/);
    assert.equal(result.summary.findings.high, result.findings.filter((finding) => finding.severity === 'high' && !finding.waived).length);
  });

  it('gates only when --fail-on is given', async () => {
    assert.equal((await runCli(['demo', '--fail-on', 'critical', '-q'])).code, 1);
    assert.equal((await runCli(['demo', '--fail-on', 'none', '-q'])).code, 0);
  });

  it('covers every rule of the default categories and every credential class', async () => {
    const result = JSON.parse((await runCli(['demo', '-f', 'json', '--as-of', '2026-11-27'])).stdout) as ScanResult;
    // Hardening is opt-in (docs/reports.md#categories): a default run judges the other categories' rules only.
    const defaultRules = RULES.filter((rule) => (DEFAULT_CHECKS as readonly string[]).includes(rule.meta.category)).map((rule) => rule.id);
    assert.deepEqual([...new Set(result.findings.map((finding) => finding.ruleId))].sort(), [...defaultRules].sort());
    assert.deepEqual([...new Set(result.hosts.flatMap((host) => host.instances.map((instance) => instance.credential)))].sort(), ['incomplete', 'jwt', 'none', 'oauth', 'unknown']);
    assert.ok(result.hosts.some((host) => host.product === 'v8'));
  });

  it('covers every rule with --checks migration,security,hardening, and none fires on the hardened host', async () => {
    const result = JSON.parse((await runCli(['demo', '-f', 'json', '--as-of', '2026-11-27', '--checks', 'migration,security,hardening'])).stdout) as ScanResult;
    assert.deepEqual([...new Set(result.findings.map((finding) => finding.ruleId))].sort(), [...RULE_IDS].sort());
    assert.deepEqual(result.findings.filter((finding) => finding.host === 'mkt-hardened-1').map((finding) => finding.ruleId), []);
  });

  it('matches the JSON report contract (docs/reports.md#json--f-json)', async () => {
    const result = JSON.parse((await runCli(['demo', '-f', 'json', '--as-of', '2026-11-27'])).stdout) as ScanResult;
    assert.equal(result.schemaVersion, 1);
    assert.deepEqual(Object.keys(result.tool), ['name', 'version']);
    assert.equal(result.tool.name, 'campaign-audit');
    assert.equal(result.asOf, '2026-11-27');
    assert.match(result.generatedAt, /^\d{4}-\d{2}-\d{2}T/);
    assert.deepEqual(result.policy, { cutoff: '2025-01-27', minVersion: '7.4.1', minBuild: 9383, failOn: 'high' });
    assert.deepEqual(Object.keys(result.summary.findings).sort(), ['critical', 'high', 'info', 'low', 'medium']);
    assert.ok(['pass', 'fail', 'incomplete'].includes(result.summary.verdict));
    for (const host of result.hosts) {
      for (const key of ['name', 'address', 'status', 'product', 'version', 'build', 'instances']) assert.ok(key in host, `host.${key}`);
      assert.ok(host.product === null || host.product === 'v7' || host.product === 'v8');
      for (const instance of host.instances) {
        // Contract keys first; the only extensions are the non-secret IDs that prefill the plan.
        assert.deepEqual(Object.keys(instance).slice(0, 3), ['name', 'credential', 'file']);
        for (const key of Object.keys(instance).slice(3)) assert.ok(['clientId', 'technicalAccountId', 'orgId'].includes(key), key);
      }
    }
    for (const finding of result.findings) {
      for (const key of ['ruleId', 'severity', 'host', 'instance', 'file', 'path', 'message', 'fingerprint', 'waived']) assert.ok(key in finding, `finding.${key}`);
      assert.equal(finding.waived, false);
    }
    const counted = Object.values(result.summary.findings).reduce((sum, count) => sum + count, 0);
    assert.equal(counted, result.findings.length);
  });

  it('lists the rules', async () => {
    const run = await runCli(['rules']);
    for (const id of RULE_IDS) assert.match(run.stdout, new RegExp(id.replace('/', '\\/')));
    const json = JSON.parse((await runCli(['rules', '--json'])).stdout) as { id: string; severity: string }[];
    assert.deepEqual(json.map((rule) => rule.id), RULE_IDS);
  });
});
