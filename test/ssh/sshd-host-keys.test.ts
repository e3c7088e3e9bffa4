// Host key checking against a real sshd: strict by default, accept-new records, a changed key is
// refused whatever the policy, and nothing is read from a host whose key is not trusted.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ssh2 from 'ssh2';
import type { ScanResult } from '../../src/model.js';
import { runMain } from '../helpers/cli-process.js';
import { writeFleetInventory } from '../helpers/inventory.js';
import { generateKey, sshdSkip, startFleet, type SshdFleet } from '../helpers/sshd.js';

describe('host keys against a real sshd', { skip: sshdSkip() }, () => {
  let fleet: SshdFleet;
  let inventory: string;
  const OTHER_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKcFSpl1jHSaX3CtYsN0Rn07j0XJ4VLmlSmRj4zzDc5T';

  before(async () => {
    fleet = await startFleet({ hosts: 2 });
    inventory = join(fleet.dir, 'hosts.yaml');
    await writeFleetInventory(inventory, fleet);
  });
  after(async () => {
    await fleet?.stop();
  });

  const scan = async (knownHosts: string, ...extra: string[]): Promise<{ code: number | null; report: ScanResult; stderr: string }> => {
    const run = await runMain(['scan', '-i', inventory, '--known-hosts', knownHosts, '--ssh-config', 'none', '--format', 'json', '--fail-on', 'none', ...extra]);
    return { code: run.code, report: JSON.parse(run.stdout) as ScanResult, stderr: run.stderr };
  };
  const statuses = (report: ScanResult): string[] => report.hosts.map((host) => host.status);
  const fingerprint = (base64: string): string => `SHA256:${createHash('sha256').update(Buffer.from(base64, 'base64')).digest('base64').replace(/=+$/, '')}`;

  it('strict: an unknown key is host-key-unknown (not a mismatch), with no data, and exit 3', async () => {
    const file = join(fleet.dir, 'kh-empty');
    await writeFile(file, '');
    const { code, report } = await scan(file);
    assert.equal(code, 3);
    assert.deepEqual(statuses(report), ['host-key-unknown', 'host-key-unknown']);
    assert.equal(report.hosts[0]?.error, `host key for [127.0.0.1]:${fleet.port} is not in known_hosts (use --host-key-policy accept-new to record it)`);
    assert.deepEqual(report.hosts[0]?.instances, []);
    assert.equal(report.hosts[0]?.build, null);
    assert.equal(await readFile(file, 'utf8'), '', 'strict writes nothing');
  });

  it('accept-new records the key once; the next strict scan passes', async () => {
    const file = join(fleet.dir, 'kh-new');
    const first = await scan(file, '--host-key-policy', 'accept-new');
    assert.deepEqual(statuses(first.report), ['ok', 'ok']);
    assert.equal(await readFile(file, 'utf8'), `${fleet.knownHostsLine()}\n`);
    // Said on stderr, once for the one key both hosts share, as OpenSSH's "Permanently added".
    const added = first.stderr.split('\n').filter((line) => line.includes('permanently added'));
    assert.deepEqual(added, [`campaign-audit: permanently added [127.0.0.1]:${fleet.port} (ssh-ed25519 ${fingerprint(fleet.hostKey)}) to ${file} (accept-new)`]);
    const second = await scan(file);
    assert.equal(second.code, 0);
    assert.deepEqual(statuses(second.report), ['ok', 'ok']);
    assert.doesNotMatch(second.stderr, /permanently added/, 'a known key adds nothing');
  });

  it('matches hashed |1| entries (ssh-keygen -H)', async () => {
    const file = join(fleet.dir, 'kh-hashed');
    await writeFile(file, `${fleet.knownHostsLine()}\n`);
    const hashed = spawnSync('/usr/bin/ssh-keygen', ['-H', '-f', file], { encoding: 'utf8' });
    assert.equal(hashed.status, 0, hashed.stderr);
    const text = await readFile(file, 'utf8');
    assert.match(text, /^\|1\|/);
    assert.doesNotMatch(text, /127\.0\.0\.1/);
    assert.deepEqual(statuses((await scan(file)).report), ['ok', 'ok']);
  });

  it('uses the [host]:port form for a non-22 port: a bare 127.0.0.1 entry does not count', async () => {
    const file = join(fleet.dir, 'kh-bare');
    await writeFile(file, `${fleet.knownHostsLine('127.0.0.1')}\n`);
    assert.deepEqual(statuses((await scan(file)).report), ['host-key-unknown', 'host-key-unknown']);
    await writeFile(file, `# fleet\n${fleet.knownHostsLine('[127.0.0.1]:*,other')}\n`);
    assert.deepEqual(statuses((await scan(file)).report), ['ok', 'ok'], 'wildcard patterns work on the bracketed name');
  });

  it('refuses a changed key, even with accept-new, and leaves known_hosts alone', async () => {
    const file = join(fleet.dir, 'kh-changed');
    const text = `[127.0.0.1]:${fleet.port} ${OTHER_KEY}\n`;
    await writeFile(file, text);
    for (const policy of ['strict', 'accept-new']) {
      const { code, report } = await scan(file, '--host-key-policy', policy);
      assert.equal(code, 3);
      assert.deepEqual(statuses(report), ['host-key-mismatch', 'host-key-mismatch']);
      assert.match(report.hosts[0]?.error ?? '', new RegExp(`^host key for \\[127\\.0\\.0\\.1\\]:${fleet.port} changed \\(server presented ssh-ed25519, known_hosts has ssh-ed25519 in .*kh-changed line 1\\); refusing`));
      assert.deepEqual(report.hosts[0]?.instances, []);
    }
    assert.equal(await readFile(file, 'utf8'), text);
  });
});

