// The hardening checklist page in real headless Chromium: no script, nothing fetched, every item
// shown, hostile host names shown as text, and it fits a 1280 px window, an A4 width and an A4
// print (test/helpers/page-fit.ts), like the scan report.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { HARDENING_CHECKLIST } from '../../src/data/hardening-checklist.js';
import type { ScanResult } from '../../src/model.js';
import { checklistHtml } from '../../src/report/checklist-html.js';
import { chromiumSkipReason, launchChromium } from '../helpers/chromium.js';
import { demoResult, downHost } from '../helpers/demo.js';
import { reportContext } from '../helpers/fixtures.js';
import { A4_PRINT_LAYOUT_PX, A4_WIDTH_PX, openAt, pdftotextSkipReason, printLayout, refitAt, type OpenedPage } from '../helpers/page-fit.js';

const skip = chromiumSkipReason();
const scratch = mkdtempSync(join(tmpdir(), 'ca-checklist-html-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const HOSTILE = `<script>alert(1)</script>${'very-long-unbroken-host-name-'.repeat(6)}`;

/** The demo with a host that could not be scanned and one whose name and messages are long and hostile. */
async function hostileDemo(): Promise<ScanResult> {
  const result = await demoResult({}, [downHost('mkt-down-1')]);
  return {
    ...result,
    hosts: result.hosts.map((host) => (host.name === 'exec-triggers-1' ? { ...host, name: HOSTILE } : host)),
    findings: result.findings.map((finding) => (finding.host === 'exec-triggers-1' ? { ...finding, host: HOSTILE, path: `${finding.path ?? ''}/${'deep/'.repeat(40)}`, waived: finding.ruleId === 'secrets/plaintext', waiverReason: 'CHG-42' } : finding)),
  };
}

describe('checklist html in headless Chromium', { skip }, () => {
  let browser: Browser;
  let opened: OpenedPage;
  before(async () => {
    browser = await launchChromium();
    const file = join(scratch, 'checklist.html');
    writeFileSync(file, checklistHtml(await hostileDemo(), reportContext(120)));
    opened = await openAt(browser, pathToFileURL(file).href);
  });
  after(async () => browser?.close());

  const page = (): Page => opened.page;

  it('loads with no script, no error and no request but the file itself', async () => {
    assert.deepEqual(opened.problems, []);
    assert.equal(opened.requests.length, 1);
    assert.equal(await page().locator('script').count(), 0);
  });

  it('shows every item, each host and instance, and the hostile host name as text', async () => {
    for (const item of HARDENING_CHECKLIST) assert.ok((await page().locator(`[data-item="${item.id}"]`).count()) > 0, item.id);
    assert.equal(await page().locator('article.checklist-scope[data-host="mkt-zoned-1"]').count(), 2);
    assert.match((await page().locator('article.checklist-scope[data-host="mkt-down-1"]').textContent()) ?? '', /host not scanned \(unreachable: connection refused\)/);
    assert.ok(((await page().locator('h3').allTextContents()).some((text) => text.startsWith('<script>alert(1)</script>'))));
    assert.equal(await page().locator(`article.checklist-scope[data-instance="exec"] tr[data-item="dbcnx-password"]`).getAttribute('data-status'), 'waived');
  });

  for (const width of [1280, A4_WIDTH_PX]) {
    it(`fits a ${width} px window`, async () => {
      const fit = await refitAt(page(), width);
      assert.ok(fit.scrollWidth <= width, `scrollWidth ${fit.scrollWidth}`);
      assert.deepEqual(fit.overflowing, []);
    });
  }

  it('fits an A4 page in print layout', async () => {
    const fit = await refitAt(page(), A4_PRINT_LAYOUT_PX, 'print');
    assert.ok(fit.scrollWidth <= A4_PRINT_LAYOUT_PX, `scrollWidth ${fit.scrollWidth}`);
    assert.deepEqual(fit.overflowing, []);
  });

  it('prints to A4 with every word inside the page', { skip: pdftotextSkipReason() }, async () => {
    const pdf = await printLayout(page(), scratch, 'checklist');
    assert.ok(Math.abs(pdf.width - 595.92) < 1, `A4 width, got ${pdf.width}`);
    assert.deepEqual(pdf.outside, []);
    assert.ok(pdf.words.includes('hardening'));
  });
});
