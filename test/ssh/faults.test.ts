// Fault cases against ssh2's in-process server: they need no root and no sshd, so they always run.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KnownHostsStore } from '../../src/collect/ssh/known-hosts.js';
import { createRedactor } from '../../src/collect/redact.js';
import { createSshTransport, type SshTransportOptions } from '../../src/collect/ssh/transport.js';
import type { HostTarget, Snapshot } from '../../src/model.js';
import { DEFAULT_SIGNATURES } from '../../src/engine/policy.js';
import { generateKey, PDUMP_7_3_5, jwtConfig, SERVER_CONF } from '../helpers/sshd.js';
import { MAX_OUTPUT_BYTES } from '../../src/collect/frames.js';
import { startBannerOnlyServer, startFakeServer, startSilentServer, type Behaviour, type FakeServer } from '../helpers/ssh-server.js';
import { collectFleet } from '../helpers/audit.js';
import { FINGERPRINTS } from '../helpers/fixtures.js';

const hasKeygen = existsSync('/usr/bin/ssh-keygen');
const PASSPHRASE = 'correct horse battery staple';

describe('SSH transport against in-process servers', { skip: hasKeygen ? false : 'ssh-keygen not installed' }, () => {
  let dir: string;
  let knownHostsFile: string;
  const keys: Record<string, string> = {};
  const servers: Record<string, FakeServer> = {};
  let silent: { port: number; close(): Promise<void> };
  let bannerOnly: { port: number; close(): Promise<void> };
  const toClose: (() => Promise<void>)[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ssh-faults-'));
    const host = join(dir, 'host');
    await mkdir(join(host, 'nl6', 'conf'), { recursive: true });
    await mkdir(join(host, 'nl6', 'bin'), { recursive: true });
    await writeFile(join(host, 'nl6', 'conf', 'serverConf.xml'), SERVER_CONF);
    await writeFile(join(host, 'nl6', 'conf', 'config-prod.xml'), jwtConfig('prod'));
    await writeFile(join(host, 'nl6', 'env.sh'), 'export CAMPAIGN_TEST_ENV=loaded\n');
    await writeFile(join(host, 'nl6', 'bin', 'nlserver'), `#!/bin/sh\n[ "$CAMPAIGN_TEST_ENV" = loaded ] || exit 3\necho '${PDUMP_7_3_5}'\n`, { mode: 0o755 });

    const publics: string[] = [];
    for (const [name, type, passphrase] of [
      ['ed25519', 'ed25519', ''],
      ['rsa', 'rsa', ''],
      ['ecdsa', 'ecdsa', ''],
      ['encrypted', 'ed25519', PASSPHRASE],
      ['agent', 'ed25519', ''],
    ] as const) {
      keys[name] = join(dir, `id_${name}`);
      publics.push(await generateKey(keys[name] as string, type, passphrase));
    }
    keys.stranger = join(dir, 'id_stranger');
    await generateKey(keys.stranger, 'ed25519');

    const behaviours: Record<string, Behaviour> = {
      ok1: { kind: 'collector', cwd: host },
      ok2: { kind: 'collector', cwd: host },
      drop: { kind: 'drop-mid-output' },
      reset: { kind: 'reset-mid-output' },
      forever: { kind: 'output-forever' },
      hang: { kind: 'hang' },
      sudo: { kind: 'sudo-password' },
      unknownKey: { kind: 'collector', cwd: host },
    };
    for (const [name, behaviour] of Object.entries(behaviours)) {
      const server = await startFakeServer(behaviour, publics);
      servers[name] = server;
      toClose.push(() => server.close());
    }
    silent = await startSilentServer();
    toClose.push(() => silent.close());
    bannerOnly = await startBannerOnlyServer();
    toClose.push(() => bannerOnly.close());
    knownHostsFile = join(dir, 'known_hosts');
    await writeFile(
      knownHostsFile,
      Object.entries(servers)
        .filter(([name]) => name !== 'unknownKey')
        .map(([, server]) => `${server.knownHostsLine()}\n`)
        .join(''),
    );
  });

  after(async () => {
    for (const close of toClose) await close();
    await rm(dir, { recursive: true, force: true });
  });

  /** `extra` may set identityFile: undefined to mean "no key file" (the key is then left out). */
  const target = (name: string, port: number, extra: { [K in keyof HostTarget]?: HostTarget[K] | undefined } = {}): HostTarget => {
    const host = { name, address: '127.0.0.1', port, user: 'neolane', tags: [], installDir: 'nl6', identityFile: keys.ed25519, ...extra };
    return Object.fromEntries(Object.entries(host).filter(([, value]) => value !== undefined)) as unknown as HostTarget;
  };

  // Generous timeouts except where a test is about timeouts: CI machines can be slow.
  const scan = async (targets: HostTarget[], options: Partial<SshTransportOptions> = {}, commandTimeout = 20): Promise<Map<string, Snapshot>> => {
    const transport = createSshTransport({
      connectTimeout: 20,
      knownHosts: new KnownHostsStore({ files: [knownHostsFile], writeFile: knownHostsFile, policy: 'strict' }),
      env: {},
      defaultIdentityFiles: [],
      ...options,
    });
    try {
      const snapshots = await collectFleet(targets, transport, { concurrency: 16, commandTimeout, redact: createRedactor(DEFAULT_SIGNATURES.secrets, FINGERPRINTS), now: () => new Date('2026-01-01T00:00:00Z') });
      return new Map(snapshots.map((snapshot) => [snapshot.host.name, snapshot]));
    } finally {
      await transport.close();
    }
  };

  it('one broken host never stops the others: each gets its own status', async () => {
    const port = (name: string): number => (servers[name] as FakeServer).port;
    const started = Date.now();
    const result = await scan([
      target('ok1', port('ok1')),
      target('drop', port('drop')),
      target('reset', port('reset')),
      target('hang', port('hang')),
      target('no-banner', silent.port),
      target('banner-then-silence', bannerOnly.port),
      target('wrong-key', port('ok1'), { identityFile: keys.stranger as string }),
      target('refused', 1),
      target('sudo', port('sudo'), { become: 'neolane' }),
      target('ok2', port('ok2')),
    ], { connectTimeout: 2 }, 2);
    const summary = Object.fromEntries([...result].map(([name, snapshot]) => [name, snapshot.status]));
    assert.deepEqual(summary, {
      ok1: 'ok',
      drop: 'error',
      reset: 'error',
      hang: 'timeout',
      'no-banner': 'timeout',
      'banner-then-silence': 'timeout',
      'wrong-key': 'auth-failed',
      refused: 'unreachable',
      sudo: 'error',
      ok2: 'ok',
    });
    assert.ok(Date.now() - started < 8000, 'timeouts run in parallel');
    for (const name of ['ok1', 'ok2']) {
      const snapshot = result.get(name) as Snapshot;
      assert.deepEqual(snapshot.confListing, ['config-prod.xml', 'serverConf.xml']);
      assert.match(snapshot.pdump ?? '', /build 9368/);
      assert.doesNotMatch(JSON.stringify(snapshot), /a2V5LWVuY3J5cHRlZC0ke2luc3RhbmNlfQ==/, 'secrets are redacted');
    }
    assert.match(result.get('drop')?.error ?? '', /^connection lost while the collector was running \(after \d+ bytes\)$/);
    assert.deepEqual(result.get('drop')?.files, [], 'partial output is not used');
    // A TCP RST after a whole file: that file is not kept either, the host is one error.
    assert.match(result.get('reset')?.error ?? '', /^connection lost while the collector was running \(after \d+ bytes\)$/);
    assert.deepEqual([result.get('reset')?.files, result.get('reset')?.confListing], [[], []]);
    assert.equal(result.get('hang')?.error, 'collector did not finish within 2s');
    assert.equal(result.get('no-banner')?.error, `127.0.0.1:${silent.port}: no SSH banner within 2s`);
    assert.equal(result.get('banner-then-silence')?.error, `127.0.0.1:${bannerOnly.port}: SSH handshake stalled (nothing received for 2s)`);
    assert.match(result.get('wrong-key')?.error ?? '', /^authentication as neolane on 127\.0\.0\.1:\d+ failed \(tried key .*id_stranger\)$/);
    assert.equal(result.get('refused')?.error, '127.0.0.1:1: connection refused');
    assert.equal(result.get('sudo')?.error, 'sudo -n -u neolane asks for a password; allow NOPASSWD for the collector or drop --become');
    assert.match(servers.sudo?.commands[0] ?? '', /^exec sudo -n -u 'neolane' sh -s -- 'nl6' 'CA-[0-9a-f]{32}' '\d+'$/);
  });

  it('caps a host whose output never ends and ends that host, before the command timeout', async () => {
    const server = servers.forever as FakeServer;
    const started = Date.now();
    const result = await scan([target('forever', server.port), target('ok1', (servers.ok1 as FakeServer).port)], {}, 20);
    const elapsed = Date.now() - started;
    assert.equal(result.get('forever')?.status, 'error');
    assert.equal(result.get('forever')?.error, `collector output exceeded ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB`);
    assert.equal(result.get('forever')?.pdump, null, 'nothing of the stream is kept');
    assert.equal(result.get('ok1')?.status, 'ok');
    assert.ok(elapsed < 15_000, `took ${elapsed} ms; the 20 s command timeout must not be what ends it`);
  });

  it('scans many hosts at once on one shared signal without listener warnings', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning.name);
    };
    process.on('warning', onWarning);
    try {
      const port = (servers.ok1 as FakeServer).port;
      const result = await scan(Array.from({ length: 24 }, (_, index) => target(`h${index}`, port)));
      assert.deepEqual(new Set([...result.values()].map((snapshot) => snapshot.status)), new Set(['ok']));
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(warnings, []);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('refuses an unknown host key under strict, before any command runs', async () => {
    const server = servers.unknownKey as FakeServer;
    const result = await scan([target('new', server.port)]);
    assert.equal(result.get('new')?.status, 'host-key-unknown');
    assert.equal(result.get('new')?.error, `host key for [127.0.0.1]:${server.port} is not in known_hosts (use --host-key-policy accept-new to record it)`);
    assert.deepEqual(server.commands, [], 'no command was run');
    assert.deepEqual(result.get('new')?.files, []);
  });

  it('logs in with ed25519, RSA and ECDSA key files', async () => {
    const port = (servers.ok1 as FakeServer).port;
    const result = await scan(['ed25519', 'rsa', 'ecdsa'].map((name) => target(name, port, { identityFile: keys[name] as string })));
    assert.deepEqual([...result.values()].map((snapshot) => `${snapshot.host.name}:${snapshot.status}`), ['ed25519:ok', 'rsa:ok', 'ecdsa:ok']);
  });

  it('decrypts a key with the passphrase from the named environment variable, and never echoes it', async () => {
    const port = (servers.ok1 as FakeServer).port;
    const encrypted = { identityFile: keys.encrypted as string, passphraseEnv: 'AUDIT_KEY_PASS' };
    const ok = await scan([target('enc', port, encrypted)], { env: { AUDIT_KEY_PASS: PASSPHRASE } });
    assert.equal(ok.get('enc')?.status, 'ok');

    const unset = await scan([target('enc', port, encrypted)], { env: {} });
    assert.equal(unset.get('enc')?.status, 'auth-failed');
    assert.match(unset.get('enc')?.error ?? '', /identity file .*id_encrypted is encrypted and \$AUDIT_KEY_PASS is not set/);

    const noVariable = await scan([target('enc', port, { identityFile: keys.encrypted as string })], { env: {} });
    assert.match(noVariable.get('enc')?.error ?? '', /is encrypted; name the environment variable that holds its passphrase with --passphrase-env/);

    const wrong = await scan([target('enc', port, encrypted)], { env: { AUDIT_KEY_PASS: 'not-the-passphrase-4711' } });
    assert.equal(wrong.get('enc')?.status, 'auth-failed');
    assert.match(wrong.get('enc')?.error ?? '', /cannot decrypt identity file .*id_encrypted with the passphrase in \$AUDIT_KEY_PASS/);
    assert.doesNotMatch(JSON.stringify([...wrong.values(), ...ok.values()]), /not-the-passphrase-4711|correct horse|PRIVATE KEY/);
  });

  it('refuses identity files that are not regular files or too large, in bounded time, and scans the other hosts', async () => {
    // Today: /dev/zero was read to 7 GB before any timeout, and a FIFO hung the scan for good.
    const port = (servers.ok1 as FakeServer).port;
    const fifo = join(dir, 'id_fifo');
    spawnSync('mkfifo', [fifo]);
    const huge = join(dir, 'id_huge');
    await writeFile(huge, Buffer.alloc(1024 * 1024, 0x41));
    const started = Date.now();
    const result = await scan([
      target('zero', port, { identityFile: '/dev/zero' }),
      target('fifo', port, { identityFile: fifo }),
      target('folder', port, { identityFile: dir }),
      target('huge', port, { identityFile: huge }),
      target('good', port),
    ]);
    assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
    assert.equal(result.get('good')?.status, 'ok');
    const expected: Record<string, RegExp> = {
      zero: /cannot read identity file \/dev\/zero: not a regular file: a character device; it was not read/,
      fifo: /cannot read identity file \S+id_fifo: not a regular file: a FIFO \(named pipe\); it was not read/,
      folder: /cannot read identity file \S+: not a regular file: a directory; it was not read/,
      huge: /cannot read identity file \S+id_huge: larger than 256 KiB, the limit for an identity \(private key\) file/,
    };
    for (const [name, pattern] of Object.entries(expected)) {
      assert.equal(result.get(name)?.status, 'auth-failed', name);
      assert.match(result.get(name)?.error ?? '', pattern);
    }
  });

  it('uses the default keys only when no identity file is configured', async () => {
    const port = (servers.ok1 as FakeServer).port;
    const missing = join(dir, 'id_missing');
    const result = await scan([target('defaults', port, { identityFile: undefined }), target('explicit-missing', port, { identityFile: missing })], { defaultIdentityFiles: [missing, keys.rsa as string] });
    assert.equal(result.get('defaults')?.status, 'ok');
    assert.equal(result.get('explicit-missing')?.status, 'auth-failed');
    assert.match(result.get('explicit-missing')?.error ?? '', /no key to try.*identity file .*id_missing does not exist/);
  });

  it('uses ssh-agent from SSH_AUTH_SOCK, and goes on when the agent is dead', { skip: existsSync('/usr/bin/ssh-agent') ? false : 'ssh-agent not installed' }, async () => {
    const socket = join(dir, 'agent.sock');
    const agent: ChildProcess = spawn('/usr/bin/ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50 && !existsSync(socket); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      const added = spawnSync('/usr/bin/ssh-add', [keys.agent as string], { env: { ...process.env, SSH_AUTH_SOCK: socket }, encoding: 'utf8' });
      assert.equal(added.status, 0, added.stderr);
      const port = (servers.ok1 as FakeServer).port;
      const viaAgent = await scan([target('agent', port, { identityFile: undefined })], { agentSocket: socket });
      assert.equal(viaAgent.get('agent')?.status, 'ok');
      const dead = await scan([target('dead-agent', port)], { agentSocket: join(dir, 'no-such.sock') });
      assert.equal(dead.get('dead-agent')?.status, 'ok', 'a key file still works when the agent is unusable');
      const deadOnly = await scan([target('dead-agent-only', port, { identityFile: keys.stranger as string })], { agentSocket: join(dir, 'no-such.sock') });
      assert.equal(deadOnly.get('dead-agent-only')?.status, 'auth-failed');
      assert.match(deadOnly.get('dead-agent-only')?.error ?? '', /tried key .*id_stranger, ssh-agent\).*ssh-agent at .*no-such\.sock is not usable/);
    } finally {
      agent.kill();
    }
  });

  it('records an unknown key under accept-new, then passes strictly', async () => {
    const server = servers.unknownKey as FakeServer;
    const file = join(dir, 'known_hosts_new');
    const store = (policy: 'strict' | 'accept-new'): KnownHostsStore => new KnownHostsStore({ files: [file], writeFile: file, policy });
    const first = await scan([target('new', server.port)], { knownHosts: store('accept-new') });
    assert.equal(first.get('new')?.status, 'ok');
    assert.equal(await readFile(file, 'utf8'), `${server.knownHostsLine()}\n`);
    const second = await scan([target('new', server.port)], { knownHosts: store('strict') });
    assert.equal(second.get('new')?.status, 'ok');
  });
});
