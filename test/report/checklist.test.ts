// The hardening checklist report (-f checklist, -f checklist-html): every item on every host and
// instance, each status with its why, judged from the result alone (so a saved report gives the
// same checklist), and hostile strings from hosts shown as text.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HARDENING_CHECKLIST, type ChecklistItem } from '../../src/data/hardening-checklist.js';
import type { ScanResult } from '../../src/model.js';
import { judgeChecklist, type ChecklistEntry, type ChecklistScope } from '../../src/report/checklist-model.js';
import { checklistMarkdown } from '../../src/report/checklist-markdown.js';
import { checklistHtml } from '../../src/report/checklist-html.js';
import { reporters } from '../../src/report/index.js';
import { runCli } from '../helpers/cli.js';
import { demoResult, downHost } from '../helpers/demo.js';
import { POLICY, reportContext } from '../helpers/fixtures.js';

/** Items over existing rules, so pass/fail/waived are tested whatever rules this version registers. */
const ITEMS: readonly ChecklistItem[] = [
  { id: 'dbcnx-password', kind: 'rules', title: 'No clear-text password', page: { title: 'Server security settings', url: 'https://example.test/a' }, rules: ['secrets/plaintext'] },
  { id: 'ims-api-lockdown', kind: 'rules', title: 'Native operators cannot call the APIs', page: { title: 'IMS', url: 'https://example.test/b' }, rules: ['operators/native-api-enabled'], hosted: 'Adobe does it.' },
  { id: 'web-trace', kind: 'manual', title: 'TRACE removed', page: { title: 'Web server', url: 'https://example.test/c' }, manual: 'Run `curl -X TRACE`.', hosted: 'Adobe does it.' },
  { id: 'operator-rights', kind: 'manual', title: 'Operator rights reviewed', page: { title: 'Access', url: 'https://example.test/d' }, manual: 'In the console.' },
];

function entry(scopes: readonly ChecklistScope[], host: string, instance: string | null, item: string): ChecklistEntry {
  const scope = scopes.find((one) => one.host.name === host && one.instance === instance);
  assert.ok(scope, `${host} / ${instance}`);
  const found = scope.entries.find((one) => one.item.id === item);
  assert.ok(found, item);
  return found;
}

describe('judgeChecklist', () => {
  let demo: ScanResult;
  before(async () => {
    demo = await demoResult({}, [downHost('mkt-down-1')]);
  });

  it('gives every host and instance one entry per item of the whole checklist, in order', () => {
    const checklist = judgeChecklist(demo);
    assert.equal(checklist.items, HARDENING_CHECKLIST);
    const scopes = checklist.scopes.map((scope) => `${scope.host.name}/${scope.instance ?? '-'}`);
    assert.ok(scopes.includes('mkt-zoned-1/shop') && scopes.includes('mkt-zoned-1/staging') && scopes.includes('mkt-down-1/-'));
    for (const scope of checklist.scopes) assert.deepEqual(scope.entries.map((one) => one.item.id), HARDENING_CHECKLIST.map((item) => item.id));
    assert.equal(Object.values(checklist.counts).reduce((sum, count) => sum + count, 0), checklist.scopes.length * HARDENING_CHECKLIST.length);
  });

  it('fails an item with its findings, and passes it where its rules ran and found nothing', () => {
    const { scopes } = judgeChecklist(demo, ITEMS);
    const failed = entry(scopes, 'exec-triggers-1', 'exec', 'dbcnx-password');
    assert.equal(failed.status, 'fail');
    assert.deepEqual(failed.findings.map((finding) => finding.ruleId), ['secrets/plaintext']);
    assert.equal(entry(scopes, 'exec-triggers-1', 'sandbox', 'dbcnx-password').status, 'pass');
    assert.equal(entry(scopes, 'mkt-open-1', 'mkt_open', 'ims-api-lockdown').status, 'fail');
    assert.equal(entry(scopes, 'mkt-hardened-1', 'crm', 'ims-api-lockdown').status, 'pass');
  });

  it('counts a finding of serverConf.xml (no instance) against every instance of its host', () => {
    const result: ScanResult = { ...demo, findings: demo.findings.map((finding) => (finding.ruleId === 'secrets/plaintext' && finding.host === 'exec-triggers-1' ? { ...finding, instance: null } : finding)) };
    const { scopes } = judgeChecklist(result, ITEMS);
    assert.equal(entry(scopes, 'exec-triggers-1', 'sandbox', 'dbcnx-password').status, 'fail');
  });

  it('shows an item whose findings are all waived as waived, with the findings', () => {
    const result: ScanResult = { ...demo, findings: demo.findings.map((finding) => (finding.ruleId === 'secrets/plaintext' ? { ...finding, waived: true, waiverReason: 'vault migration CHG-1' } : finding)) };
    const waived = entry(judgeChecklist(result, ITEMS).scopes, 'exec-triggers-1', 'exec', 'dbcnx-password');
    assert.equal(waived.status, 'waived');
    assert.equal(waived.findings[0]?.waiverReason, 'vault migration CHG-1');
    const markdown = checklistMarkdown(result, reportContext());
    assert.match(markdown, /\| `dbcnx-password` \| waived \|/);
    assert.match(markdown, /_\(waived: vault migration CHG-1\)_/);
  });

  it('does not judge a host that was not scanned, and says why', () => {
    const down = entry(judgeChecklist(demo, ITEMS).scopes, 'mkt-down-1', null, 'dbcnx-password');
    assert.equal(down.status, 'not-checked');
    assert.equal(down.reason, 'host not scanned (unreachable: connection refused)');
    assert.equal(entry(judgeChecklist(demo, ITEMS).scopes, 'mkt-down-1', null, 'web-trace').status, 'manual');
  });

  it('does not pass an instance whose configuration file could not be read', () => {
    const broken = entry(judgeChecklist(demo, ITEMS).scopes, 'mkt-broken-1', 'demo', 'dbcnx-password');
    assert.equal(broken.status, 'not-checked');
    assert.match(broken.reason ?? '', /conf\/config-demo\.xml could not be read \(config\/unreadable\)/);
  });

  it('marks hosted items not applicable on a Campaign v8 host, with the reason, and judges the others', () => {
    const { scopes } = judgeChecklist(demo, ITEMS);
    const ims = entry(scopes, 'v8-cloud-1', 'cloud', 'ims-api-lockdown');
    assert.equal(ims.status, 'not-applicable');
    assert.equal(ims.reason, 'Campaign v8 runs as Managed Cloud Services. Adobe does it.');
    assert.equal(entry(scopes, 'v8-cloud-1', 'cloud', 'web-trace').status, 'not-applicable');
    assert.equal(entry(scopes, 'v8-cloud-1', 'cloud', 'operator-rights').status, 'manual');
    assert.equal(entry(scopes, 'v8-cloud-1', 'cloud', 'dbcnx-password').status, 'pass');
  });

  it('says which --checks would run an item its categories left out', async () => {
    const migration = await demoResult({ policy: { ...POLICY, checks: ['migration'] } });
    const left = entry(judgeChecklist(migration, ITEMS).scopes, 'exec-triggers-1', 'exec', 'dbcnx-password');
    assert.equal(left.status, 'not-checked');
    assert.deepEqual(left.checks, ['security']);
    assert.equal(left.reason, 'secrets/plaintext left out by --checks: run with --checks migration,security');
  });

  it('says a rule this version does not know is not checked, never passed', () => {
    const unknown: ChecklistItem = { id: 'future', kind: 'rules', title: 'A rule from a later version', page: { title: 'x', url: 'https://example.test/x' }, rules: ['future/rule'] };
    const future = entry(judgeChecklist(demo, [unknown]).scopes, 'mkt-hardened-1', 'crm', 'future');
    assert.equal(future.status, 'not-checked');
    assert.equal(future.reason, 'future/rule: no such rule in this version of campaign-audit');
  });
});

