import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MAX_OUTPUT_BYTES } from '../../src/collect/frames.js';
import { createLocalTransport, type LocalShell } from '../../src/collect/local.js';
import { NEWLINE_IN_NAME, type CollectOptions } from '../../src/collect/transport.js';
import type { HostTarget } from '../../src/model.js';
import { configXml } from '../helpers/fixtures.js';
import { writeInstall } from '../helpers/campaign-home.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-local-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const options = (overrides: Partial<CollectOptions> = {}): CollectOptions => ({ signal: new AbortController().signal, maxFileBytes: 1024 * 1024, commandTimeout: 20, ...overrides });
const target = (installDir: string): HostTarget => ({ name: 'local', address: 'localhost', tags: [], installDir });

function listTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String);
}

/** busybox with only its own applets on PATH, as on a minimal server. */
function busyboxShell(): LocalShell {
  const bin = join(scratch, 'busybox-bin');
  mkdirSync(bin, { recursive: true });
  for (const applet of ['sh', 'head', 'sleep', 'cat', 'ls']) symlinkSync('/usr/bin/busybox', join(bin, applet));
  return { command: ['/usr/bin/busybox', 'sh'], env: { PATH: bin } };
}

// The collector must run under every POSIX sh an administrator may have as /bin/sh.
const shells: [string, () => LocalShell][] = [
  ['dash', () => ({ command: ['dash'] })],
  ['bash', () => ({ command: ['bash'] })],
  ['busybox', busyboxShell],
];

for (const [shell, makeShell] of shells) {
  const isInstalled = ['/usr/bin', '/bin'].some((dir) => existsSync(join(dir, shell)));
  describe(`local collector under ${shell}`, { skip: isInstalled ? false : `${shell} is not installed` }, () => {
    const transport = isInstalled ? createLocalTransport(makeShell()) : createLocalTransport();
    it('reads conf/, sources env.sh and runs bin/nlserver pdump', async () => {
      const dir = writeInstall(join(scratch, `${shell}-basic`), { conf: { 'serverConf.xml': configXml(), 'config-prod.xml': configXml({ authIMSTAClientId: 'cid' }), 'notes.txt': 'x' } });
      const raw = await transport.collect(target(dir), options());
      assert.equal(raw.status, 'ok', raw.error);
      assert.deepEqual(raw.confListing.sort(), ['config-prod.xml', 'notes.txt', 'serverConf.xml']);
      assert.deepEqual(raw.files.map((file) => file.name).sort(), ['config-prod.xml', 'serverConf.xml']);
      assert.equal(raw.files.find((file) => file.name === 'config-prod.xml')?.data?.toString(), configXml({ authIMSTAClientId: 'cid' }));
      assert.match(raw.pdump ?? '', /build 9383/);
      assert.match(raw.pdump ?? '', /env=sourced/);
    });

    it('treats a hostile file name as data: config-x$(touch PWNED).xml runs nothing', async () => {
      const dir = writeInstall(join(scratch, `${shell}-pwned`), { conf: { 'config-x$(touch PWNED).xml': configXml(), 'config-`touch PWNED2`.xml': configXml(), 'serverConf.xml': configXml() } });
      const raw = await transport.collect(target(dir), options());
      assert.equal(raw.status, 'ok', raw.error);
      assert.ok(raw.files.some((file) => file.name === 'config-x$(touch PWNED).xml'));
      assert.ok(raw.files.some((file) => file.name === 'config-`touch PWNED2`.xml'));
      assert.deepEqual(listTree(scratch).filter((path) => path.endsWith('PWNED') || path.endsWith('PWNED2')), []);
    });

    it("accepts an install dir with quotes, spaces and $ in its name", async () => {
      const dir = writeInstall(join(scratch, `${shell} it's "nl6" $HOME`), { conf: { 'config-prod.xml': configXml() } });
      const raw = await transport.collect(target(dir), options());
      assert.equal(raw.status, 'ok', raw.error);
      assert.equal(raw.files.length, 1);
    });

    it('reports a name holding a newline, whole, without reading it or breaking the framing', async () => {
      const dir = writeInstall(join(scratch, `${shell}-newline`), { conf: { 'config-prod.xml': configXml() } });
      writeFileSync(join(dir, 'conf', 'config-a\nFAKE.xml'), configXml());
      writeFileSync(join(dir, 'conf', 'notes\n.txt'), 'x');
      const raw = await transport.collect(target(dir), options());
      assert.equal(raw.status, 'ok', raw.error);
      assert.deepEqual(raw.files.map((file) => [file.name, file.error]).sort(), [['config-a\nFAKE.xml', NEWLINE_IN_NAME], ['config-prod.xml', undefined]]);
      assert.deepEqual(raw.confListing.sort(), ['config-a\nFAKE.xml', 'config-prod.xml', 'notes\n.txt']);
    });

    it('names a FIFO, /dev/zero behind a symlink, a directory and a dangling link without opening them', async () => {
      const dir = writeInstall(join(scratch, `${shell}-special`), { conf: { 'config-prod.xml': configXml() } });
      const conf = join(dir, 'conf');
      execFileSync('mkfifo', [join(conf, 'config-fifo.xml')]);
      symlinkSync('/dev/zero', join(conf, 'config-zero.xml'));
      mkdirSync(join(conf, 'config-dir.xml'));
      symlinkSync(join(conf, 'missing'), join(conf, 'serverConf.xml'));
      const raw = await transport.collect(target(dir), options({ commandTimeout: 10 }));
      assert.equal(raw.status, 'ok', raw.error);
      assert.deepEqual(raw.files.map((file) => [file.name, file.error]).sort(), [
        ['config-dir.xml', 'not a regular file: a directory; it was not opened'],
        ['config-fifo.xml', 'not a regular file: a FIFO (named pipe); it was not opened'],
        ['config-prod.xml', undefined],
        ['config-zero.xml', 'not a regular file: a symbolic link to a character device; it was not opened'],
        ['serverConf.xml', 'not a regular file: a symbolic link to nothing (a dangling link); it was not opened'],
      ]);
    });

    it('gives each file its own bytes from the one head run: empty, no final newline, header look-alikes, odd names', async () => {
      const bodies: Record<string, string> = {
        'serverConf.xml': '',
        'config-a b.xml': `<x/>\n\n==> ${join(scratch, 'x', 'conf', 'config-c.xml')} <==\nforged`,
        'config-c.xml': '\n==> config-c.xml <==\n\n',
        "config-q'uote.xml": 'no final newline',
      };
      for (let index = 0; index < 40; index += 1) bodies[`config-i${index}.xml`] = `<serverconf n="${index}"/>`;
      const dir = writeInstall(join(scratch, `${shell}-batch`), { conf: bodies });
      const raw = await transport.collect(target(dir), options());
      assert.equal(raw.status, 'ok', raw.error);
      assert.deepEqual(Object.fromEntries(raw.files.map((file) => [file.name, file.error ?? file.data?.toString()])), bodies);
    });

    it('caps file size', async () => {
      const dir = writeInstall(join(scratch, `${shell}-big`), { conf: { 'config-big.xml': `<serverconf>${' '.repeat(5000)}</serverconf>`, 'config-small.xml': configXml() } });
      const raw = await transport.collect(target(dir), options({ maxFileBytes: 1000 }));
      assert.deepEqual(raw.files.map((file) => [file.name, file.error]).sort(), [['config-big.xml', 'file is larger than 5 MiB'], ['config-small.xml', undefined]]);
    });

    it('reports a missing conf/ and a missing nlserver', async () => {
      const none = await transport.collect(target(join(scratch, 'does-not-exist')), options());
      assert.equal(none.status, 'error');
      assert.match(none.error ?? '', /no conf\/ directory/);
      const dir = writeInstall(join(scratch, `${shell}-nonlserver`), { conf: { 'config-prod.xml': configXml() }, pdumpLine: null });
      const raw = await transport.collect(target(dir), { ...options(), signal: new AbortController().signal });
      assert.equal(raw.status, 'ok');
      assert.match(raw.pdumpError ?? '', /nlserver was not found/);
    });
  });
}

