// `campaign-audit trend REPORT... | DIR`: reads saved JSON reports (a folder: its *.json regular
// files, not its subfolders), one at a time through the same reader as --baseline, convert and
// diff, keeps only each report's figures, and writes the trend in the formats asked for.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describeFileError, InputError } from '../errors.js';
import { trendFormats, type TrendFormat } from '../report/trend-formats.js';
import { trendHeadline } from '../report/trend-text.js';
import { EXIT_PASS, EXIT_USAGE } from '../engine/result.js';
import { buildTrend, trendPoint, type TrendPoint } from '../history/trend.js';
import { readReport } from '../inputs/report-file.js';
import type { CliIO } from './io.js';
import type { FormatSpec } from './options.js';
import { writeOutputs } from './output.js';

/** Ten years of daily reports: more is a wrong folder, not a trend. */
export const MAX_TREND_REPORTS = 3650;

export async function runTrend(io: CliIO, inputs: readonly string[], formats: readonly FormatSpec<TrendFormat>[]): Promise<number> {
  const files = await reportFiles(inputs);
  const points: TrendPoint[] = [];
  for (const file of files) points.push(trendPoint(file, await readReport(file, 'trend')));
  const trend = buildTrend(points);
  return (await writeOutputs(io, trendFormats, trend, formats, { noun: 'trend', fileWidth: 80, headline: () => trendHeadline(trend) })) ? EXIT_PASS : EXIT_USAGE;
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
