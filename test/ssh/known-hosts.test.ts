import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkHostKey, hashHostName, knownHostName, KnownHostsStore, keyTypeOf, matchPatternList, parseKnownHosts } from '../../src/collect/ssh/known-hosts.js';

/** An SSH public key blob: string type, then opaque bytes. */
function blob(type: string, body: string): Buffer {
  const name = Buffer.from(type);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(name.length);
  return Buffer.concat([length, name, Buffer.from(body)]);
}
const KEY_A = blob('ssh-ed25519', 'key-a');
const KEY_B = blob('ssh-ed25519', 'key-b');
const RSA = blob('ssh-rsa', 'rsa-key');
const b64 = (key: Buffer): string => key.toString('base64');

describe('known_hosts', () => {
  it('names hosts the way OpenSSH records them', () => {
    assert.equal(knownHostName('Mkt1.Example.com', 22), 'mkt1.example.com');
    assert.equal(knownHostName('127.0.0.1', 2222), '[127.0.0.1]:2222');
    assert.equal(knownHostName('[::1]', 2222), '[::1]:2222');
  });

  it('reads the key type from a key blob', () => {
    assert.equal(keyTypeOf(KEY_A), 'ssh-ed25519');
    assert.equal(keyTypeOf(Buffer.from('x')), 'unknown');
  });

  it('matches plain, wildcard, negated and [host]:port patterns', () => {
    assert.equal(matchPatternList('mkt1.example.com', ['*.example.com']), true);
    assert.equal(matchPatternList('mkt1.example.com', ['*.example.com', '!mkt1.*']), false);
    assert.equal(matchPatternList('[10.0.0.1]:2222', ['[10.0.0.1]:2222']), true);
    assert.equal(matchPatternList('10.0.0.1', ['[10.0.0.1]:2222']), false);
    assert.equal(matchPatternList('mkt?', ['mkt1']), false);
    assert.equal(matchPatternList('mkt1', ['mkt?']), true);
  });

  it('judges a key known, unknown, changed or revoked', () => {
    const entries = parseKnownHosts(
      [
        '# comment',
        `mkt1,10.0.0.1 ssh-ed25519 ${b64(KEY_A)} admin@laptop`,
        `[mkt2]:2222 ssh-ed25519 ${b64(KEY_A)}`,
        `@cert-authority *.example.com ssh-ed25519 ${b64(KEY_B)}`,
        `@revoked * ssh-rsa ${b64(RSA)}`,
        'garbage line',
      ].join('\n'),
      'kh',
    );
    assert.deepEqual(checkHostKey(entries, 'mkt1', KEY_A), { kind: 'known' });
    assert.deepEqual(checkHostKey(entries, '10.0.0.1', KEY_A), { kind: 'known' });
    assert.equal(checkHostKey(entries, 'mkt1', KEY_B).kind, 'changed');
    assert.equal(checkHostKey(entries, 'mkt2', KEY_A).kind, 'unknown', 'port 22 does not match a [mkt2]:2222 entry');
    assert.deepEqual(checkHostKey(entries, '[mkt2]:2222', KEY_A), { kind: 'known' });
    // @cert-authority lines never make a plain key trusted.
    assert.equal(checkHostKey(entries, 'x.example.com', KEY_B).kind, 'unknown');
    assert.equal(checkHostKey(entries, 'anything', RSA).kind, 'revoked');
    // A host known under one type that presents another type is refused, not "new".
    assert.equal(checkHostKey(entries, 'mkt1', blob('ecdsa-sha2-nistp256', 'other')).kind, 'changed');
  });

  it('matches hashed |1|salt|hash entries, also for [host]:port', () => {
    const entries = parseKnownHosts(`${hashHostName('mkt1.example.com')} ssh-ed25519 ${b64(KEY_A)}\n${hashHostName('[10.0.0.9]:2222')} ssh-ed25519 ${b64(KEY_A)}\n`, 'kh');
    assert.deepEqual(checkHostKey(entries, 'mkt1.example.com', KEY_A), { kind: 'known' });
    assert.equal(checkHostKey(entries, 'mkt1.example.com', KEY_B).kind, 'changed');
    assert.deepEqual(checkHostKey(entries, '[10.0.0.9]:2222', KEY_A), { kind: 'known' });
    assert.equal(checkHostKey(entries, 'mkt2.example.com', KEY_A).kind, 'unknown');
  });

  it('agrees with ssh-keygen -H on hashing', { skip: existsSync('/usr/bin/ssh-keygen') ? false : 'ssh-keygen not installed' }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kh-'));
    try {
      const file = join(dir, 'known_hosts');
      await writeFile(file, `[127.0.0.1]:2222 ssh-ed25519 ${b64(KEY_A)}\nmkt1 ssh-ed25519 ${b64(KEY_A)}\n`);
      const hashed = spawnSync('/usr/bin/ssh-keygen', ['-H', '-f', file], { encoding: 'utf8' });
      assert.equal(hashed.status, 0, hashed.stderr);
      const entries = parseKnownHosts(await readFile(file, 'utf8'), file);
      assert.equal(entries.every((entry) => entry.hosts.kind === 'hashed'), true);
      assert.deepEqual(checkHostKey(entries, '[127.0.0.1]:2222', KEY_A), { kind: 'known' });
      assert.deepEqual(checkHostKey(entries, 'mkt1', KEY_A), { kind: 'known' });
      // And the other way: OpenSSH finds what we hash.
      const ours = join(dir, 'ours');
      await writeFile(ours, `${hashHostName('[db.example.com]:2200')} ssh-ed25519 ${b64(KEY_A)}\n`);
      const found = spawnSync('/usr/bin/ssh-keygen', ['-F', '[db.example.com]:2200', '-f', ours], { encoding: 'utf8' });
      assert.equal(found.status, 0, found.stderr);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('accept-new records an unknown key once, refuses a changed one, strict records nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kh-'));
    try {
      const file = join(dir, 'sub', 'known_hosts');
      const acceptNew = new KnownHostsStore({ files: [file], writeFile: file, policy: 'accept-new' });
      await acceptNew.load();
      assert.deepEqual(await acceptNew.decide('[h]:2222', '[h]:2222', KEY_A), { accept: true, recorded: true });
      assert.deepEqual(await acceptNew.decide('[h]:2222', '[h]:2222', KEY_A), { accept: true, recorded: false });
      const changed = await acceptNew.decide('[h]:2222', '[h]:2222', KEY_B);
      assert.equal(changed.accept, false);
      assert.match(changed.accept ? '' : changed.reason, /changed/);
      assert.equal(await readFile(file, 'utf8'), `[h]:2222 ssh-ed25519 ${b64(KEY_A)}\n`);

      const strict = new KnownHostsStore({ files: [file], writeFile: file, policy: 'strict' });
      await strict.load();
      assert.deepEqual(await strict.decide('[h]:2222', '[h]:2222', KEY_A), { accept: true, recorded: false });
      const unknown = await strict.decide('other', 'other', KEY_A);
      assert.deepEqual(unknown, { accept: false, reason: 'host key for other is not in known_hosts (use --host-key-policy accept-new to record it)' });
      assert.equal((await readFile(file, 'utf8')).split('\n').length, 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('appends on a new line when the file lacks a final newline', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kh-'));
    try {
      const file = join(dir, 'known_hosts');
      await writeFile(file, `mkt1 ssh-ed25519 ${b64(KEY_A)}`);
      const store = new KnownHostsStore({ files: [file], writeFile: file, policy: 'accept-new' });
      await store.load();
      await store.decide('mkt2', 'mkt2', KEY_B);
      assert.deepEqual((await readFile(file, 'utf8')).split('\n'), [`mkt1 ssh-ed25519 ${b64(KEY_A)}`, `mkt2 ssh-ed25519 ${b64(KEY_B)}`, '']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
