import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { runCli } from '../helpers/cli.js';
import { configXml } from '../helpers/fixtures.js';
import { writeInstall } from '../helpers/campaign-home.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-local-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('campaign-audit scan --local', () => {
  it("audits this machine's install dir through the collector script", async () => {
    const dir = writeInstall(join(scratch, 'nl6'), {
      conf: { 'serverConf.xml': configXml(), 'config-prod.xml': configXml({ authIMSTAPrivateKey: '@a2V5', authIMSTAClientId: 'cid' }) },
      pdumpLine: '12:17:21 > Application server for Adobe Campaign Classic (7.3.5 23.12 build 9368@f7c1e2a) of 05/12/2023',
    });
    const run = await runCli(['scan', '--local', '--install-dir', dir, '-f', 'json', '--as-of', '2026-11-27']);
    assert.equal(run.code, 1, run.stderr);
    const result = JSON.parse(run.stdout) as ScanResult;
    assert.equal(result.hosts[0]?.name, hostname());
    assert.equal(result.hosts[0]?.build, 9368);
    assert.deepEqual(result.findings.map((finding) => finding.ruleId), ['build/below-minimum', 'jwt/credential-present', 'build/security-fix-missing']);
  });

  it('reports a missing install dir as a host that could not be scanned (exit 3)', async () => {
    const run = await runCli(['scan', '--local', '--install-dir', join(scratch, 'absent'), '-f', 'json']);
    assert.equal(run.code, 3);
    const result = JSON.parse(run.stdout) as ScanResult;
    assert.equal(result.hosts[0]?.status, 'error');
    assert.match(result.hosts[0]?.error ?? '', /no conf\/ directory/);
  });

  it('draws one updating progress line on a TTY', async () => {
    const dir = writeInstall(join(scratch, 'nl6-tty'), { conf: { 'config-prod.xml': configXml() } });
    const run = await runCli(['scan', '--local', '--install-dir', dir, '-f', 'json'], { isStderrTTY: true });
    assert.match(run.stderr, /^\rcampaign-audit: \[1\/1\] 0 not scanned - last: .* ok/);
    assert.ok(!run.stderr.includes('\n'), 'no newline: the line is redrawn, then cleared');
  });

  it('gives way to whole lines with --verbose, on a TTY too, and refuses --verbose with --quiet', async () => {
    // Build 9402: no known security bulletin affects it, so the scan passes.
    const dir = writeInstall(join(scratch, 'nl6-verbose'), { conf: { 'config-prod.xml': configXml() }, pdumpLine: '12:00:00 > Application server for Adobe Campaign Classic (7.4.4 build 9402@abc1234) of 08/09/2026' });
    const run = await runCli(['scan', '--local', '--install-dir', dir, '-f', 'json', '-v'], { isStderrTTY: true });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!run.stderr.includes('\r'), 'no redrawn line');
    assert.match(run.stderr, /^campaign-audit: scanning 1 host \(local install /m);
    assert.match(run.stderr, /^campaign-audit: \+\d+\.\d{3}s \S+: ok in \d+ ms; conf\/ lists 1 name\(s\); read config-prod\.xml \d+ B; /m);
    assert.match(run.stderr, /^campaign-audit: \[1\/1\] \S+ ok$/m);
    const both = await runCli(['scan', '--local', '--install-dir', dir, '-v', '-q']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--quiet cannot be combined with --verbose/);
  });
});