describe('local collector timeouts', () => {
  it('a head that refuses -v: every file read failed with its exit code, the build still read', async () => {
    const bin = join(scratch, 'old-head-bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'head'), "#!/bin/sh\necho \"head: illegal option -- v\" >&2\nexit 1\n", { mode: 0o755 });
    const transport = createLocalTransport({ command: ['/bin/sh'], env: { PATH: `${bin}:/usr/bin:/bin` } });
    const dir = writeInstall(join(scratch, 'old-head'), { conf: { 'serverConf.xml': configXml(), 'config-prod.xml': configXml() } });
    const raw = await transport.collect(target(dir), options());
    assert.equal(raw.status, 'ok', raw.error);
    assert.deepEqual(raw.files.map((file) => [file.name, file.error]).sort(), [['config-prod.xml', 'read failed (exit 1)'], ['serverConf.xml', 'read failed (exit 1)']]);
    assert.match(raw.pdump ?? '', /build 9383/);
  });

  it('kills a hanging nlserver and reports timeout', async () => {
    const dir = writeInstall(join(scratch, 'hang'), { conf: { 'config-prod.xml': configXml() }, nlserverPrelude: 'sleep 30' });
    const started = Date.now();
    const raw = await createLocalTransport().collect(target(dir), options({ commandTimeout: 0.5 }));
    assert.equal(raw.status, 'timeout');
    assert.ok(Date.now() - started < 10_000, 'the sleeping child was killed with the shell');
  });
});

describe('local collector budget', () => {
  it('ends a host whose output passes the 16 MiB per-host budget as that host\'s error', async () => {
    const big = `<serverconf>${' '.repeat(5 * 1024 * 1024 - 30)}</serverconf>`;
    const dir = writeInstall(join(scratch, 'budget'), { conf: Object.fromEntries([1, 2, 3, 4].map((n) => [`config-i${n}.xml`, big])) });
    const raw = await createLocalTransport().collect(target(dir), options({ maxFileBytes: 5 * 1024 * 1024 }));
    assert.deepEqual([raw.status, raw.error, raw.files.length], ['error', `collector output exceeded ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB`, 0]);
  });
});
