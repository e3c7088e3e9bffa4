// Promise 2 (docs/security.md): the auditor never changes a server. Every file under each host's
// home is checksummed and timestamped before and after real scans (direct, through a jump host,
// and with --become through a real sudo), and the servers record everything they were asked:
// a ForceCommand recorder keeps each command line and its stdin, sshd's DEBUG1 log lists every
// channel and request, and sudo's own log lists what it ran. Only the collector may appear.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { COLLECTOR_SCRIPT } from '../../src/collect/script.js';
import type { ScanResult } from '../../src/model.js';
import { runMain } from '../helpers/cli-process.js';
import { writeFleetInventory } from '../helpers/inventory.js';
import { processesOf, sudoSkip, startFleet, type Sshd, type SshdFleet } from '../helpers/sshd.js';
import { treeState } from '../helpers/tree-state.js';

/** Top-level entries of the shared scratch places owned by `uids`: where a careless tool would write. */
function scratchFilesOf(uids: Set<number>): string[] {
  return ['/tmp', '/var/tmp', '/dev/shm'].filter(existsSync).flatMap((dir) =>
    readdirSync(dir)
      .map((name) => join(dir, name))
      .filter((path) => {
        try {
          return uids.has(lstatSync(path).uid);
        } catch {
          return false;
        }
      }),
  );
}


/** `ctype`s of the channels opened and the channel requests made, from an sshd DEBUG1 log. */
function sshdRequests(log: string): { channels: string[]; requests: string[] } {
  return {
    channels: [...log.matchAll(/server_input_channel_open: ctype (\S+)/g)].map((match) => match[1] as string),
    requests: [...log.matchAll(/session_input_channel_req: session \d+ req (\S+)/g)].map((match) => match[1] as string),
  };
}

