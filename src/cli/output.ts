// Where reports go: stdout or files. Shared by scan, demo, convert and plan so that every
// command colours, names and reports a failed write the same way.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BuildTable } from '../data/builds.js';
import type { ScanResult } from '../model.js';
import { reporters } from '../report/index.js';
import { printableLine } from '../render/text.js';
import { summarizeVerdict } from '../report/verdict.js';
import { describeFileError, InputError } from '../errors.js';
import type { CliIO } from './io.js';
import type { FormatSpec } from './options.js';

/** stdout carries one report at most: two would be one unreadable stream. */
export function checkStdoutFormats(formats: readonly { file?: string }[]): void {
  if (formats.filter((spec) => spec.file === undefined).length > 1) {
    throw new InputError('only one --format can write to stdout; give the others a file (FMT=FILE)');
  }
}

export interface EmitOptions {
  /** File mode for a new file (the plan's sh script is executable). */
  mode?: number;
  /** No "wrote … to FILE" line (scan --quiet: nothing on stderr but errors). */
  quiet?: boolean;
}

/**
 * Writes text to stdout, or to a file (parents created) and says so on stderr, so that a run
 * whose reports all go to files never ends in silence (issue #10); false when the file could
 * not be written.
 */
export async function emit(io: CliIO, text: string, file: string | undefined, what: string, options: EmitOptions = {}): Promise<boolean> {
  if (file === undefined) {
    io.writeOut(text);
    return true;
  }
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text, options.mode !== undefined ? { mode: options.mode } : {});
    if (options.quiet !== true) io.writeErr(`campaign-audit: wrote ${what} to ${printableLine(file)}\n`);
    return true;
  } catch (error) {
    io.writeErr(`campaign-audit: cannot write ${what} to ${printableLine(file)} (${describeFileError(error, 'write')})\n`);
    return false;
  }
}

/**
 * Renders and writes each report; a file that cannot be written is reported and the others
 * still go out. When no report went to stdout, the verdict goes to stderr as one line.
 */
export async function writeReports(io: CliIO, result: ScanResult, formats: readonly FormatSpec[], options: { quiet?: boolean; builds: BuildTable }): Promise<boolean> {
  let ok = true;
  for (const spec of formats) {
    const toStdout = spec.file === undefined;
    const color = toStdout && ((io.isStdoutTTY && !io.env.NO_COLOR && io.env.TERM !== 'dumb') || Boolean(io.env.FORCE_COLOR));
    const text = reporters[spec.format](result, { color, width: toStdout ? io.columns : 120, builds: options.builds });
    ok = (await emit(io, text, spec.file, `${spec.format} report`, { quiet: options.quiet === true })) && ok;
  }
  if (options.quiet !== true && formats.every((spec) => spec.file !== undefined)) {
    io.writeErr(`campaign-audit: verdict: ${printableLine(summarizeVerdict(result).headline)}\n`);
  }
  return ok;
}
