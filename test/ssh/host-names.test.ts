// Where SSH expects a host, only a host name or an IP literal: a target such as `x,*:24101`
// resolved through /etc/hosts once made accept-new write `[x,*]:24101 …`, a known_hosts line that
// OpenSSH and campaign-audit match for every host on that port (docs/security.md#6-host-keys).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hostNameProblem, isHostNameOrAddress } from '../../src/collect/ssh/host-names.js';
import { isRecordableName, KnownHostsStore } from '../../src/collect/ssh/known-hosts.js';
import { runMain } from '../helpers/cli-process.js';

const GOOD = ['mkt1', 'mkt-prod-1.example.com', 'MKT1.Example.COM.', '10.1.2.3', '::1', 'fe80::1', '2001:db8::17', 'db_01.internal', 'a'.repeat(63), '9lives'];
const BAD: [string, RegExp][] = [
  ['x,*', /wildcard/],
  ['*', /wildcard/],
  ['mkt?', /wildcard/],
  ['a,b', /comma/],
  ['!mkt1', /negation/],
  ['mkt\u00071', /control character/],
  ['mkt\u202e1', /control character/],
  ['-oProxyCommand=x', /leading "-"/],
  ['a b', /space/],
  ['|1|abc|def', /host name/],
  ['#mkt1', /host name/],
  ['mkt1/x', /host name/],
  ['a..b', /host name/],
  ['-mkt1', /leading "-"/],
  ['mkt1-', /host name/],
  ['münchen.example', /host name/],
  ['a'.repeat(64), /host name/],
  [`${'a.'.repeat(127)}a`, /more than 253 characters/],
  ['', /host name/],
];
const KEY = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from('key-a')]);

describe('host names', () => {
  it('accepts host names of RFC 1123 labels and IP literals', () => {
    for (const name of GOOD) assert.equal(isHostNameOrAddress(name), true, name);
    for (const name of GOOD) assert.equal(hostNameProblem(name), undefined, name);
  });

  it('refuses every other name, saying what kind of character it holds and never quoting it', () => {
    for (const [name, kind] of BAD) {
      assert.equal(isHostNameOrAddress(name), false, JSON.stringify(name));
      const problem = hostNameProblem(name) ?? '';
      assert.match(problem, kind, JSON.stringify(name));
      if (name.length > 1) assert.ok(!problem.includes(name), `${JSON.stringify(name)} is quoted`);
    }
  });

  it('records only one plain host or [host]:port in known_hosts, whoever asks', async () => {
    assert.equal(isRecordableName('[127.0.0.1]:24101'), true);
    assert.equal(isRecordableName('mkt1.example.com'), true);
    assert.equal(isRecordableName('::1'), true);
    for (const name of ['[x,*]:24101', 'x,*', '*', '[mkt1]:0', '[mkt1]:70000', '[mkt1]', 'mkt1 ssh-rsa', '[a]:1,[b]:2']) {
      assert.equal(isRecordableName(name), false, name);
    }
    const dir = await mkdtemp(join(tmpdir(), 'kh-names-'));
    try {
      const file = join(dir, 'known_hosts');
      const store = new KnownHostsStore({ files: [file], writeFile: file, policy: 'accept-new' });
      await store.load();
      await assert.rejects(store.decide('[x,*]:24101', '[x,*]:24101', KEY), /refusing to record a host key .*not one plain name/);
      await assert.rejects(stat(file), { code: 'ENOENT' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('scan: a target that is not a host name is refused before any connection', () => {
  let dir: string;
  let knownHosts: string;
  const KNOWN = '[127.0.0.1]:24101 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKcFSpl1jHSaX3CtYsN0Rn07j0XJ4VLmlSmRj4zzDc5T\n';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-names-'));
    knownHosts = join(dir, 'known_hosts');
    await writeFile(knownHosts, KNOWN);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** Exit 2, one line, nothing on stdout, known_hosts as it was. */
  const refused = async (args: string[], pattern: RegExp): Promise<void> => {
    const run = await runMain(['scan', '--known-hosts', knownHosts, '--host-key-policy', 'accept-new', '--connect-timeout', '1', ...args]);
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr.split('\n').length, 2, run.stderr);
    assert.match(run.stderr, pattern);
    assert.equal(await readFile(knownHosts, 'utf8'), KNOWN);
  };

  it('the reported x,*:24101 target', async () => {
    await refused(['--ssh-config', 'none', 'x,*:24101'], /^campaign-audit: target "x,\*:24101": the host must be a host name .* or an IP address; it holds a wildcard \(\* or \?\)\n$/);
  });

  it('a table of bad names, on the command line, as the user, in [brackets] and as a jump host', async () => {
    for (const name of ['*', '?', 'a,b', '!mkt1', '-oProxyCommand=x', '|1|abc|def', 'mkt1#', 'münchen.example']) {
      await refused(['--ssh-config', 'none', '--', `${name}:24101`], /must be a host name/);
      await refused(['--ssh-config', 'none', `neolane@${name}`], /must be a host name/);
      await refused(['--ssh-config', 'none', `[${name}]:24101`], /must be a host name/);
      // A comma in --jump separates hops (a chain), so `a,b` is two good hops there.
      if (name !== 'a,b') await refused(['--ssh-config', 'none', '127.0.0.1:24101', '--jump', `ops@${name}`], /the jump host \(ProxyJump\) of 127\.0\.0\.1:24101: the host must be a host name/);
    }
  });

  it('inventory addresses, without quoting them', async () => {
    for (const name of ['x,*', '*', 'mkt\u00071', 'a b c', '!x']) {
      const inventory = join(dir, 'hosts.yaml');
      await writeFile(inventory, `hosts:\n  - name: good\n    address: 127.0.0.1\n  - name: bad\n    address: ${JSON.stringify(`${name}:24101`)}\n`);
      await refused(['--ssh-config', 'none', '-i', inventory], /hosts\.yaml line 4: address: /);
      const run = await runMain(['scan', '--ssh-config', 'none', '-i', inventory]);
      if (name.length > 1) assert.ok(!run.stderr.includes(name), `${JSON.stringify(name)} quoted`);
    }
  });

  it('ssh_config HostName values, for targets and jump hosts', async () => {
    const config = join(dir, 'ssh_config');
    await writeFile(config, 'Host wild\n  HostName x,*\nHost star\n  HostName *.example.com\nHost good\n  HostName 127.0.0.1\n  Port 24101\n');
    await refused(['--ssh-config', config, 'wild'], /^campaign-audit: target "wild": the ssh_config HostName for wild must be a host name .*; it holds a wildcard/);
    await refused(['--ssh-config', config, 'star:24101'], /the ssh_config HostName for star must be a host name/);
    await refused(['--ssh-config', config, 'good', '--jump', 'wild'], /the ssh_config HostName for the jump host wild of good must be a host name/);
  });
});
