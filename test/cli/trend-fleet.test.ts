// `campaign-audit trend` over reports written by `scan --dir` (test/helpers/trend-fleet.ts): the
// facts a migration lead shows a manager, the same in every format: instances counted once and
// "x of y instances migrated (z %)", containers on JWT, one line per category of findings, the
// deadlines in the range, the hosts added, removed or not scanned by name, the refusal of reports
// of two fleets (and --allow-mixed), and report names without their folders.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Trend } from '../../src/history/trend.js';
import type { ScanResult } from '../../src/model.js';
import { runCli } from '../helpers/cli.js';
import { writeFleetReportWithChecks, writeFleetReports, writeOtherFleetReport } from '../helpers/trend-fleet.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-trend-fleet-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const reportsDir = join(scratch, 'reports', 'of', 'a', 'long', 'local', 'folder');
let files: string[] = [];
let other = '';

const FORMATS = ['table', 'markdown', 'html', 'json'] as const;

async function trendIn(format: (typeof FORMATS)[number], ...argv: string[]): Promise<string> {
  const run = await runCli(['trend', ...argv, '-f', format], { columns: 80 });
  assert.equal(run.code, 0, run.stderr);
  return run.stdout;
}

async function trendJson(...argv: string[]): Promise<Trend> {
  return JSON.parse(await trendIn('json', ...argv)) as Trend;
}

/** Text of any format on one line, HTML tags and Markdown escapes dropped, for sentence matching. */
const flat = (text: string): string => text.replace(/<[^>]*>/g, ' ').replace(/\\/g, '').replace(/\s+/g, ' ');

before(async () => {
  files = await writeFleetReports(join(scratch, 'hosts'), reportsDir);
  other = await writeOtherFleetReport(join(scratch, 'elsewhere', 'other-fleet.json'));
});

