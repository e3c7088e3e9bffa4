// A loopback fleet behind a real OpenSSH sshd: scans through an inventory, as a user would.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { ensureBuilt, runBinary, runMain } from '../helpers/cli-process.js';
import { writeFleetInventory } from '../helpers/inventory.js';
import { jwtConfig, PDUMP_7_4_1, processesOf, SERVER_CONF, sshdSkip, startFleet, type FleetHost, type SshdFleet } from '../helpers/sshd.js';

const PWNED_NAME = 'config-x$(touch PWNED).xml';
const QUOTED_DIR = `it's "a" dir with  spaces/nl6`;
const OAUTH_CONFIG = `<?xml version='1.0'?>
<serverconf><shared><ims authIMSTAClientId="cid-clean" authIMSTAClientSecret="@c2VjcmV0" authIMSTAId="CLEAN@techacct.adobe.com"/><imsConfig><nonIMSAuthnAPI disableAPI="true"/></imsConfig></shared></serverconf>
`;

async function findNamed(dir: string, name: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.name.includes(name)) found.push(path);
    if (entry.isDirectory() && !entry.isSymbolicLink()) found.push(...(await findNamed(path, name)));
  }
  return found;
}

describe('scan a loopback sshd fleet', { skip: sshdSkip() }, () => {
  let fleet: SshdFleet;
  let knownHosts: string;

  before(async () => {
    fleet = await startFleet({
      hosts: [
        {},
        { shell: 'bash', files: { '.bashrc': 'echo "welcome from .bashrc"\n' } },
        { shell: existsSync('/bin/busybox') ? 'busybox' : 'sh' },
        { conf: { 'serverConf.xml': SERVER_CONF, 'config-pwn.xml': jwtConfig('pwn'), [PWNED_NAME]: jwtConfig('x') } },
        { installDir: QUOTED_DIR },
        { pdump: PDUMP_7_4_1, conf: { 'serverConf.xml': SERVER_CONF, 'config-clean.xml': OAUTH_CONFIG } },
        { pdumpDelay: 30 },
      ],
    });
    knownHosts = join(fleet.dir, 'known_hosts');
    await writeFile(knownHosts, `${fleet.knownHostsLine()}\n`);
    ensureBuilt();
  });
  after(async () => {
    await fleet?.stop();
  });

  it('scans every host through an inventory: statuses, versions, findings, JSON report', async () => {
    const inventory = join(fleet.dir, 'hosts.yaml');
    await writeFleetInventory(inventory, fleet, fleet.hosts.slice(0, 6).map((host) => ({ host })));
    const run = await runMain(['scan', '--inventory', inventory, '--known-hosts', knownHosts, '--ssh-config', 'none', '--format', 'json', '--as-of', '2026-01-15']);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as ScanResult;
    assert.deepEqual(
      report.hosts.map((host) => [host.name, host.status, host.build, host.error ?? null]),
      [
        ['host-0001', 'ok', 9368, null],
        ['host-0002', 'ok', 9368, null],
        ['host-0003', 'ok', 9368, null],
        ['host-0004', 'ok', 9368, null],
        ['host-0005', 'ok', 9368, null],
        ['host-0006', 'ok', 9383, null],
      ],
    );
    assert.deepEqual(report.summary.verdict, 'fail');
    assert.equal(report.summary.scanned, 6);
    const jwtHosts = new Set(report.findings.filter((finding) => finding.ruleId === 'jwt/credential-present').map((finding) => finding.host));
    assert.deepEqual([...jwtHosts].sort(), ['host-0001', 'host-0002', 'host-0003', 'host-0004', 'host-0005']);
    assert.equal(report.hosts[5]?.instances[0]?.credential, 'oauth');
    assert.doesNotMatch(run.stdout, /a2V5LWVuY3J5cHRlZC0ke2luc3RhbmNlfQ==/, 'secrets appear only as fingerprints');
    assert.match(run.stderr, /scanning 6 hosts/);
  });

  it('runs under the login shell it finds: dash, bash with a chatty .bashrc, busybox', async () => {
    const inventory = join(fleet.dir, 'shells.yaml');
    await writeFleetInventory(inventory, fleet, fleet.hosts.slice(0, 3).map((host) => ({ host })));
    const evidence = join(fleet.dir, 'evidence-shells');
    const run = await runMain(['scan', '-i', inventory, '--known-hosts', knownHosts, '--ssh-config', 'none', '--format', 'json', '--save-evidence', evidence, '-q']);
    assert.equal(run.code, 1, run.stderr);
    const { readFile } = await import('node:fs/promises');
    const shells = [];
    for (const name of ['host-0001', 'host-0002', 'host-0003']) {
      const snapshot = JSON.parse(await readFile(join(evidence, `${name}.json`), 'utf8')) as { pdump: string };
      shells.push(/collector shell: (\S*)/.exec(snapshot.pdump)?.[1]);
    }
    assert.equal(shells[0], '/usr/bin/dash');
    assert.equal(shells[1], '/usr/bin/dash', 'bash is the login shell; it starts sh -s, which is dash');
    if (existsSync('/bin/busybox')) assert.equal(shells[2], '/usr/bin/busybox');
  });

  it('treats a conf/ file named config-x$(touch PWNED).xml as data', async () => {
    const host = fleet.hosts[3];
    assert.ok(host);
    const inventory = join(fleet.dir, 'pwned.yaml');
    await writeFleetInventory(inventory, fleet, [{ host, name: 'pwned' }]);
    const run = await runMain(['scan', '-i', inventory, '--known-hosts', knownHosts, '--ssh-config', 'none', '--format', 'json', '-q']);
    const report = JSON.parse(run.stdout) as ScanResult;
    assert.equal(report.hosts[0]?.status, 'ok');
    assert.deepEqual(report.hosts[0]?.instances.map((instance) => instance.name).sort(), ['pwn', 'x$(touch PWNED)']);
    assert.ok(report.findings.some((finding) => finding.file === `conf/${PWNED_NAME}`));
    assert.deepEqual(await findNamed(host.home, 'PWNED'), [join(host.installDir, 'conf', PWNED_NAME)], 'only the file itself; nothing was created');
    assert.equal(existsSync(join(process.cwd(), 'PWNED')), false);
  });

  it('reaches an install dir with quotes and spaces', async () => {
    const host = fleet.hosts[4];
    assert.ok(host);
    assert.ok(host.installDir.includes(QUOTED_DIR));
    const inventory = join(fleet.dir, 'quoted.yaml');
    // Once absolute, once relative to the login home: both are positional arguments, never pasted.
    await writeFleetInventory(inventory, fleet, [
      { host, name: 'absolute' },
      { host, name: 'relative', installDir: QUOTED_DIR },
    ]);
    const run = await runMain(['scan', '-i', inventory, '--known-hosts', knownHosts, '--ssh-config', 'none', '--format', 'json', '-q']);
    const report = JSON.parse(run.stdout) as ScanResult;
    assert.deepEqual(
      report.hosts.map((entry) => `${entry.name}:${entry.status}`),
      ['absolute:ok', 'relative:ok'],
      run.stdout,
    );
  });

  it('bin/campaign-audit.js exits 0, 1 or 3 by the result, with the JSON on stdout', async () => {
    const clean = fleet.hosts[5];
    assert.ok(clean);
    const inventory = join(fleet.dir, 'e2e.yaml');
    await writeFleetInventory(inventory, fleet, [{ host: clean, name: 'clean', tags: ['prod'] }, ...fleet.hosts.slice(0, 2).map((host, index) => ({ host, name: `jwt-${index}`, tags: ['legacy'] }))]);
    const common = ['scan', '--inventory', inventory, '--known-hosts', knownHosts, '--ssh-config', 'none', '--format', 'json', '--as-of', '2026-01-15'];

    const pass = await runBinary([...common, '--tag', 'prod']);
    assert.equal(pass.code, 0, pass.stderr);
    const passReport = JSON.parse(pass.stdout) as ScanResult;
    assert.equal(passReport.summary.verdict, 'pass');
    assert.deepEqual(passReport.hosts.map((host) => host.name), ['clean']);
    assert.match(pass.stderr, /\[1\/1\] clean ok/);

    const fail = await runBinary(common);
    assert.equal(fail.code, 1, fail.stderr);
    assert.equal((JSON.parse(fail.stdout) as ScanResult).summary.verdict, 'fail');

    // A host that cannot be scanned, and nothing else gating: incomplete, exit 3.
    const broken = join(fleet.dir, 'broken.yaml');
    await writeFleetInventory(broken, fleet, [{ host: clean, name: 'clean' }, { host: clean, name: 'no-install', installDir: '/nonexistent/nl6' }, { host: clean, name: 'closed-port', port: 1 }]);
    const incomplete = await runBinary(['scan', '-i', broken, '--known-hosts', knownHosts, '--ssh-config', 'none', '--format', 'json', '--quiet', '--as-of', '2026-01-15']);
    assert.equal(incomplete.code, 3, incomplete.stderr);
    assert.equal(incomplete.stderr, '', '--quiet prints nothing');
    const report = JSON.parse(incomplete.stdout) as ScanResult;
    assert.deepEqual(
      report.hosts.map((host) => [host.name, host.status, host.error ?? null]),
      [
        ['clean', 'ok', null],
        ['no-install', 'error', 'no conf/ directory under the install dir'],
        ['closed-port', 'unreachable', '127.0.0.1:1: connection refused'],
      ],
    );
    assert.equal(report.summary.verdict, 'incomplete');

    // A host whose nlserver hangs: the binary still finishes, with a timeout for that host.
    const hung = join(fleet.dir, 'hung.yaml');
    await writeFleetInventory(hung, fleet, [{ host: fleet.hosts[6] as FleetHost, name: 'hung' }]);
    const timeout = await runBinary(['scan', '-i', hung, '--known-hosts', knownHosts, '--ssh-config', 'none', '--format', 'json', '--command-timeout', '1']);
    assert.equal(timeout.code, 3, timeout.stderr);
    assert.deepEqual(JSON.parse(timeout.stdout).hosts.map((host: { status: string; error: string }) => [host.status, host.error]), [['timeout', 'collector did not finish within 1s']]);
    assert.ok(timeout.ms < 10_000, `took ${timeout.ms}ms`);
    // And the hung command does not outlive the timeout on the server (SSH signal → killpg).
    const uid = (fleet.hosts[6] as FleetHost).uid;
    let left = await processesOf(uid);
    for (let i = 0; i < 30 && left.length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = await processesOf(uid);
    }
    assert.deepEqual(left, [], 'no process of the timed-out collector is left on the server');

    // Bad input: exit 2 with one line naming the file and line.
    const badInventory = join(fleet.dir, 'bad.yaml');
    await writeFile(badInventory, 'hosts:\n  - address: 127.0.0.1\n    port: 99999\n');
    const bad = await runBinary(['scan', '-i', badInventory]);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, `campaign-audit: --inventory ${badInventory} line 3: hosts[0].port must be a number from 1 to 65535\n`);
    const badFlag = await runBinary(['scan', '-i', inventory, '--host-key-policy', 'yes']);
    assert.equal(badFlag.code, 2);
    assert.match(badFlag.stderr, /^campaign-audit: .*"yes" is not a host key policy; use strict or accept-new\.\n$/);
  });
});
