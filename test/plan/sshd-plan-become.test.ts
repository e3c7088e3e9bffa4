// plan.sh --execute through a real sudo behind a real sshd: a scan that read the Campaign
// install as another user (--become) leaves a plan that changes it as that same user, by the
// same narrow sudo rule docs/ssh.md recommends (only sh, as the Campaign user, NOPASSWD). The
// Campaign user's home is private (0700): only a step that ran through sudo can have written the
// backup and the recorded nlserver calls there.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { runMain } from '../helpers/cli-process.js';
import { writeFleetInventory } from '../helpers/inventory.js';
import { sudoSkip, type SshdFleet } from '../helpers/sshd.js';
import { startBecomeFleet, type BecomeFleet } from '../helpers/become-fleet.js';
import { recordedCalls, shopConfig } from '../helpers/fake-nlserver.js';

const SECRET = 'p1an-become-s3cret';

describe('plan.sh --execute as the --become user, through a real sudo', { skip: sudoSkip() }, () => {
  let fleet: SshdFleet;
  let become: BecomeFleet | undefined;
  let knownHosts: string;
  let report: ScanResult;
  let script: string;

  before(async () => {
    // 0001 logs in; 0002 owns Campaign (private home) and is reached only through sudo.
    become = await startBecomeFleet();
    fleet = become.fleet;
    const { login, owner } = become;
    knownHosts = join(fleet.dir, 'known_hosts');
    await writeFile(knownHosts, `${fleet.knownHostsLine()}\n`);

    const inventory = join(fleet.dir, 'hosts.yaml');
    await writeFleetInventory(inventory, fleet, [{ host: login, name: 'shop-1', become: owner.user, installDir: owner.installDir }]);
    const reportFile = join(fleet.dir, 'report.json');
    const scan = await runMain(['scan', '-i', inventory, '--known-hosts', knownHosts, '--ssh-config', 'none', '-f', `json=${reportFile}`, '--fail-on', 'none', '-q']);
    assert.equal(scan.code, 0, scan.stderr);
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as ScanResult;
    script = join(fleet.dir, 'plan.sh');
    const plan = await runMain(['plan', reportFile, '-f', `sh=${script}`]);
    assert.equal(plan.code, 0, plan.stderr);
  });
  after(async () => {
    await become?.stop();
  });

  it('the report records the become user, and the plan names it', () => {
    const [login, owner] = fleet.hosts;
    assert.ok(login && owner);
    assert.equal(report.hosts[0]?.status, 'ok', report.hosts[0]?.error);
    assert.equal(report.hosts[0]?.route?.user, login.user);
    assert.equal(report.hosts[0]?.route?.become, owner.user);
    assert.match(readFileSync(script, 'utf8'), new RegExp(`sudo -n -H -u ${owner.user} sh -c`));
  });

  it('backs up, sets OAuth, reloads and re-reads as the Campaign user, in its private home', () => {
    const [login, owner] = fleet.hosts;
    assert.ok(login && owner);
    const run = spawnSync('sh', [script, '--execute', '--yes'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: fleet.dir, CAMPAIGN_AUDIT_SSH: 'ssh -F none -o BatchMode=yes', CAMPAIGN_OAUTH_SECRET_SHOP: SECRET },
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.doesNotMatch(run.stdout + run.stderr, new RegExp(SECRET));
    // Recorded in the owner's home: the calls ran as the owner (sudo -H), not as the login user.
    assert.deepEqual(
      recordedCalls(owner.home).map((call) => call.args),
      [`config -instance:shop -setimsoauth:ORG1@AdobeOrg/cid-shop/SHOP@techacct.adobe.com/${SECRET}`, 'config -reload', 'restart wfserver@shop', 'restart web@default'],
    );
    assert.deepEqual(recordedCalls(login.home), [], 'nothing ran as the login user');
    const conf = join(owner.installDir, 'conf');
    const backups = readdirSync(conf).filter((name) => /^config-shop\.xml\.\d{8}T\d{6}Z\.bak$/.test(name));
    assert.equal(backups.length, 1, readdirSync(conf).join(' '));
    assert.equal(readFileSync(join(conf, backups[0]!), 'utf8'), shopConfig());
    // Files the steps wrote belong to the Campaign user, so Campaign can still read them.
    assert.equal(statSync(join(conf, backups[0]!)).uid, owner.uid);
    assert.equal(statSync(join(conf, 'config-shop.xml')).uid, owner.uid);
    assert.match(readFileSync(join(conf, 'config-shop.xml'), 'utf8'), /authIMSTAClientId="cid-shop"/);
  });
});