describe('the auditor never changes a server', { skip: sudoSkip() }, () => {
  let fleet: SshdFleet;
  let bastion: Sshd;
  let records: string;
  let bastionRecords: string;
  let sudoers: string;
  let sudoLog: string;
  let knownHosts: string;

  before(async () => {
    // A recorder as ForceCommand: it keeps the command line and the stdin of every session in
    // a folder outside the homes, then runs the command as sshd would have.
    const recorderFor = (dir: string): string => {
      mkdirSync(dir, { recursive: true });
      chmodSync(dir, 0o1777);
      const script = join(dir, '..', `${dir.split('/').pop() ?? 'r'}.sh`);
      writeFileSync(script, `#!/bin/sh\nrecord="${dir}/$(id -un).$$"\nprintf '%s' "$SSH_ORIGINAL_COMMAND" >"$record.command"\n[ -n "$SSH_ORIGINAL_COMMAND" ] || exit 1\ntee "$record.stdin" | sh -c "$SSH_ORIGINAL_COMMAND"\n`, { mode: 0o755 });
      return script;
    };
    const base = `/tmp/campaign-audit-records-${process.pid}`;
    records = join(base, 'target');
    bastionRecords = join(base, 'bastion');
    const recorder = recorderFor(records);
    // Hosts: 1 dash, 2 bash with a chatty .bashrc, 3 logs in and becomes 4 (private home), 5 is the bastion's login.
    fleet = await startFleet({
      hosts: [{}, { shell: 'bash', files: { '.bashrc': 'echo "welcome to $(hostname)"\n' } }, {}, { homeMode: 0o700 }, {}],
      sshdConfig: ['LogLevel DEBUG1', `ForceCommand ${recorder}`],
    });
    bastion = await fleet.startAnother('bastion', ['LogLevel DEBUG1', `ForceCommand ${recorderFor(bastionRecords)}`]);
    const [, , login, owner] = fleet.hosts;
    assert.ok(login && owner);
    sudoers = `/etc/sudoers.d/campaign-audit-ro-${fleet.prefix}`;
    sudoLog = join(base, 'sudo.log');
    writeFileSync(sudoers, `Defaults:${login.user} logfile=${sudoLog}\n${login.user} ALL=(${owner.user}) NOPASSWD: /bin/sh, /usr/bin/sh\n`, { mode: 0o440 });
    const check = spawnSync('/usr/sbin/visudo', ['-c', '-f', sudoers], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
    knownHosts = join(fleet.dir, 'known_hosts');
    writeFileSync(knownHosts, `${fleet.knownHostsLine()}\n${bastion.knownHostsLine()}\n`);
  });
  after(async () => {
    if (sudoers) await rm(sudoers, { force: true });
    await rm(`/tmp/campaign-audit-records-${process.pid}`, { recursive: true, force: true });
    await fleet?.stop();
  });

  it('leaves every file under every home as it was, and runs nothing but the collector', async () => {
    const [dash, bash, login, owner, jumper] = fleet.hosts;
    assert.ok(dash && bash && login && owner && jumper);
    const uids = new Set(fleet.hosts.map((host) => host.uid));
    const homesBefore = fleet.hosts.map((host) => treeState(host.home));
    const scratchBefore = scratchFilesOf(uids);
    // mtime has a resolution: a write in the same tick as the snapshot must still show.
    await new Promise((resolve) => setTimeout(resolve, 20));

    const inventory = join(fleet.dir, 'read-only.yaml');
    await writeFleetInventory(inventory, fleet, [
      { host: dash, name: 'dash' },
      { host: bash, name: 'bash' },
      { host: login, name: 'become', become: owner.user, installDir: owner.installDir },
      { host: dash, name: 'via-bastion', jump: `${jumper.user}@127.0.0.1:${bastion.port}` },
    ]);
    const run = await runMain(['scan', '-i', inventory, '--known-hosts', knownHosts, '--ssh-config', 'none', '-v', '-f', 'json', '--fail-on', 'none']);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as ScanResult;
    assert.deepEqual(
      report.hosts.map((host) => [host.name, host.status, host.build]),
      [
        ['dash', 'ok', 9368],
        ['bash', 'ok', 9368],
        ['become', 'ok', 9368],
        ['via-bastion', 'ok', 9368],
      ],
    );
    // Let sshd's session processes finish their bookkeeping before the homes are compared.
    for (let wait = 0; wait < 50 && (await Promise.all(fleet.hosts.map((host) => processesOf(host.uid)))).some((pids) => pids.length > 0); wait++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // 1. Nothing under any home changed: content, size, mode, owner, mtime, ctime; nothing added or removed.
    for (const [index, host] of fleet.hosts.entries()) {
      assert.deepEqual(treeState(host.home), homesBefore[index], `${host.user}'s home changed`);
    }
    assert.deepEqual(scratchFilesOf(uids), scratchBefore, 'a fleet user left files in /tmp, /var/tmp or /dev/shm');

    // 2. The target sshd was asked for exactly one session per scanned host, each a single
    //    `exec` of the fixed command, with exactly the collector script on stdin.
    const sessions = readdirSync(records).filter((name) => name.endsWith('.command'));
    assert.equal(sessions.length, 4, `sessions: ${sessions.join(', ')}`);
    const quoted = (value: string): string => `'${value}'`;
    for (const name of sessions) {
      const command = readFileSync(join(records, name), 'utf8');
      const user = name.split('.')[0];
      const expected =
        user === login.user
          ? new RegExp(`^exec sudo -n -u ${quoted(owner.user)} sh -s -- ${quoted(owner.installDir)} 'CA-[0-9a-f]+' '\\d+'$`)
          : new RegExp(`^exec sh -s -- 'nl6' 'CA-[0-9a-f]+' '\\d+'$`);
      assert.match(command, expected, `${name}: ${command}`);
      assert.equal(readFileSync(join(records, name.replace(/\.command$/, '.stdin')), 'utf8'), COLLECTOR_SCRIPT, `${name}: stdin is the collector script`);
    }
    const { channels, requests } = sshdRequests(fleet.stderr());
    assert.deepEqual([...new Set(channels)], ['session'], 'channel types opened on the targets');
    assert.equal(channels.length, 4);
    assert.deepEqual([...new Set(requests)], ['exec'], 'channel requests on the targets (no pty, shell, env, subsystem, agent or X11)');

    // 3. The bastion only forwarded: no session, no command.
    assert.deepEqual(readdirSync(bastionRecords), [], 'nothing ran on the bastion');
    const hop = sshdRequests(bastion.stderr());
    assert.deepEqual(hop.channels, ['direct-tcpip']);
    assert.deepEqual(hop.requests, []);

    // 4. sudo ran the collector shell as the Campaign user, and nothing else.
    const sudoLines = readFileSync(sudoLog, 'utf8').replace(/\n\s+/g, ' ').trim().split('\n');
    assert.equal(sudoLines.length, 1, sudoLines.join('\n'));
    assert.match(sudoLines[0] as string, new RegExp(`USER=${owner.user} ; COMMAND=/(usr/)?bin/sh -s -- ${owner.installDir.replace(/[/.]/g, '\\$&')} CA-[0-9a-f]+ \\d+$`));
  });

  it('--local and --dir scans change nothing either', async () => {
    const host = fleet.hosts[0];
    assert.ok(host);
    const before = treeState(host.home);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const local = await runMain(['scan', '--local', '--install-dir', host.installDir, '-f', 'json', '--fail-on', 'none']);
    assert.equal(local.code, 0, local.stderr);
    assert.equal((JSON.parse(local.stdout) as ScanResult).hosts[0]?.build, 9368);
    const dir = await runMain(['scan', '--dir', host.installDir, '-f', 'json', '--fail-on', 'none']);
    assert.equal(dir.code, 0, dir.stderr);
    assert.deepEqual(treeState(host.home), before);
  });
});
