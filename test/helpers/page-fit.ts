// Does a page fit its window and an A4 print? Measured in real Chromium: the document's scroll
// width against the viewport, every element against its parent box, and the printed PDF's
// text boxes against the A4 page (through poppler's pdftotext when it is installed).
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

/** A4 portrait at 96 CSS px per inch: 210 mm. */
export const A4_WIDTH_PX = 794;
/** A4 minus the report's 12 mm @page margins on each side: the layout width of a printed page. */
export const A4_PRINT_LAYOUT_PX = Math.floor(((210 - 24) / 25.4) * 96);

export interface FitReport {
  viewport: number;
  scrollWidth: number;
  /** Elements whose box sticks out of their parent's box, or that scroll sideways. */
  overflowing: string[];
}

// Runs in the page (as a string: the project's TypeScript has no DOM types).
const MEASURE_FIT = `(() => {
  const overflowing = [];
  for (const element of document.querySelectorAll('body *')) {
    const parent = element.parentElement;
    if (parent === null) continue;
    const style = getComputedStyle(element);
    if (style.display === 'none' || style.display === 'contents') continue;
    const box = element.getBoundingClientRect();
    const parentBox = parent.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const name = element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + (typeof element.className === 'string' && element.className ? '.' + element.className.split(' ').join('.') : '');
    if (box.right > parentBox.right + 1 || box.left < parentBox.left - 1) overflowing.push(name + ': ' + Math.round(box.left) + '..' + Math.round(box.right) + ' outside ' + Math.round(parentBox.left) + '..' + Math.round(parentBox.right));
    else if (element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0 && style.overflowX !== 'visible') overflowing.push(name + ': scrolls ' + element.scrollWidth + ' in ' + element.clientWidth);
  }
  return { viewport: window.innerWidth, scrollWidth: document.scrollingElement.scrollWidth, overflowing };
})()`;

export async function measureFit(page: Page): Promise<FitReport> {
  return (await page.evaluate(MEASURE_FIT)) as FitReport;
}

/**
 * One page per browser, navigated again for every check: a new page is a new renderer process,
 * which cost about a second each (most of a Chromium test's time); a navigation costs a tenth.
 * Callers set what they depend on (viewport, media) and never close it.
 */
const pages = new WeakMap<Browser, Promise<Page>>();

export function reusablePage(browser: Browser): Promise<Page> {
  let page = pages.get(browser);
  if (page === undefined) {
    page = browser.newPage();
    pages.set(browser, page);
  }
  return page;
}

export interface OpenedPage {
  page: Page;
  /** Console errors and warnings, and uncaught page errors, of this navigation. */
  problems: string[];
  /** Every URL this navigation requested. */
  requests: string[];
}

/** Navigates the browser's reusable page to `url` at a viewport width and media, recording what the page logs and fetches. */
export async function openAt(browser: Browser, url: string, width = 1280, media: 'screen' | 'print' = 'screen'): Promise<OpenedPage> {
  const page = await reusablePage(browser);
  const problems: string[] = [];
  const requests: string[] = [];
  const onConsole = (message: { type(): string; text(): string }): void => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  };
  const onError = (error: Error): void => void problems.push(`pageerror: ${error.message}`);
  const onRequest = (request: { url(): string }): void => void requests.push(request.url());
  // Listeners of the previous navigation are dropped: its page events are not this one's.
  page.removeAllListeners('console');
  page.removeAllListeners('pageerror');
  page.removeAllListeners('request');
  await page.setViewportSize({ width, height: 900 });
  await page.emulateMedia({ media });
  page.on('console', onConsole);
  page.on('pageerror', onError);
  page.on('request', onRequest);
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems, requests };
}

/** Opens a file at a viewport width (and media) in the browser's reusable page and measures it. */
export async function fitAt(browser: Browser, url: string, width: number, media: 'screen' | 'print' = 'screen', screenshot?: string): Promise<FitReport> {
  const { page } = await openAt(browser, url, width, media);
  if (screenshot !== undefined) await page.screenshot({ path: screenshot, fullPage: true, timeout: 120_000 });
  return measureFit(page);
}

/**
 * Measures a page already loaded at another viewport width (and media). Chromium lays the
 * document out again and re-evaluates its media queries on each change, so a report (static,
 * no script) measures as it would loaded at that width; it costs about half a navigation,
 * which was most of a Chromium test's CPU.
 */
export async function refitAt(page: Page, width: number, media: 'screen' | 'print' = 'screen'): Promise<FitReport> {
  await page.setViewportSize({ width, height: 900 });
  await page.emulateMedia({ media });
  return measureFit(page);
}

export const PDFTOTEXT = '/usr/bin/pdftotext';

export function pdftotextSkipReason(): string | false {
  return existsSync(PDFTOTEXT) ? false : `${PDFTOTEXT} not installed (apt-get install poppler-utils)`;
}

export interface PdfLayout {
  pages: number;
  /** Page width and height in points. */
  width: number;
  height: number;
  /** Words whose box leaves the page or enters its 12 mm side margins. */
  outside: string[];
  /** All words, in reading order. */
  words: string[];
}

/** Prints the page to an A4 PDF, with print media, and reads every word's box with `pdftotext -bbox`. */
export async function printLayout(page: Page, dir: string, name: string): Promise<PdfLayout> {
  const file = join(dir, `${name}.pdf`);
  // page.pdf() lays the page out with the emulated media when one is set: print, as a browser
  // prints, whatever the last check emulated.
  await page.emulateMedia({ media: 'print' });
  writeFileSync(file, await page.pdf({ format: 'A4' }));
  const run = spawnSync(PDFTOTEXT, ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`pdftotext failed: ${run.stderr}`);
  const pages = [...run.stdout.matchAll(/<page width="([\d.]+)" height="([\d.]+)">/g)];
  const width = Number(pages[0]?.[1] ?? 0);
  const height = Number(pages[0]?.[2] ?? 0);
  const margin = (12 / 25.4) * 72 - 1;
  const outside: string[] = [];
  const words: string[] = [];
  for (const match of run.stdout.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)) {
    const [, xMin, xMax, word = ''] = match;
    words.push(word);
    if (Number(xMin) < margin || Number(xMax) > width - margin) outside.push(`${word} at ${xMin}..${xMax}`);
  }
  return { pages: pages.length, width, height, outside, words };
}
