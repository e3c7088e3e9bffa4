// The one bounded reader: every kind of file that is not a regular file within its cap gives one
// line in words, at once, and never hangs (a FIFO's open used to wait for a writer forever).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeInputText, FILE_CAPS, FileReadError, readBoundedFile, readBoundedFileSync, readInputFile, readJsonFile, readYamlFile } from '../../src/inputs/input-file.js';
import { describeFileError, InputError } from '../../src/errors.js';

const cap = { kind: 'a test file', maxBytes: 1024 };

describe('readBoundedFile', () => {
  let dir: string;
  let socketServer: Server;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'input-file-'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    await mkdir(join(dir, 'folder'));
    await writeFile(join(dir, 'small'), 'hello');
    await writeFile(join(dir, 'big'), 'x'.repeat(4096));
    await symlink('/dev/zero', join(dir, 'zero-link'));
    await writeFile(join(dir, 'secret'), 'no');
    await chmod(join(dir, 'secret'), 0o000);
    socketServer = createServer();
    await new Promise<void>((resolve) => socketServer.listen(join(dir, 'socket'), resolve));
  });
  after(async () => {
    await new Promise((resolve) => socketServer.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const problem = async (path: string, options: Partial<Parameters<typeof readBoundedFile>[1]> = {}): Promise<string> => {
    try {
      await readBoundedFile(path, { cap, ...options });
    } catch (error) {
      assert.ok(error instanceof FileReadError, String(error));
      return `${error.problem}: ${error.message}`;
    }
    return 'read';
  };

  it('reads a regular file within its cap', async () => {
    assert.equal((await readBoundedFile(join(dir, 'small'), { cap })).toString(), 'hello');
  });

  it('refuses a FIFO, devices, a directory, a socket and a link to a device, at once', async () => {
    const started = Date.now();
    assert.equal(await problem(join(dir, 'fifo')), 'not-regular: not a regular file: a FIFO (named pipe); it was not read');
    assert.equal(await problem('/dev/zero'), 'not-regular: not a regular file: a character device; it was not read');
    assert.equal(await problem(join(dir, 'zero-link')), 'not-regular: not a regular file: a character device; it was not read');
    assert.equal(await problem(join(dir, 'folder')), 'not-regular: not a regular file: a directory; it was not read');
    assert.equal(await problem(join(dir, 'socket')), 'not-regular: not a regular file: a socket; it was not read');
    // Generous: each is one open and one fstat; today's FIFO never returned.
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });

  it('refuses a file over its cap without reading it, or keeps its head when asked', async () => {
    assert.equal(await problem(join(dir, 'big')), 'too-large: larger than 1 KiB, the limit for a test file');
    assert.equal((await readBoundedFile(join(dir, 'big'), { cap, head: true })).length, 1024);
  });

  it('names a missing file, a denied one and a link refused under noFollow in words', async () => {
    assert.equal(await problem(join(dir, 'nope')), 'missing: no such file');
    if (process.getuid?.() !== 0) assert.equal(await problem(join(dir, 'secret')), 'io: permission denied');
    assert.equal(await problem(join(dir, 'zero-link'), { noFollow: true }), 'not-regular: a symbolic link; it was not followed');
    assert.equal(await problem(join(dir, 'small', 'x')), 'io: a part of the path is not a directory');
  });

  it('gives up at the deadline', async () => {
    assert.equal(await problem(join(dir, 'small'), { deadline: Date.now() - 1 }), 'deadline: not read: no time was left for it');
  });

  it('reads and refuses alike without the thread pool (readBoundedFileSync, for --dir host folders)', async () => {
    const outcome = (read: () => Buffer): string => {
      try {
        return `read ${read().toString('latin1')}`;
      } catch (error) {
        assert.ok(error instanceof FileReadError, String(error));
        return `${error.problem}: ${error.message}`;
      }
    };
    const cases: [string, Partial<Parameters<typeof readBoundedFile>[1]>][] = [
      ['small', {}], ['big', {}], ['big', { head: true }], ['fifo', {}], ['zero-link', {}], ['zero-link', { noFollow: true }], ['folder', {}], ['socket', {}], ['nope', {}], ['small', { deadline: Date.now() - 1 }],
    ];
    for (const [name, options] of cases) {
      const expected = await readBoundedFile(join(dir, name), { cap, ...options }).then((data) => `read ${data.toString('latin1')}`, (error: unknown) => (error instanceof FileReadError ? `${error.problem}: ${error.message}` : String(error)));
      assert.equal(outcome(() => readBoundedFileSync(join(dir, name), { cap, ...options })), expected, `${name} ${JSON.stringify(options)}`);
    }
  });

  it('decodes UTF-8 text only', () => {
    assert.equal(decodeInputText(Buffer.from('\ufeffa: 1\n')), 'a: 1\n');
    assert.throws(() => decodeInputText(Buffer.from([0x61, 0xff, 0x62])), /not UTF-8 text/);
    assert.throws(() => decodeInputText(Buffer.from('a\0b')), /binary content/);
  });

  it('says what an fs error means, never a bare code', () => {
    assert.equal(describeFileError({ code: 'ENOENT' }), 'no such file');
    assert.equal(describeFileError({ code: 'EACCES' }), 'permission denied');
    assert.equal(describeFileError({ code: 'EWEIRD' }), 'cannot read it (EWEIRD)');
  });

  it('gives an InputError naming the flag and the file for every input kind', async () => {
    const fifo = join(dir, 'fifo');
    await assert.rejects(readInputFile(fifo, '--policy', FILE_CAPS.policy), (error: Error) => error instanceof InputError && error.message === `--policy ${fifo}: not a regular file: a FIFO (named pipe); it was not read`);
    await assert.rejects(readYamlFile(fifo, '--waivers', FILE_CAPS.waivers), /^InputError: --waivers .*: not a regular file: a FIFO/);
    await assert.rejects(readJsonFile(fifo, 'plan', FILE_CAPS.report), /^InputError: plan .*: not a regular file: a FIFO/);
    const policy = join(dir, 'policy.yaml');
    await writeFile(policy, `${'# padding\n'.repeat(30_000)}cutoff: 2025-01-01\n`);
    await assert.rejects(readYamlFile(policy, '--policy', FILE_CAPS.policy), (error: Error) => error.message === `--policy ${policy}: larger than 256 KiB, the limit for a policy file`);
  });
});
