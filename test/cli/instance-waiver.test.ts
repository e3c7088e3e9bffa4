// A waiver may name an instance for a finding about the instance across its hosts
// (fleet/instance-drift, docs/reports.md#waivers): ruleId + instance, no host. Other rules still
// need a host, and an instance waiver never covers another instance's drift.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { matchesWaiver } from '../../src/engine/waivers.js';
import { runCli } from '../helpers/cli.js';
import { DEMO_DIR } from '../helpers/demo.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-instance-waiver-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function waivers(body: string): string {
  const file = join(scratch, `w-${Math.random().toString(16).slice(2)}.yaml`);
  writeFileSync(file, `waivers:\n${body}`);
  return file;
}

describe('a waiver that names an instance', () => {
  it('waives fleet/instance-drift on that instance, whichever host carries it', async () => {
    const file = waivers('  - ruleId: fleet/instance-drift\n    instance: prod\n    reason: "Second container upgraded next window; CHG-77"\n    expires: 2027-01-31\n');
    const run = await runCli(['scan', '--dir', DEMO_DIR, '--as-of', '2026-11-27', '--no-progress', '-f', 'json', '--waivers', file]);
    const report = JSON.parse(run.stdout) as ScanResult;
    const drift = report.findings.filter((finding) => finding.ruleId === 'fleet/instance-drift');
    assert.ok(drift.length > 0);
    assert.ok(drift.every((finding) => finding.waived === (finding.instance === 'prod')));
    assert.deepEqual(report.waivers?.applied.map((entry) => [entry.ruleId, entry.host, entry.instance, entry.matched]), [['fleet/instance-drift', undefined, 'prod', 1]]);
  });

  it('names every host of the instance, and a waiver naming any of them with the instance matches', async () => {
    const file = waivers('  - ruleId: fleet/instance-drift\n    host: mkt-prod-2\n    instance: prod\n    reason: "mkt-prod-2 is the one to fix; CHG-78"\n    expires: 2027-01-31\n');
    const run = await runCli(['scan', '--dir', DEMO_DIR, '--as-of', '2026-11-27', '--no-progress', '-f', 'json', '--waivers', file]);
    const [drift, ...others] = (JSON.parse(run.stdout) as ScanResult).findings.filter((finding) => finding.ruleId === 'fleet/instance-drift');
    assert.equal(others.length, 0);
    assert.equal(drift?.host, 'mkt-prod-1', 'the first host keys the fingerprint');
    assert.deepEqual(drift?.hosts, ['mkt-prod-1', 'mkt-prod-2']);
    assert.equal(drift?.waived, true);
    const markdown = await runCli(['scan', '--dir', DEMO_DIR, '--as-of', '2026-11-27', '--no-progress', '-f', 'markdown', '--waivers', file]);
    assert.match(markdown.stdout, /^\| `fleet\/instance-drift` \| mkt-prod-1, mkt-prod-2 \| prod \|/m);
  });

  it('is refused for a rule about one host: it still needs a host', async () => {
    const file = waivers('  - ruleId: jwt/credential-present\n    instance: prod\n    reason: x\n    expires: 2027-01-31\n');
    const run = await runCli(['scan', '--dir', DEMO_DIR, '--no-progress', '--waivers', file]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /line 2: waivers\[0\] needs a "fingerprint", or a "ruleId" and a "host" \(for fleet\/instance-drift: a "ruleId" and an "instance"\)/);
  });

  it('matches nothing without an instance, or on another rule, in the programmatic API too', () => {
    const finding = { ruleId: 'fleet/instance-drift', host: 'a', instance: 'prod', fingerprint: 'f' } as Parameters<typeof matchesWaiver>[1];
    const base = { reason: 'r', expires: '2027-01-01' };
    assert.equal(matchesWaiver({ ...base, ruleId: 'fleet/instance-drift', instance: 'prod' }, finding), true);
    assert.equal(matchesWaiver({ ...base, ruleId: 'fleet/instance-drift' }, finding), false);
    assert.equal(matchesWaiver({ ...base, ruleId: 'fleet/instance-drift', instance: 'stage' }, finding), false);
    // A host that is not one of the finding's hosts does not match.
    assert.equal(matchesWaiver({ ...base, ruleId: 'fleet/instance-drift', host: 'b', instance: 'prod' }, finding), false);
    assert.equal(matchesWaiver({ ...base, ruleId: 'fleet/instance-drift', host: 'b', instance: 'prod' }, { ...finding, hosts: ['a', 'b'] }), true);
    assert.equal(matchesWaiver({ ...base, ruleId: 'jwt/credential-present', instance: 'prod' }, { ...finding, ruleId: 'jwt/credential-present' }), false);
  });
});