// After login, sshd announces every host key it has (hostkeys-00@openssh.com). ssh2 on its own
// asks for a signature of each (hostkeys-prove-00@openssh.com): work for the server, for keys a
// scan never records. campaign-audit declines, as OpenSSH's client does with UpdateHostKeys off.
describe('host keys the server announces after login (a real sshd with an RSA and an ed25519 key)', { skip: sshdSkip() }, () => {
  let fleet: SshdFleet;
  let inventory: string;
  let knownHosts: string;
  const PROVE = 'hostkeys-prove-00@openssh.com';

  before(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'campaign-audit-hostkeys-'));
    const rsaKey = join(dir, 'ssh_host_rsa_key');
    await generateKey(rsaKey, 'rsa');
    // sshd logs each global request it receives at DEBUG1 ("server_input_global_request: rtype …").
    fleet = await startFleet({ hosts: 1, sshdConfig: ['LogLevel DEBUG1', `HostKey ${rsaKey}`] });
    inventory = join(fleet.dir, 'hosts.yaml');
    await writeFleetInventory(inventory, fleet);
    knownHosts = join(fleet.dir, 'kh');
    await writeFile(knownHosts, `${fleet.knownHostsLine()}\n`);
  });
  after(async () => {
    await fleet?.stop();
  });

  const provesRequested = (): number => fleet.stderr().split('\n').filter((line) => line.includes(`rtype ${PROVE}`)).length;

  it('ssh2 alone asks the server to prove them (what the scan avoids)', async () => {
    const before = provesRequested();
    const client = new ssh2.Client();
    const announced = new Promise<number>((resolve) => client.once('hostkeys', (keys: unknown[]) => resolve(keys.length)));
    await new Promise<void>((resolve, reject) => {
      client.once('ready', resolve).once('error', reject);
      client.connect({ host: '127.0.0.1', port: fleet.port, username: fleet.hosts[0]!.user, privateKey: readFileSync(fleet.clientKey), hostVerifier: () => true });
    });
    try {
      assert.equal(await announced, 2, 'both host keys were announced and proven');
    } finally {
      client.end();
    }
    await waitFor(() => provesRequested() > before);
    assert.equal(provesRequested(), before + 1, fleet.stderr().slice(-2000));
  });

  it('a scan logs in, reads the host and asks for no proof', async () => {
    const before = provesRequested();
    const run = await runMain(['scan', '-i', inventory, '--known-hosts', knownHosts, '--ssh-config', 'none', '--format', 'json', '--fail-on', 'none']);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as ScanResult;
    assert.deepEqual(report.hosts.map((host) => host.status), ['ok']);
    assert.ok((report.hosts[0]?.instances.length ?? 0) > 0, 'the host was read');
    // The session has ended (the report is out); give sshd's log a moment all the same.
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(provesRequested(), before);
    assert.match(fleet.stderr(), /Accepted publickey/, 'the scan is in the log: the check above can see it');
  });
});

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
}
