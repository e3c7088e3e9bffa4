// Every string from a report is untrusted in every output: a saved report whose every text field
// holds terminal escapes, Markdown and HTML markup, a code-span breaker and a CSV formula goes
// through every format, the plan and diff, directly and through the CLI. Each output kind is
// checked the way its reader meets it: a terminal, a Markdown renderer, a spreadsheet, an XML
// or JSON parser.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { diffReports } from '../../src/history/diff.js';
import type { ScanResult } from '../../src/model.js';
import type { Waiver } from '../../src/engine/waivers.js';
import { buildPlan } from '../../src/plan/build.js';
import { renderPlanMarkdown } from '../../src/plan/markdown.js';
import { renderDiff } from '../../src/report/diff.js';
import { CSV_COLUMNS } from '../../src/report/csv.js';
import { reporters } from '../../src/report/index.js';
import { runCli } from '../helpers/cli.js';
import { demoResult, downHost } from '../helpers/demo.js';
import { codeTexts, renderMarkdown } from '../helpers/markdown.js';
import { reportContext, BUILDS } from '../helpers/fixtures.js';

const context = reportContext();
// eslint-disable-next-line no-control-regex
const TERMINAL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
/** Markup, links, HTML, a heading and a list on new lines, OSC 8 link, CSI, C1 CSI, bidi, a formula after `;`. */
const TEXT_PAYLOAD = '\u001b]8;;http://evil\u0007osc\u001b]8;;\u0007\u001b[2J\u009b31m\u202eRLO\u2066 |[click](http://evil) ![i](http://evil/i.png) <img src=x onerror=alert(1)> <b>bold</b> $x$ &amp; x;=1+1\n# Injected\r\n- listed';
/** For fields shown as code: backtick runs that would end a span early, no pipe. */
const CODE_PAYLOAD = 'START` <img src=x onerror=alert(2)> ``[c](http://evil)``` \u001b[31m=2+2;x END';
const CODE_KEYS = new Set(['ruleId', 'file', 'path', 'fingerprint', 'instance', 'clientId', 'orgId', 'technicalAccountId']);
/** Fields the report schema holds to a fixed set of values or a date: not free text. */
const FIXED_KEYS = new Set(['severity', 'status', 'credential', 'product', 'verdict', 'failOn', 'asOf', 'cutoff', 'expires', 'checkedAt']);

function poison(value: unknown, key = '', keep: ReadonlySet<string> = FIXED_KEYS): unknown {
  if (typeof value === 'string') {
    if (keep.has(key)) return value;
    return CODE_KEYS.has(key) ? `${value}${CODE_PAYLOAD}` : `${value}${TEXT_PAYLOAD}`;
  }
  if (Array.isArray(value)) return value.map((item) => poison(item, key, keep));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, poison(item, name, keep)]));
  return value;
}

