// Where reports and plans go: stdout or files. Every command that writes them (scan, demo,
// convert, plan, trend, diff, builds) goes through writeOutputs, so that each colours, names and
// reports a failed write the same way.
import { statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BuildTable } from '../data/builds.js';
import type { ScanResult } from '../model.js';
import type { OutputFormat, RenderContext } from '../render/output-format.js';
import { reporters, type Format } from '../report/index.js';
import { printableLine } from '../render/text.js';
import { summarizeVerdict, VERDICT_LABEL } from '../report/verdict.js';
import { describeFileError, InputError } from '../errors.js';
import type { CliIO } from './io.js';
import type { FormatSpec } from './options.js';

/** stdout carries one report at most: two would be one unreadable stream. */
export function checkStdoutFormats(formats: readonly { file?: string }[]): void {
  if (formats.filter((spec) => spec.file === undefined).length > 1) {
    throw new InputError('only one --format can write to stdout; give the others a file (FMT=FILE)');
  }
}

/**
 * Whether the terminal's locale takes UTF-8, by POSIX precedence: the first of LC_ALL, LC_CTYPE
 * and LANG that is set decides (`C`, `POSIX`, `en_US.ISO-8859-1`: no). None set: yes, as most
 * terminals today are (and Windows sets none).
 */
export function isUtf8Locale(env: Readonly<Record<string, string | undefined>>): boolean {
  const locale = [env.LC_ALL, env.LC_CTYPE, env.LANG].find((value) => value !== undefined && value !== '');
  return locale === undefined || /utf-?8/i.test(locale);
}

/**
 * Why FILE's folder cannot take a report, or undefined when it can: the folder must exist. No
 * command creates one, so a typo in `-f html=/srv/reprots/r.html` is one line and exit 2 before
 * any host is scanned, not a new folder tree (docs/reports.md#exit-codes).
 */
export function outputFolderProblem(file: string): string | undefined {
  const folder = dirname(file);
  try {
    if (!statSync(folder).isDirectory()) return `${folder} is not a folder`;
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `the folder ${folder} does not exist; create it first (campaign-audit creates no folder)`;
    if (code === 'ENOTDIR') return `${folder} is not a folder (a part of the path is a file)`;
    return `the folder ${folder} cannot be used (${describeFileError(error, 'read')})`;
  }
}

export interface EmitOptions {
  /** File mode for a new file (the plan's sh script is executable). */
  mode?: number;
  /** No "wrote … to FILE" line (scan --quiet: nothing on stderr but errors). */
  quiet?: boolean;
}

/**
 * Writes text to stdout, or to a file (in a folder that exists: outputFolderProblem) and says so on stderr, so that a run
 * whose reports all go to files never ends in silence (issue #10); false when the file could
 * not be written.
 */
export async function emit(io: CliIO, text: string, file: string | undefined, what: string, options: EmitOptions = {}): Promise<boolean> {
  if (file === undefined) {
    io.writeOut(text);
    return true;
  }
  try {
    await writeFile(file, text, options.mode !== undefined ? { mode: options.mode } : {});
    if (options.quiet !== true) io.writeErr(`campaign-audit: wrote ${what} to ${printableLine(file)}\n`);
    return true;
  } catch (error) {
    io.writeErr(`campaign-audit: cannot write ${what} to ${printableLine(file)} (${describeFileError(error, 'write')})\n`);
    return false;
  }
}

export interface WriteOptions {
  /** What the command writes, for "wrote json report to FILE": report, plan, trend, diff… */
  noun: string;
  /** Columns for text written to a file (on stdout: the terminal's). */
  fileWidth: number;
  /** No "wrote … to FILE" line and no headline. */
  quiet?: boolean;
  /** When nothing went to stdout: the one line stderr gets instead (the verdict, the trend). */
  headline?: () => string;
}

/**
 * Renders each requested format from the command's registry and writes it; a file that cannot
 * be written is reported and the others still go out. False when any file could not be written
 * (the command then exits 2, docs/reports.md).
 */
export async function writeOutputs<T, F extends string>(io: CliIO, registry: Readonly<Record<F, OutputFormat<T>>>, value: T, formats: readonly FormatSpec<F>[], options: WriteOptions): Promise<boolean> {
  const quiet = options.quiet === true;
  let ok = true;
  for (const { format, file } of formats) {
    const output: OutputFormat<T> = registry[format];
    const toStdout = file === undefined;
    const color = toStdout && ((io.isStdoutTTY && !io.env.NO_COLOR && io.env.TERM !== 'dumb') || Boolean(io.env.FORCE_COLOR));
    // A file is UTF-8 whatever the locale; a terminal under LANG=C gets ASCII borders.
    const ascii = toStdout && !isUtf8Locale(io.env);
    const text = output.render(value, { color, width: toStdout ? io.columns : options.fileWidth, ...(ascii ? { ascii } : {}) });
    ok = (await emit(io, text, file, `${format} ${options.noun}`, { quiet, ...(output.mode !== undefined ? { mode: output.mode } : {}) })) && ok;
  }
  if (!quiet && options.headline !== undefined && formats.every((spec) => spec.file !== undefined)) {
    io.writeErr(`campaign-audit: ${printableLine(options.headline())}\n`);
  }
  return ok;
}

/**
 * scan, demo and convert: the reports, with the verdict on stderr when none went to stdout.
 * `builds`: the table the result was judged by, which labels versions and picks the plan's target.
 */
export async function writeReports(io: CliIO, result: ScanResult, formats: readonly FormatSpec[], options: { quiet?: boolean; builds: BuildTable }): Promise<boolean> {
  const { builds } = options;
  const bound = Object.fromEntries(
    Object.entries(reporters).map(([name, reporter]) => [name, { ...reporter, render: (value: ScanResult, context: RenderContext) => reporter.render(value, { ...context, builds }) }]),
  ) as Record<Format, OutputFormat<ScanResult>>;
  return writeOutputs(io, bound, result, formats, { noun: 'report', fileWidth: 80, quiet: options.quiet === true, headline: () => `${VERDICT_LABEL.toLowerCase()}: ${summarizeVerdict(result).headline}` });
}
