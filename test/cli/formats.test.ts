// -f FMT[=FILE] works the same for every command that writes reports or plans: repeatable, each
// file written (the sh plan executable), FMT=- on stdout, one line and exit 2 for a bad value,
// a file that cannot be written named while the others still go out (exit 2), and a folder that
// does not exist refused before anything runs (no command creates a folder).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { FORMAT_REGISTRIES } from './format-commands.js';

const AS_OF = '2026-11-27';
const scratch = mkdtempSync(join(tmpdir(), 'ca-formats-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const report = join(scratch, 'report.json');
before(async () => {
  const run = await runCli(['demo', '--as-of', AS_OF, '-q', '-f', `json=${report}`]);
  assert.equal(run.code, 0, run.stderr);
});

/** Each command's arguments before -f, for a run that exits 0. */
const COMMANDS: Record<string, () => string[]> = {
  scan: () => ['scan', '--dir', 'fixtures/demo', '--as-of', AS_OF, '--fail-on', 'none', '--no-progress'],
  demo: () => ['demo', '--as-of', AS_OF, '--no-progress'],
  convert: () => ['convert', report],
  plan: () => ['plan', report],
  trend: () => ['trend', report],
  diff: () => ['diff', report, report],
  builds: () => ['builds'],
};

const oneLine = (text: string): void => assert.equal(text.trimEnd().split('\n').length, 1, text);

/** A folder under the scratch folder, made: reports go only into folders that exist. */
function folder(...parts: string[]): string {
  const path = join(scratch, ...parts);
  mkdirSync(path, { recursive: true });
  return path;
}

describe('-f FMT[=FILE] on every command', () => {
  it('covers every command with a format registry', () => {
    assert.deepEqual(Object.keys(COMMANDS).sort(), Object.keys(FORMAT_REGISTRIES).sort());
  });

  for (const [command, argv] of Object.entries(COMMANDS)) {
    const names = Object.keys(FORMAT_REGISTRIES[command] ?? {});
    const [first = '', second = ''] = names;

    it(`${command}: two -f FMT=FILE are both written`, async () => {
      const files = [join(folder(command, 'two'), `a.${first}`), join(folder(command, 'two'), `b.${second}`)];
      const run = await runCli([...argv(), '-f', `${first}=${files[0]}`, '-f', `${second}=${files[1]}`]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, '');
      for (const [index, file] of files.entries()) {
        assert.ok(readFileSync(file, 'utf8').length > 0, file);
        assert.match(run.stderr, new RegExp(`^campaign-audit: wrote ${[first, second][index]} .* to ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
      }
    });

    it(`${command}: FMT=- writes to stdout, beside a file`, async () => {
      const file = join(folder(command, 'dash'), `b.${second}`);
      const run = await runCli([...argv(), '-f', `${first}=-`, '-f', `${second}=${file}`]);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(run.stdout.length > 0);
      assert.ok(existsSync(file));
    });

    it(`${command}: an unknown format is one line naming the formats, exit 2`, async () => {
      const run = await runCli([...argv(), '-f', 'pdf']);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      oneLine(run.stderr);
      assert.match(run.stderr, new RegExp(`^campaign-audit: .*unknown format "pdf"; use one of ${names.join(', ')},`));
    });

    it(`${command}: FMT= without a file is one line, exit 2`, async () => {
      const run = await runCli([...argv(), '-f', `${first}=`]);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      oneLine(run.stderr);
      assert.match(run.stderr, new RegExp(`^campaign-audit: .*--format ${first}= needs a file name after "="`));
    });

    it(`${command}: two formats on stdout are one line, exit 2`, async () => {
      const run = await runCli([...argv(), '-f', first, '-f', second]);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      oneLine(run.stderr);
      assert.match(run.stderr, /^campaign-audit: only one --format can write to stdout/);
    });

    it(`${command}: a file that cannot be written is named, the other is written, exit 2`, async () => {
      // A folder where the file should be: the folder check passes, the write fails.
      const blocker = folder(command, 'blocker', `a.${first}`);
      const good = join(folder(command, 'written'), `b.${second}`);
      const run = await runCli([...argv(), '-f', `${first}=${blocker}`, '-f', `${second}=${good}`]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, new RegExp(`^campaign-audit: cannot write ${first} .* to \\S*blocker/a\\.${first} \\(`, 'm'));
      assert.ok(readFileSync(good, 'utf8').length > 0);
    });

    it(`${command}: a folder that does not exist is one line, exit 2, before anything runs; it is not created`, async () => {
      const missing = join(scratch, command, 'missing', 'deeper');
      const good = join(folder(command, 'not-written'), `b.${second}`);
      const run = await runCli([...argv(), '-f', `${second}=${good}`, '-f', `${first}=${join(missing, `a.${first}`)}`]);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      oneLine(run.stderr);
      assert.match(run.stderr, new RegExp(`^campaign-audit: .*the folder \\S*missing/deeper does not exist; create it first`));
      assert.equal(existsSync(join(scratch, command, 'missing')), false, 'no folder created');
      assert.equal(existsSync(good), false, 'nothing written: the command did not run');
    });

    it(`${command}: a file where the folder should be is one line, exit 2`, async () => {
      const blocker = join(folder(command), 'a-file');
      writeFileSync(blocker, 'a file, not a folder');
      const run = await runCli([...argv(), '-f', `${first}=${join(blocker, `a.${first}`)}`]);
      assert.equal(run.code, 2);
      oneLine(run.stderr);
      assert.match(run.stderr, /a-file is not a folder/);
    });
  }

  it('plan -f sh=A -f markdown=B writes both, the script executable', async () => {
    const script = join(folder('plan-both'), 'plan.sh');
    const runbook = join(scratch, 'plan-both', 'plan.md');
    const run = await runCli(['plan', report, '-f', `sh=${script}`, '-f', `markdown=${runbook}`]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, `campaign-audit: wrote sh plan to ${script}\ncampaign-audit: wrote markdown plan to ${runbook}\n`);
    assert.equal(statSync(script).mode & 0o777, 0o755 & ~process.umask());
    assert.match(readFileSync(runbook, 'utf8'), /^# Migration plan/);
    // Executable as it is: the dry run (the default) needs no secret and changes nothing.
    const dryRun = spawnSync(script, [], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    assert.equal(dryRun.status, 0, dryRun.stderr);
    assert.match(dryRun.stdout, /dry-run/);
  });

  it('plan writes markdown by default, diff, trend and builds a table', async () => {
    assert.match((await runCli(['plan', report])).stdout, /^# Migration plan/);
    assert.match((await runCli(['diff', report, report])).stdout, /^0 new, 0 resolved, \d+ unchanged finding\(s\); 0 host change\(s\)\.$/m);
    assert.match((await runCli(['trend', report])).stdout, /^On 2026-11-27: \d+ of \d+ instances migrated \(\d+ %\)/);
    assert.match((await runCli(['builds'])).stdout, /^Build data checked /);
  });

  it('diff with every format in a file states its summary on stderr', async () => {
    const file = join(folder('diff-summary'), 'diff.md');
    const run = await runCli(['diff', report, report, '-f', `markdown=${file}`]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /\ncampaign-audit: 0 new, 0 resolved, \d+ unchanged finding\(s\); 0 host change\(s\)\.\n$/);
  });

  it('builds --json is -f json', async () => {
    const alias = await runCli(['builds', '--json']);
    const flag = await runCli(['builds', '-f', 'json']);
    assert.equal(alias.code, 0, alias.stderr);
    assert.equal(alias.stdout, flag.stdout);
    assert.ok(JSON.parse(alias.stdout));
    const file = join(folder('builds-alias'), 'builds.txt');
    const both = await runCli(['builds', '--json', '-f', `table=${file}`]);
    assert.equal(both.stdout, flag.stdout);
    assert.match(readFileSync(file, 'utf8'), /^Build data checked /);
    const twice = await runCli(['builds', '--json', '-f', 'table']);
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /^campaign-audit: only one --format can write to stdout/);
  });
});
