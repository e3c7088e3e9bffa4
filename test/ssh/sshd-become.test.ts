// --become through a real sudo behind a real sshd: NOPASSWD works and reads as the other user;
// a sudo that wants a password is one clear line, never a prompt.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { runMain } from '../helpers/cli-process.js';
import { writeFleetInventory } from '../helpers/inventory.js';
import { sudoSkip, startFleet, type SshdFleet } from '../helpers/sshd.js';


describe('--become with a real sudo', { skip: sudoSkip() }, () => {
  let fleet: SshdFleet;
  let sudoers: string;
  let knownHosts: string;

  before(async () => {
    // 0001 logs in and may become 0002 without a password; 0003 logs in and needs one.
    // 0002's home is private: only sudo gets the collector in.
    fleet = await startFleet({ hosts: [{}, { homeMode: 0o700 }, {}] });
    const [login, owner, needsPassword] = fleet.hosts.map((host) => host.user);
    sudoers = `/etc/sudoers.d/campaign-audit-test-${fleet.prefix}`;
    // The narrow rule docs/ssh.md recommends: only sh, as the Campaign user.
    const rules = `${login} ALL=(${owner}) NOPASSWD: /bin/sh, /usr/bin/sh\n${needsPassword} ALL=(${owner}) /bin/sh, /usr/bin/sh\n`;
    await writeFile(sudoers, rules, { mode: 0o440 });
    const check = spawnSync('/usr/sbin/visudo', ['-c', '-f', sudoers], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
    knownHosts = join(fleet.dir, 'known_hosts');
    await writeFile(knownHosts, `${fleet.knownHostsLine()}\n`);
  });
  after(async () => {
    if (sudoers) await rm(sudoers, { force: true });
    await fleet?.stop();
  });

  it('collects as the become user, and refuses cleanly when sudo asks for a password', async () => {
    const [login, owner, needsPassword] = fleet.hosts;
    assert.ok(login && owner && needsPassword);
    const inventory = join(fleet.dir, 'become.yaml');
    await writeFleetInventory(inventory, fleet, [
      { host: login, name: 'become-ok', become: owner.user, installDir: owner.installDir },
      { host: login, name: 'no-become', installDir: owner.installDir },
      { host: needsPassword, name: 'become-password', become: owner.user, installDir: owner.installDir },
    ]);
    const run = await runMain(['scan', '-i', inventory, '--known-hosts', knownHosts, '--ssh-config', 'none', '--format', 'json', '--fail-on', 'none']);
    assert.equal(run.code, 3, run.stderr);
    const report = JSON.parse(run.stdout) as ScanResult;
    assert.deepEqual(
      report.hosts.map((host) => [host.name, host.status, host.error ?? null]),
      [
        ['become-ok', 'ok', null],
        ['no-become', 'error', 'no conf/ directory under the install dir'],
        ['become-password', 'error', `sudo -n -u ${owner.user} asks for a password; allow NOPASSWD for the collector or drop --become`],
      ],
    );
    assert.equal(report.hosts[0]?.build, 9368);
  });

  it('takes --become from the command line too', async () => {
    const [login, owner] = fleet.hosts;
    assert.ok(login && owner);
    const run = await runMain([
      'scan',
      `${login.user}@127.0.0.1:${fleet.port}`,
      '--become',
      owner.user,
      '--install-dir',
      owner.installDir,
      '--identity',
      fleet.clientKey,
      '--known-hosts',
      knownHosts,
      '--ssh-config',
      'none',
      '--format',
      'json',
      '--fail-on',
      'none',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as ScanResult).hosts[0]?.status, 'ok');
    const bad = await runMain(['scan', 'h', '--become', '-u root']);
    assert.equal(bad.code, 2);
  });
});
