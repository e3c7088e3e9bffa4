// The trend as a terminal table and as Markdown, from the hand-made three weeks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import { wrapText } from '../../src/render/text-layout.js';
import { renderTrendJson, renderTrendMarkdown, renderTrendTable } from '../../src/report/trend-text.js';
import { buildTrend, trendInput } from '../../src/history/trend.js';
import { hardeningAddedLastWeek, threeWeeks } from '../helpers/trend-reports.js';

const trend = buildTrend(threeWeeks().map((report, index) => trendInput(`week-${index + 1}.json`, report)));

describe('trend table', () => {
  it('fits 80 columns and states the figures of each date', () => {
    const text = renderTrendTable(trend, 80);
    const lines = text.split('\n');
    for (const line of lines) assert.ok(line.length <= 80, `${line.length}: ${line}`);
    // Instances once: prod (two containers), legacy, odd; the waived secret leaves Security at 0.
    assert.ok(lines.includes('Date        Hosts  Migrated  JWT  Ctrs  <min  Migration  Security'), text);
    assert.ok(lines.includes('2026-11-04    5/5    0/3 0%    2     3     2          6         0'), text);
    assert.ok(lines.includes('2026-11-11    4/5   1/2 50%    0     0     0          1         0'), text);
    assert.ok(lines.includes('2026-11-18    5/5  3/3 100%    0     0     0          0         0'), text);
    assert.match(text.replace(/\s+/g, ' '), /From 2026-11-04 to 2026-11-18: 3 of 3 instances migrated \(100 %\), was 0 of 3 \(0 %\); instances on JWT 2 → 0 \(-2\); containers on JWT 3 → 0 \(-3\); hosts below 7\.4\.1 2 → 0 \(-2\)\. Open critical and high findings: Migration 6 → 0 \(-6\); Security 0 → 0 \(±0\)\./);
    assert.match(text.replace(/\s+/g, ' '), /2026-11-11: 1 of 5 hosts not scanned \(legacy-1\), their instances and findings missing/);
  });

  it('switches to one block per date when the table would not fit, every line within the width', () => {
    const text = renderTrendTable(trend, 40);
    for (const line of text.split('\n')) assert.ok(line.length <= 40, `${line.length}: ${line}`);
    assert.doesNotMatch(text, /Migrated {2}JWT/);
    assert.match(text, /^2026-11-11\n {2}hosts 4 of 5 scanned\n {2}1 of 2 instances migrated \(50 %\)\n {2}on JWT: 0 instances, 0 containers\n {2}hosts below 7\.4\.1: 0\n {2}open critical and high: Migration 1,\n {2}Security 0\n/m);
  });

  it('uses a wide terminal, and keeps control characters from a file name off the terminal', () => {
    const hostile = buildTrend([trendInput('evil\u001b[2J\u202e.json', threeWeeks()[0]!), trendInput('b.json', { ...threeWeeks()[0]!, generatedAt: '2026-11-05T00:00:00Z' })]);
    const text = renderTrendTable(hostile, 200);
    assert.ok(!text.includes('\u001b') && !text.includes('\u202e'), 'no ESC or RLO');
    assert.match(text, /evil\?\[2J\?\.json/);
    assert.ok(text.split('\n').some((line) => line.length > 80), 'a 200-column terminal gets long lines');
  });
});

describe('wrapping the trend text (wrapText)', () => {
  it('wraps on spaces, cuts a word longer than the width, keeps the indent', () => {
    assert.deepEqual(wrapText('  aaa bbb ccc', 9), ['  aaa bbb', '  ccc']);
    assert.deepEqual(wrapText('x'.repeat(12), 5), ['xxxxx', 'xxxxx', 'xx']);
  });
});

describe('trend markdown', () => {
  it('renders as a CommonMark table with one row per date, file names as text', () => {
    const hostile = buildTrend(threeWeeks().map((report, index) => trendInput(index === 0 ? 'a|b<img src=x>`c`_d.json' : `w${index}.json`, report)));
    const markdown = renderTrendMarkdown(hostile);
    const html = new MarkdownIt().render(markdown);
    // Date, hosts, three instance figures, below minimum; Migration and Security (no report ran hardening); five severities.
    assert.equal((html.match(/<th[ >]/g) ?? []).length, 6 + 2 + 5);
    assert.equal((html.match(/<tr>/g) ?? []).length, 4, 'header and three dates');
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /a\|b&lt;img src=x&gt;`c`_d\.json/);
    assert.match(html, /<td>2026-11-11<\/td>\s*<td style="text-align:right">4 of 5<\/td>/);
  });
});

