// Jump hosts against two real sshds: the bastion's key is checked under the bastion's name, each
// target's under its own; targets behind one bastion share one bastion connection.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { runMain } from '../helpers/cli-process.js';
import { writeFleetInventory } from '../helpers/inventory.js';
import { sshdSkip, startFleet, type Sshd, type SshdFleet } from '../helpers/sshd.js';

describe('jump hosts against real sshds', { skip: sshdSkip() }, () => {
  let fleet: SshdFleet;
  let bastion: Sshd;
  let jump: string;
  let knownHosts: string;

  before(async () => {
    fleet = await startFleet({ hosts: 5 });
    // VERBOSE logs one "Accepted publickey" line per login: that counts bastion connections.
    bastion = await fleet.startAnother('bastion', ['LogLevel VERBOSE']);
    jump = `${fleet.hosts[0]?.user}@127.0.0.1:${bastion.port}`;
    knownHosts = join(fleet.dir, 'known_hosts');
    await writeFile(knownHosts, `${fleet.knownHostsLine()}\n${bastion.knownHostsLine()}\n`);
  });
  after(async () => {
    await fleet?.stop();
  });

  const scan = async (args: string[]): Promise<ScanResult> => {
    const run = await runMain(['scan', '--ssh-config', 'none', '--format', 'json', '--fail-on', 'none', ...args]);
    assert.ok(run.code === 0 || run.code === 3, `${run.code}: ${run.stderr}`);
    return JSON.parse(run.stdout) as ScanResult;
  };
  const logins = (): number => (bastion.stderr().match(/Accepted publickey/g) ?? []).length;

  it('scans an inventory through the bastion over one shared connection', async () => {
    const inventory = join(fleet.dir, 'jump.yaml');
    await writeFleetInventory(inventory, fleet, fleet.hosts.slice(1).map((host) => ({ host })), { jump });
    const before = logins();
    const report = await scan(['-i', inventory, '--known-hosts', knownHosts]);
    assert.deepEqual(report.hosts.map((host) => host.status), ['ok', 'ok', 'ok', 'ok']);
    assert.equal(logins() - before, 1, 'one login on the bastion for four targets');
  });

  it('marks every target behind a bastion whose key changed, and reads nothing', async () => {
    const file = join(fleet.dir, 'kh-bad-bastion');
    // The bastion's name carries the fleet's key: the bastion's real key is a change.
    await writeFile(file, `${fleet.knownHostsLine()}\n${fleet.knownHostsLine(`[127.0.0.1]:${bastion.port}`)}\n`);
    const report = await scan(['--known-hosts', file, '--jump', jump, '--identity', fleet.clientKey, '--install-dir', 'nl6', ...fleet.hosts.slice(1, 3).map((host) => `${host.user}@127.0.0.1:${fleet.port}`)]);
    assert.deepEqual(report.hosts.map((host) => host.status), ['host-key-mismatch', 'host-key-mismatch']);
    for (const host of report.hosts) {
      assert.match(host.error ?? '', new RegExp(`^jump host ${jump.replace(/[.]/g, '\\.')}: host key for \\[127\\.0\\.0\\.1\\]:${bastion.port} changed`));
      assert.deepEqual(host.instances, []);
    }
  });

  it("checks the target's key under the target's own name, not the bastion's", async () => {
    const file = join(fleet.dir, 'kh-bastion-only');
    await writeFile(file, `${bastion.knownHostsLine()}\n`);
    const [target] = fleet.hosts.slice(1);
    const report = await scan(['--known-hosts', file, '--jump', jump, '--identity', fleet.clientKey, '--install-dir', 'nl6', `${target?.user}@127.0.0.1:${fleet.port}`]);
    assert.equal(report.hosts[0]?.status, 'host-key-unknown');
    assert.equal(report.hosts[0]?.error, `host key for [127.0.0.1]:${fleet.port} is not in known_hosts (use --host-key-policy accept-new to record it)`);
  });

  it('follows ProxyJump from ssh_config, with aliases on the command line', async () => {
    const config = join(fleet.dir, 'ssh_config');
    await writeFile(
      config,
      [
        'Host campaign-*',
        '  HostName 127.0.0.1',
        `  Port ${fleet.port}`,
        `  IdentityFile ${fleet.clientKey}`,
        '  ProxyJump jumpbox',
        ...fleet.hosts.slice(1, 3).flatMap((host, index) => [`Host campaign-${index + 1}`, `  User ${host.user}`]),
        'Host jumpbox',
        '  HostName 127.0.0.1',
        `  Port ${bastion.port}`,
        `  User ${fleet.hosts[0]?.user}`,
        `  IdentityFile ${fleet.clientKey}`,
      ].join('\n'),
    );
    const run = await runMain(['scan', 'campaign-1', 'campaign-2', '--ssh-config', config, '--known-hosts', knownHosts, '--install-dir', 'nl6', '--format', 'json', '--fail-on', 'none']);
    const report = JSON.parse(run.stdout) as ScanResult;
    assert.deepEqual(report.hosts.map((host) => [host.name, host.address, host.status]), [
      ['campaign-1', '127.0.0.1', 'ok'],
      ['campaign-2', '127.0.0.1', 'ok'],
    ]);
  });

  it('reports an unreachable bastion and a target the bastion cannot reach', async () => {
    const [target] = fleet.hosts.slice(1);
    const common = ['--known-hosts', knownHosts, '--identity', fleet.clientKey, '--install-dir', 'nl6'];
    const deadBastion = await scan([...common, '--jump', '127.0.0.1:1', `${target?.user}@127.0.0.1:${fleet.port}`]);
    assert.equal(deadBastion.hosts[0]?.status, 'unreachable');
    assert.equal(deadBastion.hosts[0]?.error, 'jump host 127.0.0.1:1: connection refused');
    const deadTarget = await scan([...common, '--jump', jump, `${target?.user}@127.0.0.1:1`]);
    assert.equal(deadTarget.hosts[0]?.status, 'unreachable');
    assert.match(deadTarget.hosts[0]?.error ?? '', new RegExp(`^jump host ${jump.replace(/[.]/g, '\\.')} cannot reach 127\\.0\\.0\\.1:1 \\(`));
  });
});