describe('trend over scanned reports of one fleet', () => {
  it('counts each instance once: migrated when every host of it has OAuth; containers on JWT apart', async () => {
    const trend = await trendJson(reportsDir);
    assert.deepEqual(
      trend.points.map(({ asOf, migration }) => [asOf, migration.migrated, migration.instances, migration.percent, migration.onJwt, migration.hostsOnJwt, migration.withoutAccount]),
      [
        // prod is on JWT on mkt-prod-1 and on OAuth on mkt-prod-2: one instance, not migrated.
        ['2026-02-15', 2, 5, 40, 3, 3, 1],
        ['2026-03-08', 4, 4, 100, 0, 0, 1],
        ['2026-03-15', 4, 5, 80, 1, 1, 1],
      ],
    );
    // The per-host figure is still there: prod counts twice on 2026-02-15.
    assert.equal(trend.points[0]?.instances.jwt, 3);
    assert.deepEqual([trend.change?.migrated, trend.change?.toMigrate, trend.change?.hostsOnJwt], [[2, 4], [5, 5], [3, 1]]);
  });

  it('counts findings per category as each report does, so that security is a line apart from migration', async () => {
    const trend = await trendJson(reportsDir);
    for (const [index, point] of trend.points.entries()) {
      const report = JSON.parse(readFileSync(files[index]!, 'utf8')) as ScanResult;
      // A default scan runs migration and security; hardening, opt-in, has no figure rather than a 0.
      assert.deepEqual(point.checks, ['migration', 'security'], point.asOf);
      assert.deepEqual(Object.keys(point.openByCategory), ['migration', 'security'], point.asOf);
      for (const category of point.checks) assert.deepEqual(point.openByCategory[category], report.summary.categories?.[category].findings, `${point.asOf} ${category}`);
    }
    assert.deepEqual(trend.categories, ['migration', 'security']);
    // Migration falls from 8 to 3 while the two clear-text secrets stay: one line per category.
    assert.deepEqual(trend.change?.categories, { migration: [8, 3], security: [2, 2] });
  });

  it('marks the JWT hard stop and the reports\' cutoff, the deadlines inside the range, in every format', async () => {
    const trend = await trendJson(reportsDir);
    assert.deepEqual(trend.deadlines, [
      { date: '2026-03-01', events: ['hard-stop'], label: 'JWT hard stop' },
      { date: '2026-03-10', events: ['cutoff'], label: 'policy cutoff' },
    ]);
    const table = await trendIn('table', reportsDir);
    const rows = table.split('\n').filter((line) => /^(\d{4}-\d{2}-\d{2} {2}|-- )/.test(line));
    assert.deepEqual(rows.map((line) => line.slice(0, 30).trimEnd()), ['2026-02-15    6/6   2/5 40%', '-- 2026-03-01 JWT hard stop --', '2026-03-08    5/6  4/4 100%', '-- 2026-03-10 policy cutoff --', '2026-03-15    6/6   4/5 80%']);
    const markdown = await trendIn('markdown', reportsDir);
    assert.match(markdown, /^\| \*\*2026-03-01\*\* \| \*JWT hard stop\* \|/m);
    const html = await trendIn('html', reportsDir);
    assert.deepEqual([...html.matchAll(/<g class="deadline" data-deadline="([^"]+)"/g)].map((match) => match[1]), ['2026-03-01', '2026-03-10']);
    for (const text of [table, markdown, html]) assert.match(flat(text), /Deadlines in this range: 2026-03-01 JWT hard stop; 2026-03-10 policy cutoff\./);
  });

  it('names the hosts added, removed and not scanned between two reports', async () => {
    const trend = await trendJson(reportsDir);
    assert.deepEqual(trend.hostChanges, [{ asOf: '2026-03-08', source: 'fleet-2026-03-08.json', since: '2026-02-15', added: ['mkt-unknown-1'], removed: ['gs-legacy-1'], notScanned: ['mid-emea-1'] }]);
    const sentence = /2026-03-08: 1 host added since 2026-02-15 \(mkt-unknown-1\); 1 host removed since 2026-02-15 \(gs-legacy-1\); 1 of 6 hosts not scanned \(mid-emea-1\)/;
    for (const format of ['table', 'markdown', 'html'] as const) assert.match(flat(await trendIn(format, reportsDir)), sentence, format);
  });

  it('says the same facts in every format, names each report by its file name only, within 80 columns', async () => {
    for (const format of FORMATS) {
      const text = await trendIn(format, reportsDir);
      assert.ok(!text.includes(scratch), `${format}: no local folder`);
      for (const file of files) assert.ok(text.includes(basename(file)), `${format}: ${basename(file)}`);
      // No report ran the opt-in hardening rules: no Hardening column, figure or sentence anywhere.
      assert.doesNotMatch(text, /hardening/i, format);
      if (format !== 'json') assert.match(flat(text), /From 2026-02-15 to 2026-03-15: 4 of 5 instances migrated \(80 %\), was 2 of 5 \(40 %\); instances on JWT 3 → 1 \(-2\); containers on JWT 3 → 1 \(-2\); hosts below 7\.4\.1 2 → 0 \(-2\)\. Open critical and high findings: Migration 8 → 3 \(-5\); Security 2 → 2 \(±0\)\./, format);
    }
    for (const line of (await trendIn('table', reportsDir)).split('\n')) assert.ok(line.length <= 80, line);
  });
});

describe('trend where only the newest report ran the hardening rules', () => {
  const dir = join(scratch, 'hardening-added');
  let newest = '';
  before(async () => {
    // The first two weeks as scanned by default; the third scanned with --checks migration,security,hardening.
    newest = await writeFleetReportWithChecks(join(scratch, 'hosts'), '2026-03-15', 'migration,security,hardening', join(dir, 'fleet-2026-03-15.json'));
    for (const file of files.slice(0, 2)) copyFileSync(file, join(dir, basename(file)));
  });

  it('records what each report ran, and gives the older dates no hardening figure rather than 0', async () => {
    const trend = await trendJson(dir);
    const report = JSON.parse(readFileSync(newest, 'utf8')) as ScanResult;
    const hardening = report.summary.categories?.hardening.findings;
    assert.ok(hardening !== undefined && hardening.critical + hardening.high > 0, 'the demo hosts have critical or high hardening findings');
    assert.deepEqual(trend.categories, ['migration', 'security', 'hardening']);
    assert.deepEqual(trend.points.map((point) => point.checks), [['migration', 'security'], ['migration', 'security'], ['migration', 'security', 'hardening']]);
    assert.deepEqual(trend.points.map((point) => 'hardening' in point.openByCategory), [false, false, true]);
    assert.deepEqual(trend.points[2]?.openByCategory.hardening, hardening);
    assert.deepEqual(trend.change?.categories, { migration: [8, 3], security: [2, 2], hardening: [null, hardening.critical + hardening.high] });
  });

  it('shows the Hardening column with "-" before it ran, and says "not checked → N" in every format, within 80 columns', async () => {
    const figure = (await trendJson(dir)).change?.categories.hardening?.[1];
    const table = await trendIn('table', dir);
    for (const line of table.split('\n')) assert.ok(line.length <= 80, line);
    const lines = table.split('\n');
    assert.ok(lines.includes('Date        Hosts  Migrated  JWT  Ctrs  <min  Migration  Security  Hardening'), table);
    const rows = lines.filter((line) => /^\d{4}-\d{2}-\d{2} {2}/.test(line));
    assert.deepEqual(rows.map((line) => line.split(/\s+/).slice(-3)), [['8', '2', '-'], ['2', '1', '-'], ['3', '2', String(figure)]]);
    const markdown = await trendIn('markdown', dir);
    assert.match(markdown, /^\| Date \|.*\| Security \(critical, high\) \| Hardening \(critical, high\) \|/m);
    assert.match(markdown, /^\| 2026-02-15 \|.*\| 8 \| 2 \| - \|/m);
    const html = await trendIn('html', dir);
    assert.deepEqual([...html.matchAll(/<td data-col="category-hardening">([^<]*)<\/td>/g)].map((match) => match[1]), ['-', '-', String(figure)]);
    for (const [format, text] of [['table', table], ['markdown', markdown], ['html', html]] as const) {
      assert.match(flat(text), new RegExp(`Open critical and high findings: Migration 8 → 3 \\(-5\\); Security 2 → 2 \\(±0\\); Hardening not checked → ${figure}\\.`), format);
      assert.match(flat(text), /Hardening is not checked on 2026-02-15, 2026-03-08: those reports did not run its rules \(--checks\), so it has no figure there \(-\), not 0\./, format);
      assert.doesNotMatch(flat(text), /Hardening 0|Hardening \(critical, high\) 0/, format);
    }
  });
});

describe('trend over reports of two fleets', () => {
  it('refuses them with one line and exit 2, naming the two reports', async () => {
    const run = await runCli(['trend', reportsDir, other, '-f', 'html=' + join(scratch, 'mixed.html')]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
    assert.equal(
      run.stderr.trimEnd(),
      "campaign-audit: trend: fleet-2026-03-15.json (2026-03-15) and other-fleet.json (2026-03-22) share 0 of their 6 and 5 hosts: reports of different fleets; give one fleet's reports, or --allow-mixed to trend them together",
    );
  });

  it('refuses a report of another fleet hidden behind a later one of the same date', async () => {
    const run = await runCli(['trend', files[0]!, await writeOtherFleetReport(join(scratch, 'same-day', 'other.json'), '2026-02-15')]);
    assert.equal(run.code, 2, run.stdout);
    assert.match(run.stderr, /different fleets/);
  });

  it('with --allow-mixed, trends them and says so in every format, the host lists bounded', async () => {
    const trend = await trendJson(reportsDir, other, '--allow-mixed');
    assert.deepEqual(trend.mixedFleets, [{ from: { asOf: '2026-03-15', source: 'fleet-2026-03-15.json', hosts: 6 }, to: { asOf: '2026-03-22', source: 'other-fleet.json', hosts: 5 }, shared: 0 }]);
    assert.equal(trend.hostChanges[1]?.removed.length, 6, 'the JSON lists every name');
    for (const format of ['table', 'markdown', 'html'] as const) {
      const text = flat(await trendIn(format, reportsDir, other, '--allow-mixed'));
      assert.match(text, /fleet-2026-03-15\.json \(2026-03-15, 6 hosts\) and other-fleet\.json \(2026-03-22, 5 hosts\) share no host: they look like different fleets, trended together by --allow-mixed\./, format);
      assert.match(text, /6 hosts removed since 2026-03-15 \(exec-triggers-1, mid-emea-1, mkt-prod-1, mkt-prod-2, mkt-unknown-1 and 1 more\)/, format);
    }
  });
});
