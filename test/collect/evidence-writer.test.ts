// --save-evidence writes into a new or empty folder only, creates each file exclusively and never
// through a link: a planted link cannot make a scan overwrite its target, and `--evidence DIR`
// never replays older snapshots as if this scan had read them.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EvidenceWriter } from '../../src/collect/evidence.js';
import { InputError } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';
import { DEMO_DIR, downHost } from '../helpers/demo.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-evidence-writer-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let count = 0;
const folder = (): string => join(scratch, `case-${++count}`);

describe('--save-evidence folder', () => {
  it('refuses a folder holding a planted link, and leaves the link target alone (exit 2, one line)', async () => {
    const dir = folder();
    mkdirSync(dir);
    const victim = join(scratch, `victim-${count}`);
    writeFileSync(victim, 'precious\n');
    symlinkSync(victim, join(dir, 'mkt-prod-1.json'));
    const run = await runCli(['demo', '-q', '--save-evidence', dir]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /^campaign-audit: --save-evidence \S+: the folder is not empty \(1 \.json file\); evidence goes to a new or empty folder/);
    assert.equal(run.stderr.split('\n').length, 2);
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
  });

  it('refuses a folder holding an earlier scan\'s snapshots, so --evidence cannot replay stale hosts', async () => {
    const dir = folder();
    assert.equal((await runCli(['demo', '-q', '--save-evidence', dir])).code, 0);
    const before = readdirSync(dir).sort();
    const run = await runCli(['scan', '-q', '--dir', join(DEMO_DIR, 'mkt-prod-1'), '--save-evidence', dir]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /the folder is not empty \(\d+ \.json files\)/);
    assert.deepEqual(readdirSync(dir).sort(), before, 'nothing written');
  });

  it('writes into a new folder, or an empty one', async () => {
    const fresh = folder();
    assert.equal((await runCli(['demo', '-q', '--save-evidence', fresh])).code, 0);
    assert.ok(readdirSync(fresh).length > 0);
    const empty = folder();
    mkdirSync(empty);
    assert.equal((await runCli(['demo', '-q', '--save-evidence', empty])).code, 0);
    assert.deepEqual(readdirSync(empty).sort(), readdirSync(fresh).sort());
  });

  it('never writes through a link or over a file that appears during the scan', async () => {
    const dir = folder();
    const writer = await EvidenceWriter.open(dir);
    const victim = join(scratch, `victim-${count}`);
    writeFileSync(victim, 'precious\n');
    const linked = writer.reserve('a');
    symlinkSync(victim, linked);
    await assert.rejects(writer.write(linked, downHost('a')), (error: unknown) => error instanceof InputError && /a\.json appeared in the folder during the scan/.test(error.message));
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
    const dangling = writer.reserve('b');
    symlinkSync(join(scratch, `not-there-${count}`), dangling);
    await assert.rejects(writer.write(dangling, downHost('b')), InputError);
    assert.deepEqual(readdirSync(scratch).filter((name) => name.startsWith('not-there')), [], 'a dangling link is not followed to create its target');
    const taken = writer.reserve('c');
    writeFileSync(taken, 'someone else\n');
    await assert.rejects(writer.write(taken, downHost('c')), InputError);
    assert.equal(readFileSync(taken, 'utf8'), 'someone else\n');
    await writer.write(writer.reserve('d'), downHost('d'));
    assert.equal(writer.written.length, 1);
  });
});
