// A run whose reports all go to files is never silent (issue #10): stderr ends with one line per
// file written and the verdict, also on a TTY after the progress line is erased; --quiet keeps
// stderr for errors only.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { summarizeVerdict } from '../../src/report/verdict.js';
import { runCli } from '../helpers/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-silent-'));
/** A folder under the scratch folder, made: reports go only into folders that exist. */
const made = (name: string): string => {
  mkdirSync(join(scratch, name), { recursive: true });
  return join(scratch, name);
};
after(() => rmSync(scratch, { recursive: true, force: true }));

/** What a terminal shows at the end: the text after the last carriage return of the progress line. */
function visibleTail(stderr: string): string[] {
  return stderr.slice(stderr.lastIndexOf('\r') + 1).split('\n').filter((line) => line.trim() !== '');
}

/** The demo's verdict line as stderr must state it: from the JSON report, so rule changes do not break the test. */
async function demoVerdictLine(): Promise<string> {
  const result = JSON.parse((await runCli(['demo', '--as-of', '2026-11-27', '-q', '-f', 'json'])).stdout) as ScanResult;
  const line = `campaign-audit: verdict: ${summarizeVerdict(result).headline}`;
  assert.match(line, /^campaign-audit: verdict: FAIL — \d+ findings at or above high$/);
  return line;
}

describe('never silent', () => {
  it('on a TTY, after the progress line, names each file written and states the verdict', async () => {
    const html = join(made('tty'), 'r.html');
    const json = join(made('tty'), 'r.json');
    const run = await runCli(['demo', '--as-of', '2026-11-27', '-f', `html=${html}`, '-f', `json=${json}`], { isStderrTTY: true });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /\r/, 'the TTY progress line was drawn');
    assert.deepEqual(visibleTail(run.stderr), [
      `campaign-audit: wrote html report to ${html}`,
      `campaign-audit: wrote json report to ${json}`,
      await demoVerdictLine(),
    ]);
    assert.ok(existsSync(html) && existsSync(json));
  });

  it('not on a TTY: the same lines after the per-host progress', async () => {
    const csv = join(made('pipe'), 'r.csv');
    const run = await runCli(['scan', '--dir', 'fixtures/demo', '--as-of', '2026-11-27', '-f', `csv=${csv}`]);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(run.stderr.trimEnd().split('\n').slice(-2), [`campaign-audit: wrote csv report to ${csv}`, await demoVerdictLine()]);
  });

  it('with a report on stdout, names the other files but leaves the verdict to the report', async () => {
    const json = join(made('mixed'), 'r.json');
    const run = await runCli(['demo', '--as-of', '2026-11-27', '--no-progress', '-f', 'table', '-f', `json=${json}`]);
    assert.equal(run.stderr, `campaign-audit: wrote json report to ${json}\n`);
    assert.match(run.stdout, /^Verdict: FAIL/m);
  });

  it('--quiet writes nothing on stderr', async () => {
    const run = await runCli(['demo', '--as-of', '2026-11-27', '-q', '-f', `json=${join(made('quiet'), 'r.json')}`], { isStderrTTY: true });
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
  });

  it('convert and plan name the files they wrote', async () => {
    const json = join(made('convert'), 'r.json');
    await runCli(['demo', '--as-of', '2026-11-27', '-q', '-f', `json=${json}`]);
    const md = join(made('convert'), 'r.md');
    const converted = await runCli(['convert', json, '-f', `markdown=${md}`]);
    assert.equal(converted.code, 0, converted.stderr);
    assert.deepEqual(converted.stderr.trimEnd().split('\n'), [`campaign-audit: wrote markdown report to ${md}`, await demoVerdictLine()]);
    const sh = join(made('convert'), 'plan.sh');
    const planned = await runCli(['plan', json, '-f', `sh=${sh}`]);
    assert.equal(planned.code, 0, planned.stderr);
    assert.equal(planned.stderr, `campaign-audit: wrote sh plan to ${sh}\n`);
  });

  it('a file that cannot be written is named, in words', async () => {
    // A folder where the file should be: the folder exists, the write fails.
    const blocked = made('blocked/r.csv');
    const run = await runCli(['demo', '--no-progress', '-f', `csv=${blocked}`]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cannot write csv report to .*blocked\/r\.csv \(is a directory\)/);
    assert.doesNotMatch(run.stderr, /E[A-Z]{3,}/);
  });
});
