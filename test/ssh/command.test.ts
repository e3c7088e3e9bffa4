// The exec command is parsed by the remote login shell: values must reach `sh -s` as exactly the
// positional parameters given, whatever they contain, under dash, bash and busybox.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { interpretCollectorRun } from '../../src/collect/frames.js';
import { newFrameMarker } from '../../src/collect/local.js';
import { COLLECTOR_SCRIPT } from '../../src/collect/script.js';
import { collectorCommand, shellQuote } from '../../src/collect/ssh/exec.js';

const SHELLS = [
  ['dash', ['/bin/dash', '-c']],
  ['bash', ['/bin/bash', '-c']],
  ['busybox ash', ['/bin/busybox', 'ash', '-c']],
] as const;

const NASTY_DIRS = [`it's a "dir" with spaces`, 'dollar $(touch PWNED) `touch PWNED2` $HOME', "new\nline and 'quotes'", '-starts-with-dash', 'back\\slash;semi|pipe&amp*'];

describe('collector command quoting', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'quoting-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('single-quotes with the standard escape', () => {
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(collectorCommand('/usr/local/neolane/nl6', 'CA-x', 5), `exec sh -s -- '/usr/local/neolane/nl6' 'CA-x' '6'`);
    assert.equal(collectorCommand('nl6', 'CA-x', 5, 'neolane'), `exec sudo -n -u 'neolane' sh -s -- 'nl6' 'CA-x' '6'`);
  });

  for (const [name, argv] of SHELLS) {
    it(`passes install dirs through ${name} unchanged`, { skip: existsSync(argv[0]) ? false : `${argv[0]} not installed` }, async () => {
      for (const [index, dirName] of NASTY_DIRS.entries()) {
        const work = join(root, `${name.replace(' ', '-')}-${index}`);
        const installDir = join(work, dirName);
        await mkdir(join(installDir, 'conf'), { recursive: true });
        await writeFile(join(installDir, 'conf', 'serverConf.xml'), '<serverconf/>');
        const marker = newFrameMarker();
        const [shell, ...flags] = argv;
        const run = spawnSync(shell, [...flags, collectorCommand(installDir, marker, 1024)], { input: COLLECTOR_SCRIPT, cwd: work });
        const raw = interpretCollectorRun({ stdout: run.stdout, stderr: run.stderr.toString(), exitCode: run.status }, marker, 1024);
        assert.deepEqual(raw.confListing, ['serverConf.xml'], `${name}: ${JSON.stringify(dirName)}: ${raw.error ?? ''}`);
        assert.deepEqual(await readdir(work), [dirName], 'nothing else was created (no PWNED)');
      }
    });
  }
});
