// Host key checking against a real sshd: strict by default, accept-new records, a changed key is
// refused whatever the policy, and nothing is read from a host whose key is not trusted.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { runMain } from '../helpers/cli-process.js';
import { writeFleetInventory } from '../helpers/inventory.js';
import { sshdSkip, startFleet, type SshdFleet } from '../helpers/sshd.js';

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
