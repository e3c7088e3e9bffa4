// The trend page in real headless Chromium: no script, nothing fetched, the chart drawn from the
// figures, and it fits a 1280 px window, an A4 width and an A4 print, with hostile file names too.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { ScanResult } from '../../src/model.js';
import { renderTrendHtml } from '../../src/report/trend-html.js';
import { buildTrend, trendInput, type Trend } from '../../src/history/trend.js';
import { chromiumSkipReason, launchChromium } from '../helpers/chromium.js';
import { A4_PRINT_LAYOUT_PX, A4_WIDTH_PX, openAt, pdftotextSkipReason, printLayout, refitAt, type OpenedPage } from '../helpers/page-fit.js';
import { hardeningAddedLastWeek, host, report, threeWeeks } from '../helpers/trend-reports.js';

const skip = chromiumSkipReason();
const scratch = mkdtempSync(join(tmpdir(), 'ca-trend-html-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const weeks = (): Trend => buildTrend(threeWeeks().map((entry, index) => trendInput(`reports/week-${index + 1}.json`, entry)));

/** The chart's width against the body's content box and the window (runs in the page). */
const MEASURE_CHART = `(() => {
  const body = getComputedStyle(document.body);
  const content = document.body.getBoundingClientRect().width - parseFloat(body.paddingLeft) - parseFloat(body.paddingRight);
  return { chart: document.querySelector('svg.burn-down').getBoundingClientRect().width, content, viewport: window.innerWidth };
})()`;

/** A year of weekly reports with long, hostile file names and a hostile minimum version. */
function hostileYear(): Trend {
  const points = Array.from({ length: 60 }, (_, week) => {
    const asOf = new Date(Date.UTC(2026, 0, 5 + week * 7)).toISOString().slice(0, 10);
    const hosts = Array.from({ length: 40 }, (_, index) => host({ name: `h${index}`, build: index < 40 - week / 2 ? 9368 : 9400, instances: { prod: index < 40 - week / 1.5 ? 'jwt' : 'oauth' } }));
    const base: ScanResult = report(asOf, `${asOf}T06:00:00Z`, hosts, []);
    const result: ScanResult = { ...base, policy: { ...base.policy, minVersion: '<b>7.4.1</b>' } };
    return trendInput(`/srv/audit/${'very-long-folder-name/'.repeat(5)}report-${asOf}<img src=x onerror=alert(1)>${'x'.repeat(120)}.json`, result);
  });
  return buildTrend(points);
}

describe('trend html in headless Chromium', { skip }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => browser?.close());

  function write(trend: Trend, name: string): string {
    const file = join(scratch, name);
    writeFileSync(file, renderTrendHtml(trend));
    return file;
  }

  /** The layout checks of one page, on one navigation: they change the viewport and media of the loaded page (refitAt). */
  function layoutChecks(label: string, loaded: () => Page): void {
    for (const width of [1280, A4_WIDTH_PX]) {
      it(`${label}: fits a ${width} px window`, async () => {
        const fit = await refitAt(loaded(), width);
        assert.equal(fit.viewport, width);
        assert.ok(fit.scrollWidth <= width, `scrollWidth ${fit.scrollWidth}`);
        assert.deepEqual(fit.overflowing, []);
        // The chart fills the page's column: 1168 px of a 1280 px window (the body is at most 1200 px wide, padded), all of an A4-wide one.
        const chart = (await loaded().evaluate(MEASURE_CHART)) as { chart: number; content: number; viewport: number };
        assert.ok(Math.abs(chart.chart - chart.content) <= 1, `chart ${chart.chart} px in a ${chart.content} px column`);
        assert.ok(chart.chart >= Math.min(1168, width - 40), `chart ${chart.chart} px in a ${width} px window`);
      });
    }
    it(`${label}: fits an A4 page in print layout, the chart across the whole page`, async () => {
      const fit = await refitAt(loaded(), A4_PRINT_LAYOUT_PX, 'print');
      assert.equal(fit.viewport, A4_PRINT_LAYOUT_PX);
      assert.ok(fit.scrollWidth <= A4_PRINT_LAYOUT_PX, `scrollWidth ${fit.scrollWidth}`);
      assert.deepEqual(fit.overflowing, []);
      const chart = (await loaded().evaluate(MEASURE_CHART)) as { chart: number; content: number };
      assert.ok(chart.chart >= A4_PRINT_LAYOUT_PX - 8, `chart ${chart.chart} px of ${A4_PRINT_LAYOUT_PX}`);
    });
    it(`${label}: prints to A4 with every word inside the page`, { skip: pdftotextSkipReason() }, async () => {
      const pdf = await printLayout(loaded(), scratch, label.replace(/\W+/g, '-'));
      assert.ok(Math.abs(pdf.width - 595.92) < 1, `A4 width, got ${pdf.width}`);
      assert.deepEqual(pdf.outside, []);
      assert.ok(pdf.words.includes('Burn-down'));
    });
  }

  describe('three weeks, loaded once', () => {
    let opened: OpenedPage & { file: string };
    before(async () => {
      const file = write(weeks(), 'weeks.html');
      opened = { ...(await openAt(browser, pathToFileURL(file).href)), file };
    });

    it('draws each series from the figures, marks dates with hosts not scanned, logs no error and fetches nothing', async () => {
      const { page, problems, requests, file } = opened;
      assert.equal(await page.locator('script').count(), 0);
      // No report ran the opt-in hardening rules: Migration and Security only.
      const series = ['not-migrated', 'hosts-on-jwt', 'category-migration', 'category-security'];
      assert.equal(await page.locator('[data-series^="category-"]').count(), 2);
      for (const id of series) {
        const points = ((await page.getAttribute(`[data-series="${id}"] polyline`, 'points')) ?? '').trim().split(/\s+/);
        assert.equal(points.length, 3, id);
      }
      // Instances not migrated: 3 (prod, legacy, odd), 1 (odd; legacy-1 not scanned), 0: each point lower than the one before.
      const ys = ((await page.getAttribute('[data-series="not-migrated"] polyline', 'points')) ?? '').trim().split(/\s+/).map((pair) => Number(pair.split(',')[1]));
      assert.ok((ys[0] ?? 0) < (ys[1] ?? 0) && (ys[1] ?? 0) < (ys[2] ?? 0), ys.join(' '));
      assert.equal(await page.locator('circle.partial').count(), series.length, 'one date with a host not scanned, every series');
      assert.deepEqual(await page.locator('td[data-col="migrated"]').allTextContents(), ['0 of 3 (0 %)', '1 of 2 (50 %)', '3 of 3 (100 %)']);
      assert.deepEqual(await page.locator('td[data-col="jwt"]').allTextContents(), ['2', '0', '0']);
      assert.deepEqual(await page.locator('td[data-col="hosts-on-jwt"]').allTextContents(), ['3', '0', '0']);
      assert.deepEqual(await page.locator('td[data-col="critical"]').allTextContents(), ['5', '0', '0']);
      assert.deepEqual(await page.locator('td[data-col^="category-"]').evaluateAll((cells) => [...new Set(cells.map((cell) => cell.getAttribute('data-col')))]), ['category-migration', 'category-security']);
      assert.doesNotMatch((await page.textContent('body')) ?? '', /hardening/i);
      assert.match((await page.textContent('#host-changes')) ?? '', /2026-11-11: 1 of 5 hosts not scanned \(legacy-1\)/);
      assert.equal(await page.locator('g.deadline').count(), 0, 'no deadline in November 2026');
      assert.deepEqual(problems, []);
      assert.deepEqual(requests, [pathToFileURL(file).href]);
    });

    layoutChecks('three weeks', () => opened.page);
  });

  describe('only the newest report ran hardening, loaded once', () => {
    let page: Page;
    before(async () => {
      const trend = buildTrend(hardeningAddedLastWeek().map((entry, index) => trendInput(`week-${index + 1}.json`, entry)));
      ({ page } = await openAt(browser, pathToFileURL(write(trend, 'hardening-added.html')).href));
    });

    it('shows a Hardening column with "-" before it ran, one chart point where it ran, and "not checked → 2"', async () => {
      assert.deepEqual(await page.locator('td[data-col="category-hardening"]').allTextContents(), ['-', '-', '2']);
      assert.deepEqual(await page.locator('table.figures thead tr:nth-child(2) th').allTextContents(), ['migrated', 'on JWT', 'containers on JWT', 'Migration', 'Security', 'Hardening', 'critical', 'high', 'medium', 'low', 'info']);
      // No line drawn through dates that did not check it (a 0 there would be false): its one point only.
      assert.equal(await page.locator('[data-series="category-hardening"] polyline').count(), 0);
      assert.deepEqual(await page.locator('[data-series="category-hardening"] circle title').allTextContents(), ['Hardening findings, critical and high, 2026-11-18: 2']);
      assert.equal(await page.locator('[data-series="category-security"] circle').count(), 3);
      assert.match((await page.textContent('#headline')) ?? '', /Migration 6 → 0 \(-6\); Security 0 → 0 \(±0\); Hardening not checked → 2\./);
      assert.match((await page.textContent('p.not-checked')) ?? '', /^Hardening is not checked on 2026-11-04, 2026-11-11: those reports did not run its rules \(--checks\), so it has no figure there \(-\), not 0\.$/);
      assert.match((await page.textContent('ul.series')) ?? '', /Hardening findings, critical and high/);
    });

    layoutChecks('hardening added', () => page);
  });

  describe('a hostile year, loaded once', () => {
    let page: Page;
    before(async () => {
      ({ page } = await openAt(browser, pathToFileURL(write(hostileYear(), 'hostile.html')).href));
    });

    it('shows hostile file names and versions as text', async () => {
      assert.equal(await page.locator('img, b').count(), 0);
      assert.match((await page.textContent('#sources')) ?? '', /<img src=x onerror=alert\(1\)>/);
      assert.match((await page.textContent('#figures thead')) ?? '', /Hosts below <b>7\.4\.1<\/b>/);
      const labels = page.locator('svg.burn-down text.tick').filter({ hasText: /^\d{4}-/ });
      const boxes = (await labels.evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect()))) as { left: number; right: number }[];
      assert.ok(boxes.length >= 4, `${boxes.length} date labels`);
      for (let index = 1; index < boxes.length; index += 1) assert.ok(boxes[index]!.left > boxes[index - 1]!.right, 'date labels do not overlap');
      assert.deepEqual([await labels.first().textContent(), await labels.last().textContent()], ['2026-01-05', '2027-02-22']);
    });

    it('marks the JWT hard stop, the one deadline of the year, inside the chart', async () => {
      const markers = page.locator('g.deadline');
      assert.deepEqual(await markers.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-deadline'))), ['2026-03-01']);
      assert.equal(await page.locator('g.deadline text').textContent(), '2026-03-01 JWT hard stop');
      const [label, chart] = (await Promise.all([page.locator('g.deadline text').evaluate((node) => node.getBoundingClientRect()), page.locator('svg.burn-down').evaluate((node) => node.getBoundingClientRect())])) as { left: number; right: number; top: number }[];
      assert.ok(label!.left >= chart!.left && label!.right <= chart!.right && label!.top >= chart!.top, 'the label is inside the chart');
      assert.equal(await page.locator('tr.deadline').count(), 1);
      assert.match((await page.textContent('#deadlines')) ?? '', /^Deadlines in this range: 2026-03-01 JWT hard stop\.$/);
    });

    layoutChecks('a hostile year', () => page);
  });

  describe('one date, loaded once', () => {
    let page: Page;
    before(async () => {
      ({ page } = await openAt(browser, pathToFileURL(write(buildTrend([trendInput('only.json', threeWeeks()[0]!)]), 'one-date.html')).href));
    });
    layoutChecks('one date', () => page);
  });
});