const scratch = mkdtempSync(join(tmpdir(), 'ca-hostile-report-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let plain: ScanResult;
let hostile: ScanResult;
let plainFile: string;
let hostileFile: string;
let hostileRuleIdFile: string;
before(async () => {
  plain = await demoResult();
  const waivers: Waiver[] = [
    { ruleId: 'jwt/credential-present', host: 'mkt-prod-1', reason: 'decommissioned', expires: '2027-01-31' },
    { fingerprint: 'ffffffffffffffff', reason: 'stale', expires: '2027-01-31' },
    { ruleId: 'build/unknown', host: 'mkt-unknown-1', reason: 'old', expires: '2026-01-01' },
  ];
  const baseline = new Set(plain.findings.slice(0, 5).map((finding) => finding.fingerprint));
  const full = await demoResult({ waivers, baseline, baselineSource: { file: 'base.json', generatedAt: '2026-11-20T00:00:00.000Z' } }, [downHost('down-1')]);
  hostile = poison(full) as ScanResult;
  plainFile = join(scratch, 'plain.json');
  hostileFile = join(scratch, 'hostile.json');
  hostileRuleIdFile = join(scratch, 'hostile-rule-id.json');
  writeFileSync(plainFile, JSON.stringify(plain));
  // A saved report's rule ids are checked when it is read: the file the CLI reads keeps them
  // well-formed (the reporters above still get hostile ones), and one with a hostile id is refused.
  writeFileSync(hostileFile, JSON.stringify(poison(full, '', new Set([...FIXED_KEYS, 'ruleId', 'scheme', 'keyId']))));
  writeFileSync(hostileRuleIdFile, JSON.stringify(hostile));
});

/** Checks one Markdown document as a viewer renders it. */
function assertSafeMarkdown(text: string, what: string): void {
  assert.doesNotMatch(text.replace(/\n/g, ''), TERMINAL, `${what}: no control or bidi character`);
  const html = renderMarkdown(text);
  assert.doesNotMatch(html, /<(a|img|b|script)\b/, `${what}: no link, image or HTML from the data`);
  const injected = (html.match(/Injected/g) ?? []).length;
  assert.ok(injected > 0, `${what}: the hostile text is shown`);
  assert.equal((html.match(/# Injected/g) ?? []).length, injected, `${what}: "# Injected" stays text, never a heading`);
  assert.doesNotMatch(html, /<li>listed/, `${what}: no list item from the data`);
  for (const code of codeTexts(html).filter((text) => text.includes('START'))) assert.match(code, /START.*END/, `${what}: a code span holds the whole value: ${code}`);
  assert.ok(html.includes('[click](http://evil)'), `${what}: the link markup shows as text`);
}

/** RFC 4180 parse that also says which cells were quoted. */
function parseCsv(text: string): { value: string; quoted: boolean }[][] {
  const rows: { value: string; quoted: boolean }[][] = [];
  let row: { value: string; quoted: boolean }[] = [];
  let index = 0;
  while (index < text.length) {
    let value = '';
    let quoted = false;
    if (text[index] === '"') {
      quoted = true;
      index += 1;
      for (;;) {
        const end = text.indexOf('"', index);
        assert.ok(end >= 0, 'closed quote');
        value += text.slice(index, end);
        index = end + 1;
        if (text[index] === '"') {
          value += '"';
          index += 1;
        } else break;
      }
    } else {
      const match = /^[^,\r\n"]*/.exec(text.slice(index))![0];
      value = match;
      index += match.length;
    }
    row.push({ value, quoted });
    if (text[index] === ',') index += 1;
    else {
      assert.equal(text.slice(index, index + 2), '\r\n', 'a row ends with CRLF');
      index += 2;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

describe('a report with hostile text in every field', () => {
  it('keeps the terminal table free of escape sequences', () => {
    assert.doesNotMatch(reporters.table.render(hostile, context).replace(/\n/g, ''), TERMINAL);
  });

  it('renders Markdown with no injected link, HTML, heading or broken code span', () => {
    assertSafeMarkdown(reporters.markdown.render(hostile, context), 'markdown');
    assertSafeMarkdown(renderPlanMarkdown(buildPlan(hostile, BUILDS)), 'plan');
    assertSafeMarkdown(renderDiff(diffReports(plain, hostile), 'markdown'), 'diff (new)');
    assertSafeMarkdown(renderDiff(diffReports(hostile, plain), 'markdown'), 'diff (resolved)');
  });

  it('keeps the diff table free of escape sequences', () => {
    for (const diff of [diffReports(plain, hostile), diffReports(hostile, plain)]) assert.doesNotMatch(renderDiff(diff, 'table').replace(/\n/g, ''), TERMINAL);
  });

  it('writes CSV whose rows stay whole, with formulas neutralised and every ";" quoted', () => {
    const text = reporters.csv.render(hostile, context);
    assert.doesNotMatch(text.replace(/\r\n/g, '').replace(/\n/g, ''), TERMINAL);
    const rows = parseCsv(text);
    assert.equal(rows.length, 1 + hostile.hosts.length + hostile.findings.length);
    for (const row of rows) {
      assert.equal(row.length, CSV_COLUMNS.length);
      for (const cell of row) {
        assert.doesNotMatch(cell.value, /^[=+\-@\t\r]/, `formula neutralised: ${cell.value}`);
        if (/[;,]/.test(cell.value)) assert.ok(cell.quoted, `quoted: ${cell.value}`);
      }
    }
  });

  it('writes JUnit that is well-formed XML with no control or bidi character', () => {
    const xml = reporters.junit.render(hostile, context);
    assert.equal(XMLValidator.validate(xml), true);
    assert.doesNotMatch(xml.replace(/\n/g, ''), TERMINAL);
    assert.doesNotMatch(xml, /<img|<b>/);
  });

  it('writes SARIF, the JSON report and diff JSON whose bytes are safe and whose values are exact', () => {
    const report = reporters.json.render(hostile, context);
    assert.doesNotMatch(report.replace(/\n/g, ''), TERMINAL);
    assert.deepEqual(JSON.parse(report), hostile, 'the JSON report keeps every value exactly');
    const sarif = reporters.sarif.render(hostile, context);
    assert.doesNotMatch(sarif.replace(/\n/g, ''), TERMINAL);
    JSON.parse(sarif);
    const diff = renderDiff(diffReports(plain, hostile), 'json');
    assert.doesNotMatch(diff.replace(/\n/g, ''), TERMINAL);
    assert.deepEqual(JSON.parse(diff), JSON.parse(JSON.stringify(diffReports(plain, hostile))));
  });

  it('refuses a saved report whose rule id is not a rule id, in one line that quotes none of it', async () => {
    for (const argv of [['convert', hostileRuleIdFile, '-f', 'table'], ['plan', hostileRuleIdFile], ['diff', plainFile, hostileRuleIdFile]]) {
      const run = await runCli(argv);
      assert.equal(run.code, 2, `${argv.join(' ')}: ${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^campaign-audit: .*ruleId.*\n$/, argv.join(' '));
      assert.doesNotMatch(run.stderr, /START|img|evil/, `${argv.join(' ')}: the value is not quoted`);
    }
  });

  it('reaches nobody raw through convert, plan and diff on the command line', async () => {
    for (const argv of [
      ['convert', hostileFile, '-f', 'table'],
      ['diff', plainFile, hostileFile],
      ['diff', hostileFile, plainFile],
      ['plan', hostileFile, '-f', 'json'],
    ]) {
      const run = await runCli(argv);
      assert.equal(run.code, 0, `${argv.join(' ')}: ${run.stderr}`);
      assert.doesNotMatch(run.stdout.replace(/\n/g, ''), TERMINAL, argv.join(' '));
      assert.doesNotMatch(run.stderr.replace(/\n/g, ''), TERMINAL, argv.join(' '));
    }
    for (const argv of [
      ['convert', hostileFile, '-f', 'markdown'],
      ['plan', hostileFile],
      ['diff', plainFile, hostileFile, '-f', 'markdown'],
    ]) {
      const run = await runCli(argv);
      assert.equal(run.code, 0, `${argv.join(' ')}: ${run.stderr}`);
      assertSafeMarkdown(run.stdout, argv.join(' '));
    }
  });
});

describe('waiver warnings on stderr', () => {
  it('print a hostile fingerprint, rule or host without escape sequences', async () => {
    const waivers = join(scratch, 'waivers.yaml');
    writeFileSync(
      waivers,
      `waivers:
  - fingerprint: "\\e]0;pwned\\a\\e[2Jabc\\u009b31m\\u202e"
    reason: hostile
    expires: 2027-01-31
  - ruleId: build/unknown
    host: "mkt\\e[31m-unknown\\u2066"
    instance: "x\\e]8;;http://evil\\a"
    reason: hostile
    expires: 2027-01-31
`,
    );
    const run = await runCli(['demo', '--waivers', waivers, '-f', 'json', '--as-of', '2026-11-27']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /waiver matches no finding: fingerprint \?\]0;pwned\?\?\[2Jabc\?31m\?/);
    assert.match(run.stderr, /waiver matches no finding: build\/unknown on mkt\?\[31m-unknown\? \(instance x\?\]8;;http:\/\/evil\?\)/);
    assert.doesNotMatch(run.stderr.replace(/\n/g, ''), TERMINAL);
  });
});
