// The HTML compliance report, opened in a real headless Chromium: the rendered counts must
// match the JSON, the page must log no error and fetch nothing, fit a 1280 px window, an A4
// width (794 px) and an A4 print, show hostile text as text, and explain its words.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { CREDENTIALS, RULE_CATEGORIES, SEVERITIES, type ScanResult } from '../../src/model.js';
import { judgeChecklist } from '../../src/report/checklist-model.js';
import { html } from '../../src/report/html.js';
import { summarizeVerdict } from '../../src/report/verdict.js';
import { chromiumSkipReason, launchChromium } from '../helpers/chromium.js';
import { demoResult } from '../helpers/demo.js';
import { A4_PRINT_LAYOUT_PX, A4_WIDTH_PX, openAt, pdftotextSkipReason, printLayout, refitAt } from '../helpers/page-fit.js';
import { longNameResult } from './html-long-names.js';
import { POLICY, reportContext } from '../helpers/fixtures.js';

const skip = chromiumSkipReason();
const scratch = mkdtempSync(join(tmpdir(), 'ca-html-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('html report in headless Chromium', { skip }, () => {
  let browser: Browser;
  let result: ScanResult;
  before(async () => {
    browser = await launchChromium();
    result = await demoResult({ waivers: [
      { ruleId: 'fleet/instance-drift', host: 'mkt-prod-1', instance: 'prod', reason: 'Host decommissioned next week (CHG-1)', expires: '2027-01-31' },
      { ruleId: 'build/unknown', host: 'mkt-unknown-1', reason: 'Old exception', expires: '2026-01-01' },
    ] });
  });
  after(async () => browser?.close());

  function write(report: ScanResult, name: string): string {
    const file = join(scratch, name);
    writeFileSync(file, html(report, reportContext(120)));
    return file;
  }

  async function open(report: ScanResult, name: string) {
    const file = write(report, name);
    return { ...(await openAt(browser, pathToFileURL(file).href)), file };
  }

  /** The checks of one report, on one navigation: layout checks change the viewport and media of the loaded page (refitAt). */
  function layoutChecks(label: string, make: () => ScanResult, loaded: () => Page): void {
    for (const width of [1280, A4_WIDTH_PX]) {
      it(`${label} report fits a ${width} px window: no horizontal scroll, nothing wider than its box`, async () => {
        const fit = await refitAt(loaded(), width);
        assert.equal(fit.viewport, width);
        assert.ok(fit.scrollWidth <= width, `scrollWidth ${fit.scrollWidth} > ${width}`);
        assert.deepEqual(fit.overflowing, []);
      });
    }
    it(`${label} report fits an A4 portrait page in print layout (${A4_PRINT_LAYOUT_PX} px between the margins)`, async () => {
      const fit = await refitAt(loaded(), A4_PRINT_LAYOUT_PX, 'print');
      assert.equal(fit.viewport, A4_PRINT_LAYOUT_PX);
      assert.ok(fit.scrollWidth <= A4_PRINT_LAYOUT_PX, `scrollWidth ${fit.scrollWidth} > ${A4_PRINT_LAYOUT_PX}`);
      assert.deepEqual(fit.overflowing, []);
    });
    it(`${label} report prints to A4 with every word inside the page`, { skip: pdftotextSkipReason() }, async () => {
      const report = make();
      const pdf = await printLayout(loaded(), scratch, `pdf-${label.replace(/\W+/g, '-')}`);
      assert.ok(Math.abs(pdf.width - 595.92) < 1 && Math.abs(pdf.height - 842.88) < 1, `A4 portrait, got ${pdf.width}x${pdf.height}`);
      assert.ok(pdf.pages >= 2);
      assert.deepEqual(pdf.outside, []);
      const text = pdf.words.join('');
      assert.match(text, new RegExp(`Verdict:${report.summary.verdict.toUpperCase()}`));
      for (const finding of report.findings) assert.ok(text.includes(finding.ruleId), `${finding.ruleId} printed`);
    });
  }

  describe('the demo report, loaded once', () => {
    let opened: Awaited<ReturnType<typeof open>>;
    before(async () => {
      opened = await open(result, 'demo.html');
    });

    it('renders the same counts as the JSON, with no error and no external request', async () => {
      const { page, problems, requests, file } = opened;
      for (const severity of SEVERITIES) {
        assert.equal(await page.textContent(`[data-count="${severity}"]`), String(result.summary.findings[severity]), severity);
      }
      assert.equal(await page.textContent('[data-count-waived="total"]'), String(result.summary.waived));
      assert.equal(await page.locator('[data-count-baselined]').count(), 0, 'no baseline row without a baseline');
      assert.equal(await page.textContent('[data-summary="hosts"]'), String(result.summary.hosts));
      assert.equal(await page.textContent('[data-verdict]'), result.summary.verdict.toUpperCase());
      assert.equal(await page.locator('tr[data-finding]').count(), result.findings.length);
      assert.equal(await page.locator('tr[data-host]').count(), result.hosts.length);
      assert.equal(await page.locator('svg.chart rect').count(), 5);
      assert.equal(await page.locator('#plan article.instance').count(), new Set(result.hosts.flatMap((host) => host.instances.map((instance) => instance.name))).size);
      assert.equal(await page.textContent('[data-waivers="applied"]'), '1');
      assert.equal(await page.textContent('[data-waivers="expired"]'), '1');
      assert.equal(await page.locator('script').count(), 0);
      assert.equal(await page.locator('#checklist').count(), 0, 'no checklist when the hardening rules did not run');
      assert.deepEqual(problems, []);
      assert.deepEqual(requests, [pathToFileURL(file).href]);
    });

    it('groups findings by severity and rule, each group once with its remediation as text', async () => {
      const { page } = opened;
      const groups = await page.locator('article.rule-group').evaluateAll((nodes) => nodes.map((node) => ({ rule: node.getAttribute('data-rule'), severity: node.getAttribute('data-severity'), rows: node.querySelectorAll('tr[data-finding]').length })));
      const expected = new Map<string, number>();
      for (const finding of result.findings) expected.set(`${finding.severity} ${finding.ruleId}`, (expected.get(`${finding.severity} ${finding.ruleId}`) ?? 0) + 1);
      assert.deepEqual(new Map(groups.map((group) => [`${group.severity} ${group.rule}`, group.rows])), expected);
      const order = groups.map((group) => SEVERITIES.indexOf(group.severity as (typeof SEVERITIES)[number]));
      assert.deepEqual(order, [...order].sort((a, b) => b - a), 'most severe first');
      const fixes = await page.locator('.fix').allTextContents();
      assert.equal(fixes.length, groups.length);
      for (const fix of fixes) assert.doesNotMatch(fix, /`/, 'no raw Markdown backtick');
      assert.equal(await page.locator('article[data-rule="jwt/credential-present"] .fix code').first().textContent(), 'nlserver config -instance:<name> -setimsoauth:<org>/<client>/<ta>/$CLIENT_SECRET');
    });

    it('has a legend of every credential class and severity', async () => {
      const { page } = opened;
      const terms = (await page.locator('#legend dt').allTextContents()).map((text) => text.trim().toLowerCase());
      assert.deepEqual(new Set(terms), new Set([...CREDENTIALS, ...SEVERITIES]));
      assert.equal(await page.locator('#legend dd').count(), CREDENTIALS.length + SEVERITIES.length);
    });

    layoutChecks('demo', () => result, () => opened.page);

    it('prints severity badges and the verdict box in colour', async () => {
      await refitAt(opened.page, 1280, 'print');
      const styles = await opened.page.evaluate("['.sev', '#verdict'].map((selector) => getComputedStyle(document.querySelector(selector)).printColorAdjust)");
      assert.deepEqual(styles, ['exact', 'exact']);
    });
  });

  describe('the demo report with the hardening checks, loaded once', () => {
    let hardened: ScanResult;
    let opened: Awaited<ReturnType<typeof open>>;
    before(async () => {
      hardened = await demoResult({ policy: { ...POLICY, checks: RULE_CATEGORIES } });
      opened = await open(hardened, 'demo-hardening.html');
    });

    it("summarises Adobe's checklist: one row per judged item, its counts those of -f checklist", async () => {
      const { page, problems } = opened;
      const checklist = judgeChecklist(hardened);
      const judged = checklist.items.filter((item) => item.kind === 'rules');
      assert.equal(await page.locator('#checklist tr[data-item]').count(), judged.length);
      for (const item of judged) {
        const failing = checklist.scopes.filter((scope) => scope.entries.some((entry) => entry.item.id === item.id && entry.status === 'fail')).length;
        assert.equal(await page.textContent(`#checklist tr[data-item="${item.id}"] td[data-status="fail"]`), String(failing), item.id);
      }
      assert.match((await page.textContent('#checklist')) ?? '', /-f checklist-html=FILE/);
      assert.deepEqual(problems, []);
    });

    layoutChecks('demo with hardening', () => hardened, () => opened.page);
  });

  it('states the shared verdict: the same headline and counts as the other formats, baseline named', async () => {
    const baselined = await demoResult({ baseline: new Set(result.findings.slice(0, 7).map((finding) => finding.fingerprint)), baselineSource: { file: 'report-2026-11-20.json', generatedAt: '2026-11-20T08:00:00Z' } });
    const verdict = summarizeVerdict(baselined);
    const { page } = await open(baselined, 'baseline.html');
    const headline = `${await page.textContent('#verdict h2')} ${await page.textContent('[data-headline]')}`;
    assert.equal(headline.replace('Verdict: ', '').replace(`${verdict.label} `, `${verdict.label} — `), verdict.headline);
    assert.match(headline, /7 accepted by baseline report-2026-11-20\.json from 2026-11-20/);
    assert.deepEqual(await page.locator('#verdict li').allTextContents(), verdict.details);
    assert.equal(await page.textContent('[data-count-baselined="total"]'), '7');
    assert.equal(await page.textContent('[data-count="total"]'), String(verdict.openTotal));
  });

  describe('a report of long and hostile names, loaded once', () => {
    let page: Page;
    let report: ScanResult;
    before(async () => {
      report = longNameResult(result);
      ({ page } = await open(report, 'long-names.html'));
    });
    layoutChecks('long-name, hostile', () => report, () => page);
  });

  it('shows hostile text as text', async () => {
    const hostile: ScanResult = {
      ...result,
      hosts: [{ ...result.hosts[0]!, name: '<img src=x onerror=alert(1)>' }],
      findings: [{ ...result.findings[0]!, host: '<script>alert(1)</script>', message: '"><svg onload=alert(1)>' }],
    };
    const { page, problems, requests, file } = await open(hostile, 'hostile.html');
    assert.equal(await page.locator('script').count(), 0);
    assert.equal(await page.locator('#hosts img').count(), 0);
    assert.equal(await page.locator('#findings svg').count(), 0);
    assert.equal(await page.textContent('tr[data-finding] td:nth-child(1)'), '<script>alert(1)</script>');
    assert.match((await page.textContent('tr[data-host] td:nth-child(1)')) ?? '', /^<img src=x onerror=alert\(1\)>/);
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, [pathToFileURL(file).href]);
  });
});
