// What a scan asks of a real sshd besides the collector, read from sshd's own debug log: no proof
// of the host keys it announces after login (ssh2 alone asks for one), a key file's login is one
// signed request (ssh2 alone first asks whether the key would do), and the client names itself. Each check is paired with
// ssh2 on its own against the same server, so the log line the check looks for is shown to exist.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ssh2 from 'ssh2';
import type { ScanResult } from '../../src/model.js';
import { runMain } from '../helpers/cli-process.js';
import { writeFleetInventory } from '../helpers/inventory.js';
import { generateKey, sshdSkip, startFleet, type SshdFleet } from '../helpers/sshd.js';

describe('what a scan asks of a real sshd (an RSA and an ed25519 host key, LogLevel DEBUG2)', { skip: sshdSkip() }, () => {
  let fleet: SshdFleet;
  let dir: string;
  let inventory: string;
  let knownHosts: string;
  let stranger: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campaign-audit-requests-'));
    const rsaHostKey = join(dir, 'ssh_host_rsa_key');
    await generateKey(rsaHostKey, 'rsa');
    stranger = join(dir, 'id_stranger');
    await generateKey(stranger);
    // sshd logs each global request (DEBUG1: "server_input_global_request: rtype …") and each
    // public key request, querying or signed (DEBUG2: "… user … querying|attempting public key …").
    fleet = await startFleet({ hosts: 1, sshdConfig: ['LogLevel DEBUG2', `HostKey ${rsaHostKey}`] });
    inventory = join(fleet.dir, 'hosts.yaml');
    await writeFleetInventory(inventory, fleet);
    knownHosts = join(fleet.dir, 'kh');
    await writeFile(knownHosts, `${fleet.knownHostsLine()}\n`);
  });
  after(async () => {
    await fleet?.stop();
  });

  /** sshd's log lines since `from` (a length of fleet.stderr()) that match `pattern`. */
  const logged = (from: number, pattern: RegExp): string[] => fleet.stderr().slice(from).split('\n').filter((line) => pattern.test(line));
  const PROVE = /rtype hostkeys-prove-00@openssh\.com/;
  const QUERY = /querying public key/;
  const SIGNED = /attempting public key/;

  /** ssh2 on its own, as any program using it logs in: the behaviour the scan changes. */
  const ssh2Login = async (): Promise<number> => {
    const client = new ssh2.Client();
    const announced = new Promise<number>((resolve) => client.once('hostkeys', (keys: unknown[]) => resolve(keys.length)));
    await new Promise<void>((resolve, reject) => {
      client.once('ready', resolve).once('error', reject);
      client.connect({ host: '127.0.0.1', port: fleet.port, username: fleet.hosts[0]!.user, privateKey: readFileSync(fleet.clientKey), hostVerifier: () => true });
    });
    try {
      return await announced;
    } finally {
      client.end();
    }
  };

  const scan = async (...extra: string[]): Promise<ScanResult> => {
    const run = await runMain(['scan', '-i', inventory, '--known-hosts', knownHosts, '--ssh-config', 'none', '--format', 'json', '--fail-on', 'none', ...extra]);
    assert.equal(run.code, 0, run.stderr);
    return JSON.parse(run.stdout) as ScanResult;
  };

  /**
   * Scans the fleet's host as the ssh_config alias `alias`, offering `keys` in order; returns the
   * run and where in sshd's log it started.
   */
  const scanWithKeys = async (alias: string, keys: readonly string[]): Promise<{ from: number; run: Awaited<ReturnType<typeof runMain>> }> => {
    const config = join(dir, `ssh_config_${alias}`);
    await writeFile(config, `Host ${alias}\n  HostName 127.0.0.1\n  Port ${fleet.port}\n  User ${fleet.hosts[0]!.user}\n${keys.map((key) => `  IdentityFile ${key}\n`).join('')}`);
    const from = fleet.stderr().length;
    const run = await runMain(['scan', alias, '--ssh-config', config, '--install-dir', 'nl6', '--known-hosts', knownHosts, '--format', 'json', '--fail-on', 'none']);
    return { from, run };
  };

  /** Waits for sshd's log to show the session `from` started has ended. */
  const settled = async (from: number): Promise<void> => {
    const end = Date.now() + 5000;
    while (logged(from, /Connection closed|Disconnected from|Received disconnect/).length === 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
  };

  it('ssh2 alone: a query, then the signed request, and a proof of both host keys', async () => {
    const from = fleet.stderr().length;
    assert.equal(await ssh2Login(), 2, 'both host keys announced and proven');
    await settled(from);
    assert.equal(logged(from, QUERY).length, 1, fleet.stderr().slice(from));
    assert.equal(logged(from, SIGNED).length, 1);
    assert.equal(logged(from, PROVE).length, 1);
  });

  it('a scan with a key file: one signed request, no query, no proof, and the host read', async () => {
    const from = fleet.stderr().length;
    const report = await scan();
    assert.deepEqual(report.hosts.map((host) => host.status), ['ok']);
    assert.ok((report.hosts[0]?.instances.length ?? 0) > 0, 'the host was read');
    await settled(from);
    assert.deepEqual([logged(from, QUERY).length, logged(from, SIGNED).length, logged(from, PROVE).length], [0, 1, 0], fleet.stderr().slice(from));
    assert.equal(logged(from, /Accepted publickey/).length, 1);
    // The identification string names the tool after ssh2 (DEBUG1: "remote software version …").
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const ssh2Version = (JSON.parse(readFileSync(new URL('../../node_modules/ssh2/package.json', import.meta.url), 'utf8')) as { version: string }).version;
    assert.deepEqual(logged(from, /remote software version/).map((line) => line.replace(/^.*remote software version /, '').trimEnd()), [`ssh2js${ssh2Version} campaign-audit/${version}`]);
  });

  it('two key files, the first refused: two signed requests, the refused one logged as a refused query is', async () => {
    const { from, run } = await scanWithKeys('two-keys', [stranger, fleet.clientKey]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as ScanResult).hosts.map((host) => host.status), ['ok']);
    await settled(from);
    assert.deepEqual([logged(from, QUERY).length, logged(from, SIGNED).length], [0, 2], fleet.stderr().slice(from));
    // sshd logs a refused query the same way ("Failed publickey", VERBOSE for a valid user, so
    // not at the default INFO): one line for the refused key either way, and no "Postponed".
    assert.equal(logged(from, /Failed publickey/).length, 1);
    assert.equal(logged(from, /Postponed publickey/).length, 0);
  });

  it('a lone key file the server refuses: one signed request, logged as the failed login it is', async () => {
    const { from, run } = await scanWithKeys('stranger', [stranger]);
    assert.deepEqual((JSON.parse(run.stdout) as ScanResult).hosts.map((host) => host.status), ['auth-failed']);
    await settled(from);
    assert.deepEqual([logged(from, QUERY).length, logged(from, SIGNED).length, logged(from, /Failed publickey/).length], [0, 1, 1], fleet.stderr().slice(from));
  });

  it('an RSA key file: one signed request with an RSA SHA-2 algorithm, no query', async () => {
    const rsa = join(dir, 'id_rsa_client');
    await appendFile(fleet.authorizedKeys, `${await generateKey(rsa, 'rsa')}\n`);
    const { from, run } = await scanWithKeys('rsa-key', [rsa]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as ScanResult).hosts.map((host) => host.status), ['ok']);
    await settled(from);
    assert.deepEqual([logged(from, QUERY).length, logged(from, SIGNED).length], [0, 1], fleet.stderr().slice(from));
    assert.equal(logged(from, /Accepted publickey for .* RSA SHA256:/).length, 1, fleet.stderr().slice(from));
    // Signed with an RSA SHA-2 algorithm (ssh2 picks rsa-sha2-256 from the server's list), whose hash the signature must match.
    assert.equal(logged(from, /attempting public key rsa-sha2-(256|512) /).length, 1, logged(from, /attempting/).join('\n'));
  });

  it('keys in ssh-agent are still queried first (an agent may ask its user to confirm each signature)', { skip: existsSync('/usr/bin/ssh-agent') ? false : 'ssh-agent not installed' }, async () => {
    const { spawn, spawnSync } = await import('node:child_process');
    const socket = join(dir, 'agent.sock');
    const agent = spawn('/usr/bin/ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      const end = Date.now() + 5000;
      while (!existsSync(socket) && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
      const added = spawnSync('/usr/bin/ssh-add', [fleet.clientKey], { env: { ...process.env, SSH_AUTH_SOCK: socket }, encoding: 'utf8' });
      assert.equal(added.status, 0, added.stderr);
      const from = fleet.stderr().length;
      const run = await runMain(['scan', `${fleet.hosts[0]!.user}@127.0.0.1:${fleet.port}`, '--install-dir', 'nl6', '--known-hosts', knownHosts, '--ssh-config', 'none', '--format', 'json', '--fail-on', 'none'], { SSH_AUTH_SOCK: socket });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual((JSON.parse(run.stdout) as ScanResult).hosts.map((host) => host.status), ['ok']);
      await settled(from);
      assert.deepEqual([logged(from, QUERY).length, logged(from, SIGNED).length, logged(from, PROVE).length], [1, 1, 0], fleet.stderr().slice(from));
    } finally {
      agent.kill();
    }
  });
});
