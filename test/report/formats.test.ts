import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { before, describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DEFAULT_CHECKS, RULE_CATEGORIES, type ScanResult } from '../../src/model.js';
import { csv, csvCell } from '../../src/report/csv.js';
import { junit } from '../../src/report/junit.js';
import { markdown } from '../../src/report/markdown.js';
import { sarif } from '../../src/report/sarif.js';
import { RULES } from '../../src/rules/index.js';
import { demoResult } from '../helpers/demo.js';
import { codeTexts, renderMarkdown } from '../helpers/markdown.js';
import { POLICY, reportContext } from '../helpers/fixtures.js';

const context = reportContext();
let result: ScanResult;
/** The demo with every category run, hardening included (--checks migration,security,hardening). */
let everything: ScanResult;
before(async () => {
  result = await demoResult();
  everything = await demoResult({ policy: { ...POLICY, checks: RULE_CATEGORIES } });
});

/** The rules a default run names: those of the default categories (hardening is opt-in). */
const DEFAULT_RULES = RULES.filter((rule) => (DEFAULT_CHECKS as readonly string[]).includes(rule.meta.category));

describe('csv', () => {
  it('has one row per host and one per finding', () => {
    const lines = csv(result, context).trimEnd().split('\r\n');
    assert.equal(lines.length, result.hosts.length + result.findings.length + 1);
    assert.equal(lines[0], 'record,severity,ruleId,host,status,product,version,build,instance,file,path,message,fingerprint,waived,waiverReason,baseline,error,hosts');
    assert.equal(lines.filter((line) => line.startsWith('host,')).length, result.hosts.length);
    assert.equal(lines.filter((line) => line.startsWith('finding,')).length, result.findings.length);
  });

  it('neutralises spreadsheet formulas and quotes as RFC 4180 says', () => {
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('-2'), "'-2");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('x;=1+1'), '"x;=1+1"', 'a semicolon splits cells in many locales');
    assert.equal(csvCell('line\nbreak'), '"line\nbreak"');
    assert.equal(csvCell('plain'), 'plain');
  });

  it('escapes a hostile host name that reaches a cell', () => {
    const hostile = { ...result, findings: [{ ...result.findings[0]!, host: '=cmd|"/c calc"!A1' }] };
    assert.match(csv(hostile, context), /,"'=cmd\|""\/c calc""!A1",/);
  });
});

describe('sarif', () => {
  it('validates against the SARIF 2.1.0 schema, by default and with every category', () => {
    const require = createRequire(import.meta.url);
    const Ajv = require('ajv') as new (options: object) => { addMetaSchema(schema: object): void; validate(schema: object, data: unknown): boolean; errors: unknown };
    const ajv = new Ajv({ schemaId: 'auto', allErrors: true, unknownFormats: 'ignore' });
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    for (const each of [result, everything]) {
      const log = JSON.parse(sarif(each, context)) as unknown;
      const valid = ajv.validate(schema, log);
      assert.ok(valid, JSON.stringify(ajv.errors, null, 1));
    }
  });

  it('describes every rule of the run, points each result at its rule, and names no opt-in rule that did not run', () => {
    type Log = { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number }[] }[] };
    const all = JSON.parse(sarif(everything, context)) as Log;
    assert.deepEqual(all.runs[0]?.tool.driver.rules.map((rule) => rule.id), RULES.map((rule) => rule.id));
    for (const log of [all, JSON.parse(sarif(result, context)) as Log]) {
      const [run] = log.runs;
      assert.ok(run?.results.every((entry) => run.tool.driver.rules[entry.ruleIndex]?.id === entry.ruleId));
    }
  });

  it('describes every rule and fingerprints every result stably', () => {
    const log = JSON.parse(sarif(result, context)) as { runs: { tool: { driver: { rules: { id: string; help: { text: string } }[] } }; results: { ruleId: string; partialFingerprints: Record<string, string>; level: string }[] }[] };
    const [run] = log.runs;
    assert.deepEqual(run?.tool.driver.rules.map((rule) => rule.id), DEFAULT_RULES.map((rule) => rule.id));
    assert.ok(run?.tool.driver.rules.every((rule) => rule.help.text.length > 20));
    assert.deepEqual(run?.results.map((entry) => entry.partialFingerprints['campaignAudit/v1']), result.findings.map((finding) => finding.fingerprint));
    assert.equal(run?.results.find((entry) => entry.ruleId === 'product/v8')?.level, 'note');
  });
});

