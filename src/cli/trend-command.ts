// `campaign-audit trend REPORT... | DIR`: reads saved JSON reports (a folder: its *.json regular
// files, not its subfolders), one at a time through the same reader as --baseline, convert and
// diff, keeps only each report's figures and host names, refuses reports of different fleets
// unless --allow-mixed, and writes the trend in the formats asked for. The trend names each report
// by its file name alone: the reader's local folders stay out of a page sent to a manager.
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describeFileError, InputError } from '../errors.js';
import { trendFormats, type TrendFormat } from '../report/trend-formats.js';
import { trendHeadline } from '../report/trend-notes.js';
import { EXIT_PASS, EXIT_USAGE } from '../engine/result.js';
import { buildTrend, trendInput, type FleetBreak, type TrendInput } from '../history/trend.js';
import { readReport } from '../inputs/report-file.js';
import type { CliIO } from './io.js';
import type { FormatSpec } from './options.js';
import { writeOutputs } from './output.js';

/** Ten years of daily reports: more is a wrong folder, not a trend. */
export const MAX_TREND_REPORTS = 3650;

export interface TrendOptions {
  /** Trend reports that look like different fleets (docs/trend.md#one-fleet) instead of refusing them. */
  allowMixed?: boolean | undefined;
}

export async function runTrend(io: CliIO, inputs: readonly string[], formats: readonly FormatSpec<TrendFormat>[], options: TrendOptions = {}): Promise<number> {
  const files = await reportFiles(inputs);
  const reports: TrendInput[] = [];
  for (const file of files) reports.push(trendInput(basename(file), await readReport(file, 'trend')));
  const trend = buildTrend(reports);
  const mixed = trend.mixedFleets[0];
  if (mixed !== undefined && options.allowMixed !== true) throw new InputError(mixedFleetRefusal(mixed, trend.mixedFleets.length));
  return (await writeOutputs(io, trendFormats, trend, formats, { noun: 'trend', fileWidth: 80, headline: () => trendHeadline(trend) })) ? EXIT_PASS : EXIT_USAGE;
}

/** One line: the first pair that fails the fleet check, and what to do. */
function mixedFleetRefusal(first: FleetBreak, pairs: number): string {
  const more = pairs > 1 ? ` (and ${pairs - 1} more pair${pairs === 2 ? '' : 's'})` : '';
  return `trend: ${first.from.source} (${first.from.asOf}) and ${first.to.source} (${first.to.asOf}) share ${first.shared} of their ${first.from.hosts} and ${first.to.hosts} hosts: reports of different fleets${more}; give one fleet's reports, or --allow-mixed to trend them together`;
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
