// plan -f ansible through a real sudo behind a real sshd: a scan made with --become leaves a
// playbook whose steps run as the Campaign user (Ansible's become, method sudo) under the narrow
// sudo rule docs/ssh.md recommends — only sh, as the Campaign user, NOPASSWD. The Campaign
// user's home is private (0700): only a step that ran through sudo can write there.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ansibleSkip, runPlaybook } from '../helpers/ansible.js';
import { runMain } from '../helpers/cli-process.js';
import { writeFleetInventory } from '../helpers/inventory.js';
import { sudoSkip, type SshdFleet } from '../helpers/sshd.js';
import { startBecomeFleet, type BecomeFleet } from '../helpers/become-fleet.js';
import { recordedCalls, shopConfig } from '../helpers/fake-nlserver.js';

const SECRET = 'ans1ble-become-s3cret';

describe('plan -f ansible as the --become user, through a real sudo', { skip: ansibleSkip(sudoSkip()) }, () => {
  let fleet: SshdFleet;
  let become: BecomeFleet | undefined;
  let playbook: string;
  let ansibleHome: string;

  before(async () => {
    become = await startBecomeFleet();
    fleet = become.fleet;
    const { login, owner } = become;
    const knownHosts = join(fleet.dir, 'known_hosts');
    await writeFile(knownHosts, `${fleet.knownHostsLine()}\n`);
    const inventory = join(fleet.dir, 'hosts.yaml');
    await writeFleetInventory(inventory, fleet, [{ host: login, name: 'shop-1', become: owner.user, installDir: owner.installDir }]);
    const reportFile = join(fleet.dir, 'report.json');
    const scan = await runMain(['scan', '-i', inventory, '--known-hosts', knownHosts, '--ssh-config', 'none', '-f', `json=${reportFile}`, '--fail-on', 'none', '-q']);
    assert.equal(scan.code, 0, scan.stderr);
    playbook = join(fleet.dir, 'plan.yml');
    const plan = await runMain(['plan', reportFile, '-f', `ansible=${playbook}`]);
    assert.equal(plan.code, 0, plan.stderr);
    ansibleHome = join(fleet.dir, 'ansible-home');
    mkdirSync(ansibleHome);
  });
  after(async () => {
    await become?.stop();
  });

  it('backs up, sets OAuth, reloads and re-reads as the Campaign user, nothing as the login user', () => {
    const [login, owner] = fleet.hosts;
    assert.ok(login && owner);
    const log = join(fleet.dir, 'ansible-run.log');
    const { status, output } = runPlaybook(playbook, ['-v'], { home: ansibleHome, log }, { CAMPAIGN_OAUTH_SECRET_SHOP: SECRET });
    assert.equal(status, 0, output);
    assert.deepEqual(
      recordedCalls(owner.home).map((call) => call.args),
      [`config -instance:shop -setimsoauth:ORG1@AdobeOrg/cid-shop/SHOP@techacct.adobe.com/${SECRET}`, 'config -reload', 'restart wfserver@shop', 'restart web@default'],
    );
    assert.deepEqual(recordedCalls(login.home), [], 'nothing ran as the login user');
    const conf = join(owner.installDir, 'conf');
    const backups = readdirSync(conf).filter((name) => /^config-shop\.xml\.\d{8}T\d{6}Z\.bak$/.test(name));
    assert.equal(backups.length, 1, readdirSync(conf).join(' '));
    assert.equal(readFileSync(join(conf, backups[0]!), 'utf8'), shopConfig());
    assert.equal(statSync(join(conf, backups[0]!)).uid, owner.uid);
    assert.equal(statSync(join(conf, 'config-shop.xml')).uid, owner.uid);
    assert.doesNotMatch(output + readFileSync(log, 'utf8'), new RegExp(SECRET));
  });
});
