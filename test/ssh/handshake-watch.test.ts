// The connect timeout bounds the server's silence, not the length of a login (ssh-socket.ts):
// a server that answers each step slowly, as a busy one does, is scanned even when its whole
// login takes several timeouts; a server that never stops sending yet never finishes is cut at
// the cap; the socket campaign-audit opens itself is the one that is closed.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KnownHostsStore } from '../../src/collect/ssh/known-hosts.js';
import { createRedactor } from '../../src/collect/redact.js';
import { HANDSHAKE_CAP_FACTOR } from '../../src/collect/ssh/socket.js';
import { createSshTransport } from '../../src/collect/ssh/transport.js';
import type { HostTarget, Snapshot } from '../../src/model.js';
import { DEFAULT_SIGNATURES } from '../../src/engine/policy.js';
import { startDelayingProxy, startFakeServer, startTricklingServer, type FakeServer } from '../helpers/ssh-server.js';
import { generateKey, jwtConfig, PDUMP_7_3_5, SERVER_CONF } from '../helpers/sshd.js';
import { collectFleet } from '../helpers/audit.js';
import { FINGERPRINTS } from '../helpers/fixtures.js';

const CONNECT_TIMEOUT = 1;

describe('the handshake watch', { skip: existsSync('/usr/bin/ssh-keygen') ? false : 'ssh-keygen not installed' }, () => {
  let dir: string;
  let key: string;
  let server: FakeServer;
  let knownHostsFile: string;
  const toClose: (() => Promise<void>)[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ssh-watch-'));
    const host = join(dir, 'host');
    await mkdir(join(host, 'nl6', 'conf'), { recursive: true });
    await mkdir(join(host, 'nl6', 'bin'), { recursive: true });
    await writeFile(join(host, 'nl6', 'conf', 'serverConf.xml'), SERVER_CONF);
    await writeFile(join(host, 'nl6', 'conf', 'config-prod.xml'), jwtConfig('prod'));
    await writeFile(join(host, 'nl6', 'bin', 'nlserver'), `#!/bin/sh\necho '${PDUMP_7_3_5}'\n`, { mode: 0o755 });
    key = join(dir, 'id_ed25519');
    server = await startFakeServer({ kind: 'collector', cwd: host }, [await generateKey(key)]);
    toClose.push(() => server.close());
    knownHostsFile = join(dir, 'known_hosts');
  });

  after(async () => {
    for (const close of toClose) await close();
    await rm(dir, { recursive: true, force: true });
  });

  const scanOne = async (port: number): Promise<{ snapshot: Snapshot; ms: number }> => {
    await writeFile(knownHostsFile, `${server.knownHostsLine(`[127.0.0.1]:${port}`)}\n`);
    const transport = createSshTransport({
      connectTimeout: CONNECT_TIMEOUT,
      knownHosts: new KnownHostsStore({ files: [knownHostsFile], writeFile: knownHostsFile, policy: 'strict' }),
      env: {},
      defaultIdentityFiles: [],
    });
    const target: HostTarget = { name: 'slow', address: '127.0.0.1', port, user: 'neolane', tags: [], installDir: 'nl6', identityFile: key };
    const started = performance.now();
    try {
      const [snapshot] = await collectFleet([target], transport, { concurrency: 1, commandTimeout: 60, redact: createRedactor(DEFAULT_SIGNATURES.secrets, FINGERPRINTS), now: () => new Date('2026-01-01T00:00:00Z') });
      assert.ok(snapshot);
      return { snapshot, ms: performance.now() - started };
    } finally {
      await transport.close();
    }
  };

  it('scans a server that answers every step, each within the timeout, though the login takes several timeouts', async () => {
    // Each of the server's flights (banner, key exchange, service accept, auth replies…) comes
    // 0.6 timeouts late: never silent for a whole timeout, yet far longer than one in all.
    const proxy = await startDelayingProxy(server.port, CONNECT_TIMEOUT * 600);
    toClose.push(() => proxy.close());
    const { snapshot, ms } = await scanOne(proxy.port);
    assert.equal(snapshot.status, 'ok', snapshot.error);
    assert.match(snapshot.pdump ?? '', /build 9368/);
    assert.ok(ms > 2 * CONNECT_TIMEOUT * 1000, `the login took ${Math.round(ms)} ms: more than two connect timeouts, so a bound on the whole login would have cut it`);
  });

  it('ends a server that keeps sending but never finishes the handshake, at the cap', async () => {
    const trickle = await startTricklingServer(CONNECT_TIMEOUT * 200);
    toClose.push(() => trickle.close());
    const { snapshot, ms } = await scanOne(trickle.port);
    assert.equal(snapshot.status, 'timeout');
    assert.equal(snapshot.error, `127.0.0.1:${trickle.port}: no SSH login within ${CONNECT_TIMEOUT * HANDSHAKE_CAP_FACTOR}s (the server kept the handshake going)`);
    assert.ok(ms >= CONNECT_TIMEOUT * HANDSHAKE_CAP_FACTOR * 1000 - 50, `ended after ${Math.round(ms)} ms, not before the cap`);
  });
});