describe('trend categories in the text formats', () => {
  const hardened = buildTrend(hardeningAddedLastWeek().map((report, index) => trendInput(`week-${index + 1}.json`, report)));

  it('shows no Hardening anywhere when no report ran it, in every text format and at every width', () => {
    for (const text of [renderTrendTable(trend, 80), renderTrendTable(trend, 40), renderTrendMarkdown(trend), renderTrendJson(trend)]) assert.doesNotMatch(text, /hardening/i);
  });

  it('table: a Hardening column, "-" on the dates whose report did not run it, "not checked → 2" in the change sentence', () => {
    const text = renderTrendTable(hardened, 80);
    const lines = text.split('\n');
    for (const line of lines) assert.ok(line.length <= 80, `${line.length}: ${line}`);
    assert.ok(lines.includes('Date        Hosts  Migrated  JWT  Ctrs  <min  Migration  Security  Hardening'), text);
    assert.ok(lines.includes('2026-11-04    5/5    0/3 0%    2     3     2          6         0          -'), text);
    assert.ok(lines.includes('2026-11-11    4/5   1/2 50%    0     0     0          1         0          -'), text);
    assert.ok(lines.includes('2026-11-18    5/5  3/3 100%    0     0     0          0         0          2'), text);
    const flat = text.replace(/\s+/g, ' ');
    assert.match(flat, /Open critical and high findings: Migration 6 → 0 \(-6\); Security 0 → 0 \(±0\); Hardening not checked → 2\./);
    assert.match(flat, /Migration, Security, Hardening: open critical and high findings of that category\./);
    assert.match(flat, /Hardening is not checked on 2026-11-04, 2026-11-11: those reports did not run its rules \(--checks\), so it has no figure there \(-\), not 0\./);
    assert.doesNotMatch(flat, /Hardening 0/);
  });

  it('blocks: "Hardening not checked" on the dates whose report did not run it', () => {
    const text = renderTrendTable(hardened, 40);
    for (const line of text.split('\n')) assert.ok(line.length <= 40, `${line.length}: ${line}`);
    const blocks = text.replace(/\n {2}(?=\S)/g, ' ').split('\n').filter((line) => /^2026-11-\d\d /.test(line));
    assert.deepEqual(blocks.map((block) => /open critical and high: (.*)$/.exec(block)?.[1]), ['Migration 6, Security 0, Hardening not checked', 'Migration 1, Security 0, Hardening not checked', 'Migration 0, Security 0, Hardening 2']);
  });

  it('markdown: a Hardening column with "-" before it ran, and the same sentences', () => {
    const markdown = renderTrendMarkdown(hardened);
    const html = new MarkdownIt().render(markdown);
    assert.equal((html.match(/<th[ >]/g) ?? []).length, 6 + 3 + 5);
    assert.match(markdown, /^\| 2026-11-04 \| 5 of 5 \| 0 of 3 instances migrated \(0 %\) \| 2 \| 3 \| 2 \| 6 \| 0 \| - \| 5 \| 1 \| 1 \| 0 \| 1 \|$/m);
    assert.match(markdown, /^\| 2026-11-18 \| .* \| 0 \| 0 \| 2 \| 0 \| 2 \| 1 \| 0 \| 1 \|$/m);
    const flat = markdown.replace(/\\/g, '').replace(/\s+/g, ' ');
    assert.match(flat, /Hardening not checked → 2\./);
    assert.match(flat, /Hardening is not checked on 2026-11-04, 2026-11-11:/);
  });

  it('json: the categories of the trend, what each report ran, and null for a date that did not run one', () => {
    const json = JSON.parse(renderTrendJson(hardened)) as typeof hardened;
    assert.deepEqual(json.categories, ['migration', 'security', 'hardening']);
    assert.deepEqual(json.points.map((point) => point.checks.length), [2, 2, 3]);
    assert.deepEqual(json.change?.categories.hardening, [null, 2]);
  });
});
