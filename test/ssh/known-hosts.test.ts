import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hashHostName, HashedNames } from '../../src/collect/ssh/hashed-names.js';
import { checkHostKey, indexKnownHosts, knownHostName, KnownHostsBoundError, KnownHostsStore, keyTypeOf, parseKnownHosts } from '../../src/collect/ssh/known-hosts.js';
import { globMatches, matchPatternList } from '../../src/collect/ssh/patterns.js';
import { assertFast, SLOW_MS } from '../helpers/fuzz.js';
import { runMain } from '../helpers/cli-process.js';

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
    const entries = indexKnownHosts(parseKnownHosts(
      [
        '# comment',
        `mkt1,10.0.0.1 ssh-ed25519 ${b64(KEY_A)} admin@laptop`,
        `[mkt2]:2222 ssh-ed25519 ${b64(KEY_A)}`,
        `@cert-authority *.example.com ssh-ed25519 ${b64(KEY_B)}`,
        `@revoked * ssh-rsa ${b64(RSA)}`,
        'garbage line',
      ].join('\n'),
      'kh',
    ));
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
    const entries = indexKnownHosts(parseKnownHosts(`${hashHostName('mkt1.example.com')} ssh-ed25519 ${b64(KEY_A)}\n${hashHostName('[10.0.0.9]:2222')} ssh-ed25519 ${b64(KEY_A)}\n`, 'kh'));
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
      assert.deepEqual(checkHostKey(indexKnownHosts(entries), '[127.0.0.1]:2222', KEY_A), { kind: 'known' });
      assert.deepEqual(checkHostKey(indexKnownHosts(entries), 'mkt1', KEY_A), { kind: 'known' });
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
      assert.equal(changed.accept ? '' : changed.status, 'host-key-mismatch', 'a changed key is a mismatch, never merely unknown');
      assert.equal(await readFile(file, 'utf8'), `[h]:2222 ssh-ed25519 ${b64(KEY_A)}\n`);

      const strict = new KnownHostsStore({ files: [file], writeFile: file, policy: 'strict' });
      await strict.load();
      assert.deepEqual(await strict.decide('[h]:2222', '[h]:2222', KEY_A), { accept: true, recorded: false });
      const unknown = await strict.decide('other', 'other', KEY_A);
      assert.deepEqual(unknown, { accept: false, status: 'host-key-unknown', reason: 'host key for other is not in known_hosts (use --host-key-policy accept-new to record it)' });
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