describe('junit', () => {
  it('is well-formed XML with one case per host × rule, and one failing case per gating finding', () => {
    const xml = junit(result, context);
    assert.equal(XMLValidator.validate(xml), true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as { testsuites: { tests: string; failures: string; testsuite: { name: string; testcase: { name: string; failure?: { type: string } }[] }[] } };
    const gating = result.findings.filter((finding) => ['critical', 'high'].includes(finding.severity));
    const ruleHostsWithGating = new Set(gating.map((finding) => `${finding.host} ${finding.ruleId}`));
    assert.equal(Number(parsed.testsuites.tests), result.hosts.length * (DEFAULT_RULES.length + 1) + gating.length - ruleHostsWithGating.size);
    const failures = parsed.testsuites.testsuite.filter((suite) => suite.name !== 'campaign-audit verdict').flatMap((suite) => suite.testcase.filter((testCase) => testCase.failure !== undefined).map((testCase) => `${suite.name} ${testCase.name.split(' ')[0]}`));
    assert.deepEqual(failures.sort(), gating.map((finding) => `${finding.host} ${finding.ruleId}`).sort());
    assert.equal(Number(parsed.testsuites.failures), result.summary.gating);
  });

  it('skips the rule cases of hosts not scanned', () => {
    const withDown: ScanResult = { ...result, hosts: [...result.hosts, { name: 'down-1', address: '10.0.0.9', status: 'unreachable', error: 'connect ECONNREFUSED', product: null, version: null, build: null, instances: [] }] };
    const xml = junit(withDown, context);
    assert.equal((xml.match(/<skipped message="host not scanned: unreachable: connect ECONNREFUSED"\/>/g) ?? []).length, DEFAULT_RULES.length);
  });

  it('has a case per host × rule of every category run with --checks, and its failures equal the gating count', () => {
    const xml = junit(everything, context);
    assert.equal(XMLValidator.validate(xml), true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as { testsuites: { failures: string; testsuite: { name: string; testcase: { name: string }[] }[] } };
    const names = new Set(parsed.testsuites.testsuite.filter((suite) => suite.name !== 'campaign-audit verdict').flatMap((suite) => suite.testcase.map((testCase) => testCase.name.split(' ')[0])));
    for (const rule of RULES) assert.ok(names.has(rule.id), rule.id);
    assert.equal(Number(parsed.testsuites.failures), everything.summary.gating);
  });
});

describe('text from servers', () => {
  it('cannot inject Markdown markup or terminal escapes', async () => {
    const { mdText } = await import('../../src/render/markdown-text.js');
    assert.equal(mdText('[x](http://evil) ![i](http://evil/i.png) `code` <b>|'), '\\[x\\](http://evil) \\!\\[i\\](http://evil/i.png) \\`code\\` &lt;b&gt;\\|');
    const { table } = await import('../../src/report/table.js');
    const hostile: ScanResult = { ...result, findings: [{ ...result.findings[0]!, message: 'evil \u001b]0;pwned\u0007 \u001b[2J text' }] };
    const text = table(hostile, context);
    assert.ok(!text.includes('\u001b]0;') && !text.includes('\u001b[2J'), 'no escape sequence from the data');
  });
});

describe('hostile instance names', () => {
  const names = ['nl\nFAKE: oauth', 'rtl\u202egnp.exe', 'isolate\u2066x\u2069', 'tab\there', 'esc\u001b[2Jx', '<img src=x onerror=alert(1)>&amp;', '=HYPERLINK("http://x")'];
  const hostile = (): ScanResult => ({
    ...result,
    hosts: [{ ...result.hosts[0]!, instances: names.map((name) => ({ name, credential: 'jwt' as const, file: `conf/config-${name}.xml` })) }],
    findings: names.map((name) => ({ ...result.findings[0]!, host: result.hosts[0]!.name, instance: name, file: `conf/config-${name}.xml`, message: `Instance ${name} is hostile.` })),
  });

  it('are one line each in the terminal table, with no control or bidi character', async () => {
    const { table } = await import('../../src/report/table.js');
    const text = table(hostile(), context);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    assert.doesNotMatch(text, /^\W*FAKE: oauth/m, 'a newline in a name cannot forge an instance line');
    assert.match(text, /nl\?FAKE: oauth: jwt/);
    assert.match(text, /rtl\?gnp\.exe/);
  });

  it('are escaped in Markdown, entities included', () => {
    const text = markdown(hostile(), context);
    assert.match(text, /&lt;img src=x onerror=alert\(1\)&gt;&amp;amp;/);
    assert.doesNotMatch(renderMarkdown(text), /<img/);
    assert.ok(codeTexts(renderMarkdown(text)).includes('conf/config-<img src=x onerror=alert(1)>&amp;.xml'), 'a code span holds the name exactly');
    assert.match(text, /\| nl FAKE: oauth \|/, 'a newline cannot end a table row');
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u202e\u2066]/);
  });

  it('keep CSV rows whole, formulas neutralised and terminal escapes out', () => {
    const text = csv(hostile(), context);
    assert.match(text, /,"'=HYPERLINK\(""http:\/\/x""\)",/);
    assert.match(text, /,"nl\nFAKE: oauth",/, 'the newline stays, quoted');
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(text, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202e\u2066]/);
  });

  it('reach the diff table without escape sequences', async () => {
    const { diffReports } = await import('../../src/history/diff.js');
    const { renderDiff } = await import('../../src/report/diff.js');
    const text = renderDiff(diffReports({ ...result, findings: [] }, hostile()), 'table');
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u202e\u2066]/);
    assert.match(text, /esc\?\[2Jx/);
  });
});

describe('markdown', () => {
  it('has the verdict, every host and every finding', () => {
    const text = markdown(result, context);
    assert.match(text, /\*\*Verdict: FAIL/);
    for (const host of result.hosts) assert.ok(text.includes(`| ${host.name} |`), host.name);
    assert.equal((text.match(/^\| `[a-z0-9]+\/[a-z0-9-]+` \|/gm) ?? []).length, result.findings.length);
  });
});