describe('-f checklist and -f checklist-html', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ca-checklist-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('are formats of scan, demo and convert, and a saved report gives the same checklist', async () => {
    assert.ok('checklist' in reporters && 'checklist-html' in reporters);
    const report = join(scratch, 'report.json');
    writeFileSync(report, (await runCli(['demo', '--as-of', '2026-11-27', '-q', '-f', 'json'])).stdout);
    const fromScan = await runCli(['demo', '--as-of', '2026-11-27', '-q', '-f', 'checklist']);
    const fromReport = await runCli(['convert', report, '-f', 'checklist']);
    assert.equal(fromReport.code, 0, fromReport.stderr);
    assert.equal(fromReport.stdout, fromScan.stdout);
    const html = await runCli(['convert', report, '-f', `checklist-html=${join(scratch, 'checklist.html')}`]);
    assert.equal(html.code, 0, html.stderr);
    assert.match(html.stderr, /wrote checklist-html report to /);
  });

  it('name every item of the checklist, in Markdown and in HTML', async () => {
    const result = await demoResult();
    const markdown = checklistMarkdown(result, reportContext());
    const page = checklistHtml(result, reportContext());
    for (const item of HARDENING_CHECKLIST) {
      assert.ok(markdown.includes(`\`${item.id}\``), item.id);
      assert.ok(page.includes(`<code>${item.id}</code>`), item.id);
      assert.ok(markdown.includes(item.page.url) && page.includes(item.page.url), item.id);
    }
  });

  it('keep every Markdown table line within 80 columns on the demo', async () => {
    const markdown = checklistMarkdown(await demoResult(), reportContext());
    const wide = markdown.split('\n').filter((line) => line.startsWith('|') && line.length > 80);
    assert.deepEqual(wide, []);
  });

  it('escape hostile host, instance and message text', async () => {
    const result = await demoResult();
    const hostile = '<img src=x onerror=alert(1)>|**bold** [link](https://evil.test)';
    const renamed: ScanResult = {
      ...result,
      hosts: result.hosts.map((host) => (host.name === 'exec-triggers-1' ? { ...host, name: hostile, instances: host.instances.map((instance) => ({ ...instance, name: `${instance.name}${hostile}` })) } : host)),
      findings: result.findings.map((finding) => (finding.host === 'exec-triggers-1' ? { ...finding, host: hostile, instance: finding.instance === null ? null : `${finding.instance}${hostile}`, message: `${finding.message} ${hostile}` } : finding)),
    };
    const markdown = checklistMarkdown(renamed, reportContext());
    assert.ok(!markdown.includes('<img'), 'no raw HTML');
    assert.ok(!/(?<!\\)\]\(https:\/\/evil/.test(markdown), 'no link');
    assert.match(markdown, /## &lt;img src=x onerror=alert\(1\)&gt;\\\|\\\*\\\*bold\\\*\\\*/);
    const page = checklistHtml(renamed, reportContext());
    assert.ok(!page.includes('<img'), 'no raw HTML');
    assert.match(page, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });
});
