// Guards the few places where campaign-audit reaches past ssh2's public API (src/collect/
// ssh2-internals.ts). Each still exists in the installed ssh2 and still does its job; an ssh2
// upgrade that removes one fails here, not silently in the field.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyObject } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import ssh2 from 'ssh2';
import type { ClientChannel, ParsedKey } from 'ssh2';
import { internalsPresent, killRemote, signWithKeyObject, SSH2_CHECKED_VERSION } from '../../src/collect/ssh/ssh2-internals.js';
import { startFakeServer, type FakeServer } from '../helpers/ssh-server.js';
import { generateKey } from '../helpers/sshd.js';

const { Client, utils } = ssh2;

function parse(text: string | Buffer): ParsedKey {
  const parsed = utils.parseKey(text);
  if (parsed instanceof Error) throw parsed;
  return (Array.isArray(parsed) ? parsed[0] : parsed) as ParsedKey;
}

const waitFor = async (check: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe('ssh2 internals', { skip: existsSync('/usr/bin/ssh-keygen') ? false : 'ssh-keygen not installed' }, () => {
  let dir: string;
  let keyFile: string;
  let server: FakeServer;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ssh2-internals-'));
    keyFile = join(dir, 'id_ed25519');
    server = await startFakeServer({ kind: 'hang' }, [await generateKey(keyFile)]);
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('names the ssh2 version it was checked against', () => {
    const installed = (createRequire(import.meta.url)('ssh2/package.json') as { version: string }).version;
    // Not an equality: a patch release may keep the internals; the checks below decide.
    assert.equal(installed.split('.')[0], SSH2_CHECKED_VERSION.split('.')[0], `ssh2 ${installed} is a new major version: check src/collect/ssh/ssh2-internals.ts against it`);
  });

  it('keeps the private key PEM in a symbol slot, which signWithKeyObject replaces with a KeyObject that signs the same', async () => {
    const key = parse(await readFile(keyFile));
    const data = Buffer.from('campaign-audit');
    const before = key.sign(data);
    const swapped = signWithKeyObject(key);
    const slot = Object.getOwnPropertySymbols(swapped).find((symbol) => symbol.description === 'Private key PEM');
    assert.ok(slot, 'ssh2 no longer keeps the PEM under Symbol(Private key PEM)');
    assert.ok((swapped as unknown as Record<symbol, unknown>)[slot] instanceof KeyObject, 'the slot now holds a KeyObject');
    assert.ok(swapped.verify(data, swapped.sign(data)), 'a signature made with the KeyObject verifies');
    assert.deepEqual(swapped.sign(data), before, 'ed25519 signatures are deterministic: the same as with the PEM');
  });

  it('sends KILL on an exec channel after our EOF, which the public Channel.signal() drops', async () => {
    const client = new Client();
    const privateKey = await readFile(keyFile);
    await new Promise<void>((resolve, reject) => {
      client.on('ready', resolve).on('error', reject);
      client.connect({ host: '127.0.0.1', port: server.port, username: 'neolane', privateKey, hostVerifier: () => true });
    });
    try {
      const channel = await new Promise<ClientChannel>((resolve, reject) => client.exec('sleep 60', (error, stream) => (error ? reject(error) : resolve(stream))));
      channel.end();
      await waitFor(() => !channel.writable);
      assert.equal(channel.writable, false, 'our side sent EOF');
      const present = internalsPresent(parse(await readFile(keyFile)), channel);
      // declineHostKeyProofs and signPublicKeyAtOnce: tested end to end against a real sshd in test/ssh/sshd-requests.test.ts.
      assert.deepEqual(present, { pemSlot: true, protocolSignal: true, channelOutgoing: true, globalRequestHandler: true, protocolAuthPK: true }, 'the internals ssh2-internals.ts uses');

      // ssh2's in-process server refuses requests after EOF; OpenSSH does not (test/ssh/sshd-fleet
      // checks that the KILL ends the command there). Here: what leaves the client.
      const protocol = (channel as unknown as { _client: { _protocol: { signal(id: number, name: string): unknown } } })._client._protocol;
      const sent: string[] = [];
      const original = protocol.signal.bind(protocol);
      protocol.signal = (id, name) => {
        sent.push(name);
        return original(id, name);
      };
      channel.signal('TERM');
      assert.deepEqual(sent, [], 'the public method sends nothing once our side sent EOF (why the internal is needed)');
      killRemote(channel);
      assert.deepEqual(sent, ['KILL']);
    } finally {
      client.end();
    }
  });
});
