// `campaign-audit trend REPORT... | DIR`: reads saved JSON reports (a folder: its *.json regular
// files, not its subfolders), one at a time through the same reader as --baseline, convert and
// diff, keeps only each report's figures, and writes the trend in the formats asked for.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describeFileError, InputError } from '../errors.js';
import { renderTrendHtml } from '../report/trend-html.js';
import { printableLine } from '../render/text.js';
import { renderTrendJson, renderTrendMarkdown, renderTrendTable, trendHeadline, type TrendFormat } from '../report/trend-text.js';
import { EXIT_PASS, EXIT_USAGE } from '../engine/result.js';
import { buildTrend, trendPoint, type Trend, type TrendPoint } from '../history/trend.js';
import { readReport } from '../inputs/report-file.js';
import type { CliIO } from './io.js';
import { checkStdoutFormats, emit } from './output.js';
import { parseChoice } from './options.js';

/** Ten years of daily reports: more is a wrong folder, not a trend. */
export const MAX_TREND_REPORTS = 3650;

export interface TrendOutput {
  format: TrendFormat;
  file?: string;
}

/** `-f FMT[=FILE]`, repeatable. */
export function parseTrendFormat(choices: readonly TrendFormat[]): (value: string, previous: TrendOutput[] | undefined) => TrendOutput[] {
  const parse = parseChoice(choices);
  return (value, previous) => [...(previous ?? []), parse(value)];
}

export async function runTrend(io: CliIO, inputs: readonly string[], formats: readonly TrendOutput[] | undefined): Promise<number> {
  const outputs: readonly TrendOutput[] = formats === undefined || formats.length === 0 ? [{ format: 'table' }] : formats;
  checkStdoutFormats(outputs);
  const files = await reportFiles(inputs);
  const points: TrendPoint[] = [];
  for (const file of files) points.push(trendPoint(file, await readReport(file, 'trend')));
  const trend = buildTrend(points);
  let ok = true;
  for (const output of outputs) ok = (await emit(io, render(trend, output.format, output.file === undefined ? io.columns : 80), output.file, `${output.format} trend`)) && ok;
  if (outputs.every((output) => output.file !== undefined)) io.writeErr(`campaign-audit: ${printableLine(trendHeadline(trend))}\n`);
  return ok ? EXIT_PASS : EXIT_USAGE;
}

function render(trend: Trend, format: TrendFormat, width: number): string {
  if (format === 'json') return renderTrendJson(trend);
  if (format === 'markdown') return renderTrendMarkdown(trend);
  if (format === 'html') return renderTrendHtml(trend);
  return renderTrendTable(trend, width);
}

/** Files as given, folders expanded to their *.json regular files in name order (the trend sorts by as-of date). */
async function reportFiles(inputs: readonly string[]): Promise<string[]> {
  if (inputs.length === 0) throw new InputError('trend needs saved JSON reports or a folder of them');
  const files: string[] = [];
  for (const input of inputs) {
    const isFolder = await stat(input).then(
      (info) => info.isDirectory(),
      () => false, // missing or unreadable: readReport says so in its own words
    );
    if (!isFolder) {
      files.push(input);
      continue;
    }
    let entries;
    try {
      entries = await readdir(input, { withFileTypes: true });
    } catch (error) {
      throw new InputError(`trend ${input}: cannot list this folder (${describeFileError(error, 'list')})`);
    }
    const reports = entries.filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.json')).map((entry) => join(input, entry.name)).sort();
    if (reports.length === 0) throw new InputError(`trend ${input}: no *.json report in this folder`);
    files.push(...reports);
    if (files.length > MAX_TREND_REPORTS) break;
  }
  if (files.length > MAX_TREND_REPORTS) throw new InputError(`trend: more than ${MAX_TREND_REPORTS} reports given; keep one folder per fleet and prune old reports`);
  return files;
}
