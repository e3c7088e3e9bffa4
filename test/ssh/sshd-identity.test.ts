// Identity files that cannot be used, against a real sshd. ssh2's key parser quotes what it finds
// where a name belongs ("Unsupported OpenSSH key magic: MyS3cretPassw0r"): 15 bytes of a file given
// by mistake once reached the host error, and so every report. Errors say what kind of problem
// it is and never copy the file; a --identity file that cannot be read at all is exit 2 up front.
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { reporters } from '../../src/report/index.js';
import { runMain } from '../helpers/cli-process.js';
import { SecretMarkers } from '../helpers/secret-markers.js';
import { sshdSkip, startFleet, type SshdFleet } from '../helpers/sshd.js';

const FORMATS = Object.keys(reporters);

/** An SSH wire string: uint32 length, then the bytes. */
function sshString(text: string | Buffer): Buffer {
  const bytes = Buffer.from(text);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function opensshKey(body: Buffer): string {
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${body.toString('base64')}\n-----END OPENSSH PRIVATE KEY-----`;
}

describe('identity files that cannot be used, against a real sshd', { skip: sshdSkip() }, () => {
  const markers = new SecretMarkers();
  let fleet: SshdFleet;
  let dir: string;
  let knownHosts: string;

  before(async () => {
    fleet = await startFleet({ hosts: 1 });
    dir = join(fleet.dir, 'identity');
    await mkdir(dir);
    knownHosts = join(dir, 'known_hosts');
    await writeFile(knownHosts, `${fleet.knownHostsLine()}\n`);
  });
  after(async () => {
    await fleet?.stop();
  });

  const target = (): string => `${fleet.hosts[0]?.user}@127.0.0.1:${fleet.port}`;
  const MAGIC = Buffer.from('openssh-key-v1\0');
  const padding = Buffer.alloc(32, 1);
  // Each file puts a marker where ssh2's parser quotes from: the magic, the cipher name, the kdf name.
  const files = (): [string, string][] => [
    ['magic', opensshKey(Buffer.concat([Buffer.from(markers.plain('magic')), padding]))],
    ['cipher', opensshKey(Buffer.concat([MAGIC, sshString(markers.plain('cipher')), padding]))],
    ['kdf', opensshKey(Buffer.concat([MAGIC, sshString('aes256-ctr'), sshString(markers.plain('kdf')), padding]))],
    ['text', `${markers.plain('notAKey')}\n`],
    ['malformed', opensshKey(Buffer.concat([MAGIC, Buffer.from(markers.plain('body'))]))],
  ];

  it('says what kind of file it is in every format and on stderr, never what the file holds', async () => {
    for (const [kind, content] of files()) {
      const key = join(dir, `id_${kind}`);
      await writeFile(key, content, { mode: 0o600 });
      const out = join(dir, `out-${kind}`);
      await mkdir(out);
      const run = await runMain(['scan', '--ssh-config', 'none', '--known-hosts', knownHosts, '--identity', key, '-v', '--debug', target(), ...FORMATS.flatMap((format) => ['-f', `${format}=${join(out, `report.${format}`)}`])]);
      assert.equal(run.code, 3, run.stderr);
      const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as ScanResult;
      assert.equal(report.hosts[0]?.status, 'auth-failed');
      assert.match(report.hosts[0]?.error ?? '', new RegExp(`identity file \\S+id_${kind} is not a private key ssh2 can read \\(${kind === 'malformed' ? 'malformed' : 'unsupported format'}\\)`));
      for (const [what, text] of [['stdout', run.stdout], ['stderr', run.stderr], ...(await Promise.all((await readdir(out)).map(async (name) => [name, await readFile(join(out, name), 'utf8')])))]) {
        assert.equal(markers.leakIn(text as string), undefined, `${kind}: ${what as string}`);
      }
    }
  });

  it('a --identity file that is missing or not a regular file: one line, exit 2, before any connection', async () => {
    for (const [key, problem] of [
      [join(dir, 'no-such-key'), 'no such file'],
      [dir, 'not a regular file: a directory; it was not read'],
      ['/dev/zero', 'not a regular file: a character device; it was not read'],
    ] as const) {
      const run = await runMain(['scan', '--ssh-config', 'none', '--known-hosts', knownHosts, '--identity', key, target()]);
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stderr, `campaign-audit: --identity ${key}: ${problem}\n`);
      assert.equal(run.stdout, '');
    }
  });
});
