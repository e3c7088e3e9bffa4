// plan.sh --execute against real sshds (issue: a migration plan an operator can run): the scan
// reaches a Campaign host on a non-22 port through a jump sshd; the plan built from its report
// reaches the same host the same way and runs backup, setimsoauth (the secret on stdin), reload,
// restarts and the re-read against a recording fake nlserver. A decoy sshd, trusted and named by
// the ssh_config CAMPAIGN_AUDIT_SSH passes, proves nothing reaches a port the route does not name.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { runMain } from '../helpers/cli-process.js';
import { writeFleetInventory } from '../helpers/inventory.js';
import { PDUMP_7_4_1, SERVER_CONF, sshdSkip, startFleet, type Sshd, type SshdFleet } from '../helpers/sshd.js';
import { RECORDING_NLSERVER, recordedCalls, shopConfig } from '../helpers/fake-nlserver.js';

const SECRET = 'p1an-sh-s3cret-value';

describe('plan.sh --execute against real sshds', { skip: sshdSkip() }, () => {
  let fleet: SshdFleet;
  let jumpHost: Sshd;
  let decoy: Sshd;
  let knownHosts: string;
  let report: ScanResult;
  let script: string;

  before(async () => {
    fleet = await startFleet({ hosts: [{ conf: { 'serverConf.xml': SERVER_CONF, 'config-shop.xml': shopConfig() }, pdump: PDUMP_7_4_1, nlserver: RECORDING_NLSERVER }] });
    jumpHost = await fleet.startAnother('jump');
    decoy = await fleet.startAnother('decoy');
    knownHosts = join(fleet.dir, 'known_hosts');
    // The decoy is trusted too: were it reached, the commands would run there and be recorded.
    await writeFile(knownHosts, `${fleet.knownHostsLine()}\n${jumpHost.knownHostsLine()}\n${decoy.knownHostsLine()}\n`);
    const host = fleet.hosts[0]!;
    const inventory = join(fleet.dir, 'hosts.yaml');
    await writeFleetInventory(inventory, fleet, [{ host, name: 'shop-1', jump: `${host.user}@127.0.0.1:${jumpHost.port}` }]);
    const reportFile = join(fleet.dir, 'report.json');
    const scan = await runMain(['scan', '-i', inventory, '--known-hosts', knownHosts, '--ssh-config', 'none', '-f', `json=${reportFile}`, '--fail-on', 'none', '-q']);
    assert.equal(scan.code, 0, scan.stderr);
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as ScanResult;
    script = join(fleet.dir, 'plan.sh');
    const plan = await runMain(['plan', reportFile, '-f', `sh=${script}`]);
    assert.equal(plan.code, 0, plan.stderr);
  });
  after(async () => {
    await fleet?.stop();
  });

  it('the report records the route the scan took', () => {
    const host = fleet.hosts[0]!;
    assert.deepEqual(report.hosts[0]?.route, {
      address: '127.0.0.1',
      port: fleet.port,
      user: host.user,
      jump: [{ address: '127.0.0.1', port: jumpHost.port, user: host.user, identityFiles: [fleet.clientKey] }],
      identityFiles: [fleet.clientKey],
      knownHosts: [knownHosts],
      hostKeyPolicy: 'strict',
    });
    assert.deepEqual(report.source, { kind: 'ssh', options: ['--inventory', join(fleet.dir, 'hosts.yaml'), '--known-hosts', knownHosts, '--ssh-config', 'none'] });
  });

  it('runs each step on that host through the jump host, never on the decoy, with the secret only on stdin', () => {
    const host = fleet.hosts[0]!;
    const config = join(fleet.dir, 'ssh_config_decoy');
    // A plan that dropped -p would land on the decoy: this config sends 127.0.0.1 there.
    spawnSync('sh', ['-c', `printf 'Host 127.0.0.1\\n  Port ${decoy.port}\\n' > '${config}'`]);
    const run = spawnSync('sh', [script, '--execute', '--yes'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: fleet.dir, CAMPAIGN_AUDIT_SSH: `ssh -F ${config} -o BatchMode=yes`, CAMPAIGN_OAUTH_SECRET_SHOP: SECRET },
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.doesNotMatch(run.stdout + run.stderr, new RegExp(SECRET));
    const calls = recordedCalls(host.home);
    assert.deepEqual(
      calls.map((call) => call.args),
      [
        `config -instance:shop -setimsoauth:ORG1@AdobeOrg/cid-shop/SHOP@techacct.adobe.com/${SECRET}`,
        'config -reload',
        'restart wfserver@shop',
        'restart web@default',
      ],
    );
    for (const call of calls) assert.equal(call.port, String(fleet.port), 'every call came in on the Campaign host\'s own port');
    // The backup sits beside the file, named so that it does not read as an instance.
    const backups = readdirSync(join(host.installDir, 'conf')).filter((name) => /^config-shop\.xml\.\d{8}T\d{6}Z\.bak$/.test(name));
    assert.equal(backups.length, 1, readdirSync(join(host.installDir, 'conf')).join(' '));
    assert.equal(readFileSync(join(host.installDir, 'conf', backups[0]!), 'utf8'), shopConfig());
    assert.match(run.stdout, /^== shop-1 \(.+@127\.0\.0\.1:\d+ via .+@127\.0\.0\.1:\d+\)$/m);
    assert.match(run.stdout, /^\[shop-1\] re-read conf\/config-shop\.xml: it must now read as OAuth$/m);

    // The decoy is live and that config does send a port-less ssh to it: the check above could fail.
    const probe = spawnSync('ssh', ['-F', config, '-i', fleet.clientKey, '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', `${host.user}@127.0.0.1`, 'cd nl6 && . ./env.sh && nlserver config -probe'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(probe.status, 0, probe.stderr);
    assert.deepEqual(recordedCalls(host.home).at(-1), { port: String(decoy.port), args: 'config -probe' });
  });
});
