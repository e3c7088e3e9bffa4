// `campaign-audit trend` end to end through the CLI: folders and files of saved reports, every
// format, and one clear line with exit 2 for each kind of bad input.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import type { Trend } from '../../src/history/trend.js';
import { runCli } from '../helpers/cli.js';
import { threeWeeks } from '../helpers/trend-reports.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-trend-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const [week1, week2, week3] = threeWeeks().map((report) => `${JSON.stringify(report, null, 2)}\n`);
// Names in the opposite order of the dates: the trend sorts by as-of date, not by name.
const weeks = folder('weeks', { 'c.json': week1!, 'b.json': week2!, 'a.json': week3!, 'notes.txt': 'not a report', 'README.JSON.bak': '{' });
mkdirSync(join(weeks, 'old'));
writeFileSync(join(weeks, 'old', 'broken.json'), '{ not json');

const oneLine = (text: string): void => assert.equal(text.trimEnd().split('\n').length, 1, text);

describe('campaign-audit trend', () => {
  it('reads the *.json files of a folder (not its subfolders), sorted by as-of date, as a table on stdout', async () => {
    const run = await runCli(['trend', weeks], { columns: 80 });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const rows = run.stdout.split('\n').filter((line) => /^\d{4}-\d{2}-\d{2} /.test(line));
    assert.deepEqual(rows, [
      '2026-11-04    5/5    0/3 0%    2     3     2          6         0',
      '2026-11-11    4/5   1/2 50%    0     0     0          1         0',
      '2026-11-18    5/5  3/3 100%    0     0     0          0         0',
    ]);
    for (const line of run.stdout.split('\n')) assert.ok(line.length <= 80, line);
  });

  it('writes json, markdown and html files; stdout gets the one format without a file', async () => {
    const out = join(scratch, 'out');
    mkdirSync(out);
    const run = await runCli(['trend', join(weeks, 'a.json'), join(weeks, 'c.json'), join(weeks, 'b.json'), '-f', `json=${join(out, 'trend.json')}`, '-f', `html=${join(out, 'trend.html')}`, '-f', 'markdown']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^# Campaign JWT to OAuth migration progress\n/);
    const trend = JSON.parse(readFileSync(join(out, 'trend.json'), 'utf8')) as Trend;
    assert.deepEqual(trend.points.map((point) => [point.asOf, point.source, point.instances.jwt, point.instances.oauth, point.buildsBelowMinimum, point.open.critical + point.open.high]), [
      ['2026-11-04', 'c.json', 3, 0, 2, 6],
      ['2026-11-11', 'b.json', 0, 2, 0, 1],
      ['2026-11-18', 'a.json', 0, 4, 0, 0],
    ]);
    const html = readFileSync(join(out, 'trend.html'), 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.doesNotMatch(html, /<script/i);
  });

  it('says on stderr what the trend shows when every format goes to a file', async () => {
    const run = await runCli(['trend', weeks, '-f', `html=${join(scratch, 'trend.html')}`]);
    assert.equal(run.code, 0);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^campaign-audit: wrote html trend to .*trend\.html\ncampaign-audit: From 2026-11-04 to 2026-11-18: 3 of 3 instances migrated \(100 %\), was 0 of 3 \(0 %\)/);
  });

  it('keeps the latest report of a date and says which one it left out', async () => {
    const rerun = { ...(JSON.parse(week3!) as ScanResult), generatedAt: '2026-11-18T09:00:00Z' };
    const dir = folder('rerun', { 'week3.json': week3!, 'week3-rerun.json': JSON.stringify(rerun) });
    const run = await runCli(['trend', dir, '-f', 'json']);
    const trend = JSON.parse(run.stdout) as Trend;
    assert.deepEqual(trend.points.map((point) => point.source), ['week3-rerun.json']);
    assert.deepEqual(trend.superseded.map((entry) => entry.source), ['week3.json']);
    const table = await runCli(['trend', dir], { columns: 80 });
    assert.match(table.stdout.replace(/\s+/g, ' '), /2026-11-18: week3-rerun\.json is used; week3\.json \(generated 2026-11-18T08:00:00Z\), an earlier report for the same date, is left out\./);
  });

  it('trends real saved scans: the figures match each report summary', async () => {
    const dir = join(scratch, 'demo');
    mkdirSync(dir);
    for (const asOf of ['2024-12-01', '2026-12-01']) assert.equal((await runCli(['demo', '--as-of', asOf, '--no-progress', '-f', `json=${join(dir, `${asOf}.json`)}`])).code, 0);
    const run = await runCli(['trend', dir, '-f', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const trend = JSON.parse(run.stdout) as Trend;
    for (const point of trend.points) {
      const report = JSON.parse(readFileSync(join(dir, point.source), 'utf8')) as ScanResult;
      assert.deepEqual(point.open, report.summary.findings);
      assert.equal(point.scanned, report.summary.scanned);
    }
    // The demo fleet does not change; the cutoff turns the JWT findings from high to critical.
    assert.deepEqual(trend.points.map((point) => point.instances.jwt), [3, 3]);
    assert.equal(trend.points[0]?.open.critical, 0);
    assert.ok((trend.points[1]?.open.critical ?? 0) > 0);
  });

  describe('bad input: one line on stderr, exit 2', () => {
    const cases: [string, () => string[], RegExp][] = [
      ['an empty folder', () => ['trend', folder('empty', { 'notes.txt': 'x' })], /^campaign-audit: trend \S+empty: no \*\.json report in this folder$/],
      ['a folder with a file that is not JSON', () => ['trend', folder('bad-json', { 'a.json': week1!, 'b.json': '{ nope' })], /^campaign-audit: trend \S+b\.json: not valid JSON/],
      ['JSON that is not a report', () => ['trend', folder('not-report', { 'a.json': week1!, 'plan.json': '{"schemaVersion":1,"instances":[]}' })], /^campaign-audit: trend \S+plan\.json: tool is missing \(and \d+ more problems\)$/],
      ['a missing file', () => ['trend', join(scratch, 'nowhere.json')], /^campaign-audit: trend \S+nowhere\.json: /],
      ['no report at all', () => ['trend'], /^campaign-audit: .*missing required argument/],
      ['an unknown format', () => ['trend', weeks, '-f', 'pdf'], /^campaign-audit: .*unknown format "pdf"/],
      ['two formats on stdout', () => ['trend', weeks, '-f', 'table', '-f', 'json'], /^campaign-audit: only one --format can write to stdout/],
    ];
    for (const [label, argv, message] of cases) {
      it(label, async () => {
        const run = await runCli(argv());
        assert.equal(run.code, 2, run.stderr);
        assert.equal(run.stdout, '');
        oneLine(run.stderr);
        assert.match(run.stderr.trimEnd(), message);
      });
    }
  });
});
