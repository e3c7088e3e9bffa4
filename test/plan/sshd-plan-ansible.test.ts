// plan -f ansible against a real sshd with Debian's ansible-core: the playbook reaches the
// Campaign host on its non-22 port through a jump sshd, as the scan did; --check leaves the
// Campaign tree as it was; a real run records the right -setimsoauth call on the recording fake
// nlserver; the secret is in no output and no Ansible log.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ansibleSkip, runPlaybook, type PlaybookRun } from '../helpers/ansible.js';
import { runMain } from '../helpers/cli-process.js';
import { writeFleetInventory } from '../helpers/inventory.js';
import { PDUMP_7_4_1, SERVER_CONF, sshdSkip, startFleet, type Sshd, type SshdFleet } from '../helpers/sshd.js';
import { treeState } from '../helpers/tree-state.js';
import { RECORDING_NLSERVER, recordedCalls, shopConfig } from '../helpers/fake-nlserver.js';

const SECRET = 'ans1ble-s3cret-value';

describe('plan -f ansible against a real sshd', { skip: ansibleSkip(sshdSkip()) }, () => {
  let fleet: SshdFleet;
  let jumpHost: Sshd;
  let playbook: string;
  let ansibleHome: string;

  before(async () => {
    fleet = await startFleet({ hosts: [{ conf: { 'serverConf.xml': SERVER_CONF, 'config-shop.xml': shopConfig() }, pdump: PDUMP_7_4_1, nlserver: RECORDING_NLSERVER }] });
    jumpHost = await fleet.startAnother('jump');
    const knownHosts = join(fleet.dir, 'known_hosts');
    await writeFile(knownHosts, `${fleet.knownHostsLine()}\n${jumpHost.knownHostsLine()}\n`);
    const host = fleet.hosts[0]!;
    const inventory = join(fleet.dir, 'hosts.yaml');
    await writeFleetInventory(inventory, fleet, [{ host, name: 'shop-1', jump: `${host.user}@127.0.0.1:${jumpHost.port}` }]);
    const reportFile = join(fleet.dir, 'report.json');
    const scan = await runMain(['scan', '-i', inventory, '--known-hosts', knownHosts, '--ssh-config', 'none', '-f', `json=${reportFile}`, '--fail-on', 'none', '-q']);
    assert.equal(scan.code, 0, scan.stderr);
    playbook = join(fleet.dir, 'plan.yml');
    const plan = await runMain(['plan', reportFile, '-f', `ansible=${playbook}`]);
    assert.equal(plan.code, 0, plan.stderr);
    // Ansible's own files (control sockets, temp, log) stay in the test's directory.
    ansibleHome = join(fleet.dir, 'ansible-home');
    mkdirSync(ansibleHome);
  });
  after(async () => {
    await fleet?.stop();
  });

  const ansible = (args: string[], log: string): PlaybookRun => runPlaybook(playbook, args, { home: ansibleHome, log }, { CAMPAIGN_OAUTH_SECRET_SHOP: SECRET });

  it('--check changes nothing in the Campaign tree and runs no nlserver command', () => {
    const host = fleet.hosts[0]!;
    const beforeState = treeState(host.installDir);
    const log = join(fleet.dir, 'ansible-check.log');
    const run = ansible(['--check', '-v'], log);
    assert.equal(run.status, 0, run.output);
    assert.deepEqual(treeState(host.installDir), beforeState);
    assert.deepEqual(recordedCalls(host.home), []);
    assert.doesNotMatch(run.output + readFileSync(log, 'utf8'), new RegExp(SECRET));
  });

  it('a real run sets OAuth on that host through the jump host, one step after the other, and logs no secret', () => {
    const host = fleet.hosts[0]!;
    const log = join(fleet.dir, 'ansible-run.log');
    const run = ansible(['-v'], log);
    assert.equal(run.status, 0, run.output);
    const calls = recordedCalls(host.home);
    assert.deepEqual(
      calls.map((call) => call.args),
      [`config -instance:shop -setimsoauth:ORG1@AdobeOrg/cid-shop/SHOP@techacct.adobe.com/${SECRET}`, 'config -reload', 'restart wfserver@shop', 'restart web@default'],
    );
    for (const call of calls) assert.equal(call.port, String(fleet.port));
    const backups = readdirSync(join(host.installDir, 'conf')).filter((name) => /^config-shop\.xml\.\d{8}T\d{6}Z\.bak$/.test(name));
    assert.equal(backups.length, 1);
    assert.equal(readFileSync(join(host.installDir, 'conf', backups[0]!), 'utf8'), shopConfig());
    assert.match(run.output, /Re-read conf\/config-shop\.xml: it must now read as OAuth/);
    assert.doesNotMatch(run.output + readFileSync(log, 'utf8'), new RegExp(SECRET));
  });

  it('stops at a failed reload and prints that host\'s rollback', async () => {
    const host = fleet.hosts[0]!;
    await writeFile(join(host.home, 'fail-reload'), '');
    const run = ansible([], join(fleet.dir, 'ansible-fail.log'));
    assert.notEqual(run.status, 0);
    assert.match(run.output, /shop-1 failed at: the reload or a restart\. To roll it back, run there as for its steps: cd \S+ && \. \.\/env\.sh && cp -p -- \\?"conf\/config-shop\.xml\.\d{8}T\d{6}Z\.bak\\?" conf\/config-shop\.xml && nlserver config -reload && nlserver restart wfserver@shop && nlserver restart web@default/);
    assert.equal(recordedCalls(host.home).at(-1)?.args, 'config -reload', 'nothing ran after the failure');
  });
});