describe('known_hosts: hashed names', () => {
  it('finds exactly what HMAC-SHA1 finds, for names of every length and UTF-8', () => {
    const names = ['', 'a', 'mkt1', '[10.0.0.9]:2222', 'é.example', 'x'.repeat(55), 'x'.repeat(56), 'y'.repeat(64), 'z'.repeat(119), 'w'.repeat(300)];
    const hashed = new HashedNames<string>();
    for (const name of names) {
      const salt = randomBytes(20);
      assert.equal(hashed.add(salt, createHmac('sha1', salt).update(name).digest(), name), true);
    }
    for (const name of names) {
      assert.deepEqual(hashed.matches(name), [name], JSON.stringify(name));
      assert.deepEqual(hashed.matches(`${name}.`), names.includes(`${name}.`) ? [`${name}.`] : []);
    }
  });

  it('hashes a name once for lines that share a salt, and skips salts and hashes OpenSSH would', async () => {
    const salt = randomBytes(20);
    const hashed = new HashedNames<number>();
    for (const [index, name] of ['a', 'b', 'a'].entries()) hashed.add(salt, createHmac('sha1', salt).update(name).digest(), index);
    assert.equal(hashed.size, 1);
    assert.deepEqual(hashed.matches('a'), [0, 2]);
    assert.deepEqual(await hashed.matchesAsync('b'), [1]);
    assert.equal(hashed.add(randomBytes(16), randomBytes(20), 9), false);
    assert.equal(hashed.add(randomBytes(20), randomBytes(32), 9), false);
  });

  it('keeps the verdict and its line when one host is in plain, wildcard, negated and hashed lines', () => {
    const index = indexKnownHosts(
      parseKnownHosts(
        [
          `${hashHostName('mkt1')} ssh-rsa ${b64(RSA)}`,
          `*.example.com,!mkt9.example.com ssh-ed25519 ${b64(KEY_B)}`,
          `MKT1 ssh-ed25519 ${b64(KEY_A)}`,
          `mkt9.example.com ssh-ed25519 ${b64(KEY_A)}`,
        ].join('\n'),
        'kh',
      ),
    );
    assert.deepEqual(checkHostKey(index, 'mkt1', KEY_A), { kind: 'known' });
    assert.deepEqual(checkHostKey(index, 'mkt1', RSA), { kind: 'known' });
    assert.deepEqual(checkHostKey(index, 'mkt1', blob('ssh-ed25519', 'x')), { kind: 'changed', knownType: 'ssh-ed25519', file: 'kh', line: 3 });
    assert.deepEqual(checkHostKey(index, 'mkt2.example.com', KEY_B), { kind: 'known' });
    assert.deepEqual(checkHostKey(index, 'mkt9.example.com', KEY_B), { kind: 'changed', knownType: 'ssh-ed25519', file: 'kh', line: 4 }, 'the negation holds');
  });

  it('costs one pass over the salts per host: 120k ssh-keygen -H lines, 10 hosts, within a CPU bound', async (t) => {
    const lines: string[] = [];
    for (let i = 0; i < 120_000; i++) lines.push(`${hashHostName(`host-${i}.example.com`)} ssh-ed25519 ${b64(KEY_B)}`);
    const names = Array.from({ length: 10 }, (_, i) => `[10.0.0.${i + 1}]:2222`);
    for (const name of names) lines.splice(Math.floor(Math.random() * lines.length), 0, `${hashHostName(name)} ssh-ed25519 ${b64(KEY_A)}`);
    const dir = await mkdtemp(join(tmpdir(), 'kh-big-'));
    try {
      const file = join(dir, 'known_hosts');
      await writeFile(file, `${lines.join('\n')}\n`);
      const store = new KnownHostsStore({ files: [file], writeFile: file, policy: 'strict' });
      const loadStart = process.cpuUsage();
      await store.load();
      const loadMs = cpuMs(loadStart);
      const lookupStart = process.cpuUsage();
      for (const name of names) {
        await store.prepare(name);
        assert.deepEqual(store.preferredTypes(name), ['ssh-ed25519']);
        assert.deepEqual(await store.decide(name, name, KEY_A), { accept: true, recorded: false });
        assert.equal((await store.decide(name, name, KEY_B)).accept, false);
      }
      const lookupMs = cpuMs(lookupStart);
      // What one host cost before: an HMAC per line, twice (preferredTypes, then decide).
      const salts = lines.slice(0, 20_000).map((line) => Buffer.from(line.split('|')[2] as string, 'base64'));
      const oldStart = process.cpuUsage();
      for (const salt of salts) createHmac('sha1', salt).update(names[0] as string).digest();
      const oldHostMs = (cpuMs(oldStart) * 2 * lines.length) / salts.length;
      const perHost = lookupMs / names.length;
      t.diagnostic(`load+index ${Math.round(loadMs)} ms CPU; per host ${perHost.toFixed(1)} ms CPU; createHmac per line ×2 (before) ~${Math.round(oldHostMs)} ms: ${(oldHostMs / perHost).toFixed(1)}x`);
      assert.ok(loadMs < 2 * SLOW_MS, `loading took ${Math.round(loadMs)} ms of CPU`);
      assert.ok(lookupMs < SLOW_MS, `10 hosts took ${Math.round(lookupMs)} ms of CPU for their lookups`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('known_hosts: bounds', () => {
  const keyText = `ssh-ed25519 ${b64(KEY_A)}`;

  it('refuses a line of more than 1,024 patterns before splitting it: a 16 MiB line of 2.3 M globs', async () => {
    const globs = Array.from({ length: 2_300_000 }, (_, i) => `*${i.toString(36)}`).join(',');
    const refused = assertFast('a 16 MiB known_hosts line', () => assert.throws(() => parseKnownHosts(`${globs} ${keyText}\n`, 'kh'), (error: Error) => error instanceof KnownHostsBoundError && /^known_hosts file kh line 1: more than 1,024 host patterns on one line;/.test(error.message)));
    assert.equal(refused, undefined);
    assert.equal(parseKnownHosts(`${Array.from({ length: 1024 }, (_, i) => `h${i}`).join(',')} ${keyText}\n`, 'kh').length, 1, '1,024 is allowed');
  });

  it('refuses more than 1,000,000 names over all files, and more than 64 KiB of wildcard lines', () => {
    const tally = { patterns: 0, wildcardCharacters: 0 };
    const line = `${Array.from({ length: 1000 }, (_, i) => `h${i}`).join(',')} ${keyText}`;
    const file = Array.from({ length: 600 }, () => line).join('\n');
    parseKnownHosts(file, 'kh1', tally);
    assert.throws(() => parseKnownHosts(file, 'kh2', tally), /^Error: known_hosts file kh2 line 401: the known_hosts files hold more than 1,000,000 host names/);
    const wild = Array.from({ length: 4000 }, (_, i) => `*.d${i}.example.com ${keyText}`).join('\n');
    assert.throws(() => parseKnownHosts(wild, 'kh'), /line \d+: the lines with wildcard \(\* or \?\) or negated \(!\) patterns pass 65,536 characters/);
  });

  it('scan: such a file is one line and exit 2, before any connection', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kh-bound-'));
    try {
      const file = join(dir, 'kh-globs');
      await writeFile(file, `${Array.from({ length: 2_300_000 }, (_, i) => `*${i.toString(36)}`).join(',')} ${keyText}\n`);
      const run = await runMain(['scan', '--ssh-config', 'none', '--known-hosts', file, '127.0.0.1:1', '127.0.0.2:1']);
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stderr, `campaign-audit: known_hosts file ${file} line 1: more than 1,024 host patterns on one line; campaign-audit reads no more (give --known-hosts FILE with the hosts you scan)\n`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('host patterns', () => {
  it('match * and ? without backtracking blow-up, as the RegExp did', () => {
    assert.equal(globMatches('mkt1.example.com', '*.example.com'), true);
    assert.equal(globMatches('mkt1.example.com', 'mkt?.*.com'), true);
    assert.equal(globMatches('mkt1.example.com', 'mkt?.*.org'), false);
    assert.equal(globMatches('', '*'), true);
    assert.equal(globMatches('a*b', 'a\\*b'), false);
    assert.equal(globMatches('abc', 'a**c'), true);
    assert.equal(globMatches('ab', 'a?c'), false);
    const name = 'a'.repeat(260);
    assertFast('a pathological glob', () => assert.equal(globMatches(name, `${'*a'.repeat(2000)}b`), false), 500);
  });
});

function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
