// The HTML compliance report, opened in a real headless Chromium: the rendered counts must
// match the JSON, the page must log no error and fetch nothing, and it must print.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { ScanResult } from '../../src/model.js';
import { html } from '../../src/report/html.js';
import { SEVERITIES } from '../../src/model.js';
import { chromiumSkipReason, launchChromium } from '../helpers/chromium.js';
import { demoResult } from '../helpers/demo.js';

const skip = chromiumSkipReason();
const scratch = mkdtempSync(join(tmpdir(), 'ca-html-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('html report in headless Chromium', { skip }, () => {
  let browser: Browser;
  let result: ScanResult;
  before(async () => {
    browser = await launchChromium();
    result = await demoResult({ waivers: [
      { ruleId: 'fleet/instance-drift', host: 'mkt-prod-2', instance: 'prod', reason: 'Host decommissioned next week (CHG-1)', expires: '2027-01-31' },
      { ruleId: 'build/unknown', host: 'mkt-unknown-1', reason: 'Old exception', expires: '2026-01-01' },
    ] });
  });
  after(async () => browser?.close());

  async function open(report: ScanResult, name: string) {
    const file = join(scratch, name);
    writeFileSync(file, html(report, { color: false, width: 120 }));
    const page = await browser.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, problems, requests, file };
  }

  it('renders the same counts as the JSON, with no error and no external request', async () => {
    const { page, problems, requests, file } = await open(result, 'demo.html');
    for (const severity of SEVERITIES) {
      assert.equal(await page.textContent(`[data-count="${severity}"]`), String(result.summary.findings[severity]), severity);
    }
    assert.equal(await page.textContent('[data-count="waived"]'), String(result.summary.waived));
    assert.equal(await page.textContent('[data-summary="hosts"]'), String(result.summary.hosts));
    assert.equal(await page.textContent('[data-verdict]'), result.summary.verdict.toUpperCase());
    assert.equal(await page.locator('tr[data-finding]').count(), result.findings.length);
    assert.equal(await page.locator('tr[data-host]').count(), result.hosts.length);
    assert.equal(await page.locator('svg.chart rect').count(), 5);
    assert.equal(await page.locator('#plan article.instance').count(), new Set(result.hosts.flatMap((host) => host.instances.map((instance) => instance.name))).size);
    assert.equal(await page.textContent('[data-waivers="applied"]'), '1');
    assert.equal(await page.textContent('[data-waivers="expired"]'), '1');
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, [pathToFileURL(file).href]);
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10_000, 'prints to PDF');
    await page.screenshot({ path: join(scratch, 'demo.png'), fullPage: true });
    await page.close();
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
    assert.match((await page.textContent('tr[data-finding] td:nth-child(3)')) ?? '', /<script>alert\(1\)<\/script>/);
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, [pathToFileURL(file).href]);
    await page.close();
  });
});
