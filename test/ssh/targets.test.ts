import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InputError } from '../../src/errors.js';
import { parseInventory } from '../../src/inputs/inventory.js';
import { EMPTY_SSH_CONFIG, loadSshConfig, type SshConfig } from '../../src/collect/ssh/config.js';
import { parseTargetSpec, resolveTargets } from '../../src/collect/ssh/targets.js';

const context = { home: '/home/alice', localUser: 'alice' };

describe('targets', () => {
  let dir: string;
  let sshConfig: SshConfig;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'targets-'));
    const file = join(dir, 'config');
    await writeFile(
      file,
      [
        'Host mkt1',
        '  HostName 10.0.0.1',
        '  User cfguser',
        '  Port 2201',
        '  IdentityFile ~/.ssh/mkt_key',
        'Host mid*',
        '  ProxyJump bastion',
        'Host bastion',
        '  HostName bastion.example.com',
        '  User ops',
        '  Port 2200',
        '  IdentityFile ~/.ssh/ops_key',
      ].join('\n'),
    );
    sshConfig = await loadSshConfig(file, { home: '/home/alice', localUser: 'alice' });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('parses [user@]host[:port] and IPv6', () => {
    assert.deepEqual(parseTargetSpec('mkt1'), { host: 'mkt1' });
    assert.deepEqual(parseTargetSpec('neolane@mkt1:2222'), { user: 'neolane', host: 'mkt1', port: 2222 });
    assert.deepEqual(parseTargetSpec('root@[::1]:22'), { user: 'root', host: '::1', port: 22 });
    assert.deepEqual(parseTargetSpec('fe80::1'), { host: 'fe80::1' });
    assert.throws(() => parseTargetSpec('mkt1:99999'), InputError);
    assert.throws(() => parseTargetSpec('@mkt1'), InputError);
    assert.throws(() => parseTargetSpec('mkt1:'), InputError);
  });

  it('applies ssh_config to command-line targets, the target string winning', () => {
    const [plain, explicit] = resolveTargets({ specs: ['mkt1', 'neolane@mkt1:22'], sshConfig, flags: {}, tags: [], context });
    assert.deepEqual(plain, {
      name: 'mkt1',
      address: '10.0.0.1',
      port: 2201,
      user: 'cfguser',
      tags: [],
      installDir: '/usr/local/neolane/nl6',
      identityFiles: ['/home/alice/.ssh/mkt_key'],
    });
    assert.equal(explicit?.name, 'neolane@mkt1:22', 'the label is the target as typed');
    assert.equal(explicit?.user, 'neolane');
    assert.equal(explicit?.port, 22);
  });

  it('layers inventory host > flags > inventory defaults > ssh_config > built-ins', () => {
    const inventory = parseInventory(
      [
        'defaults:',
        '  user: neolane',
        '  port: 2022',
        '  identityFile: ~/.ssh/audit',
        '  installDir: /opt/neolane/nl6',
        '  tags: [all]',
        'hosts:',
        '  - name: a',
        '    address: mkt1',
        '    port: 2223',
        '    tags: [prod]',
        '  - name: b',
        '    address: mid7',
        '    become: neolane',
        '  - name: c',
        '    address: other',
        '    jump: none',
        "    installDir: \"/srv/it's here/nl6\"",
      ].join('\n'),
      join(dir, 'hosts.yaml'),
    );
    const [a, b, c] = resolveTargets({ specs: [], inventory, sshConfig, flags: { user: 'flaguser' }, tags: [], context });
    assert.deepEqual(a, {
      name: 'a',
      address: '10.0.0.1',
      port: 2223,
      user: 'flaguser',
      tags: ['prod'],
      installDir: '/opt/neolane/nl6',
      identityFile: '/home/alice/.ssh/audit',
      identityFiles: ['/home/alice/.ssh/mkt_key'],
    });
    assert.equal(b?.port, 2022);
    assert.equal(b?.become, 'neolane');
    assert.equal(b?.jump, 'bastion');
    assert.deepEqual(b?.jumpHops, [{ label: 'bastion', address: 'bastion.example.com', port: 2200, user: 'ops', identityFiles: ['/home/alice/.ssh/ops_key'] }]);
    assert.deepEqual(b?.tags, ['all']);
    assert.equal(c?.jump, undefined);
    assert.equal(c?.installDir, "/srv/it's here/nl6");
  });

  it('resolves --jump chains hop by hop', () => {
    const [target] = resolveTargets({ specs: ['db1'], sshConfig, flags: { jump: 'first.example.com:2022,bastion', identity: '/keys/id', passphraseEnv: 'PASS' }, tags: [], context });
    assert.deepEqual(target?.jumpHops, [
      { label: 'first.example.com:2022', address: 'first.example.com', port: 2022, user: 'alice', identityFiles: ['/keys/id'], passphraseEnv: 'PASS' },
      { label: 'bastion', address: 'bastion.example.com', port: 2200, user: 'ops', identityFiles: ['/home/alice/.ssh/ops_key'], passphraseEnv: 'PASS' },
    ]);
  });

  it('selects inventory hosts by any --tag; command-line targets always stay', () => {
    const inventory = parseInventory('hosts:\n  - address: p1\n    tags: [prod, mkt]\n  - address: s1\n    tags: [stage]\n  - address: n1\n', 'hosts.yaml');
    const names = (tags: string[], specs: string[] = []): string[] => resolveTargets({ specs, inventory, sshConfig: EMPTY_SSH_CONFIG, flags: {}, tags, context }).map((target) => target.name);
    assert.deepEqual(names([]), ['p1', 's1', 'n1']);
    assert.deepEqual(names(['mkt']), ['p1']);
    assert.deepEqual(names(['mkt', 'stage']), ['p1', 's1']);
    assert.deepEqual(names(['nope'], ['extra']), ['extra']);
    assert.throws(() => names(['nope']), /no host in hosts\.yaml has tag "nope"/);
  });

  it('refuses an install dir starting with ~ (nothing expands it on the server)', () => {
    assert.throws(() => resolveTargets({ specs: ['mkt1'], sshConfig: EMPTY_SSH_CONFIG, flags: { installDir: '~/nl6' }, tags: [], context }), /mkt1: installDir starts with "~", which is not expanded on the server; use a path relative to the login home/);
    const inventory = parseInventory('hosts:\n  - address: a\n    installDir: ~neolane/nl6\n', 'hosts.yaml');
    assert.throws(() => resolveTargets({ specs: [], inventory, sshConfig: EMPTY_SSH_CONFIG, flags: {}, tags: [], context }), /^InputError: hosts\.yaml line 2: installDir starts with "~"/);
  });

  it('refuses two hosts with one name', () => {
    const inventory = parseInventory('hosts:\n  - address: mkt1\n', 'hosts.yaml');
    assert.throws(() => resolveTargets({ specs: ['mkt1'], inventory, sshConfig: EMPTY_SSH_CONFIG, flags: {}, tags: [], context }), /a host name is given twice \(target "mkt1" and hosts\.yaml line 2\)/);
  });
});
