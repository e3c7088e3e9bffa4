// plan, convert and diff: commands that read earlier JSON reports, never the fleet.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { diffReports } from '../diff.js';
import { InputError } from '../errors.js';
import { buildPlan } from '../plan/build.js';
import { renderPlanMarkdown } from '../plan/markdown.js';
import { renderPlanSh } from '../plan/sh.js';
import { renderDiff, type DiffFormat } from '../report/diff.js';
import { reporters } from '../report/index.js';
import { EXIT_PASS, EXIT_USAGE } from '../result.js';
import { readReport } from './inputs.js';
import type { CliIO } from './io.js';
import type { FormatSpec } from './options.js';

export const PLAN_FORMATS = ['markdown', 'json', 'sh'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export interface OutputSpec<F extends string> {
  format: F;
  file?: string;
}

/** Writes text to a file (0755 for scripts) or stdout; returns false when the file could not be written. */
async function emit(io: CliIO, text: string, file: string | undefined, what: string, mode?: number): Promise<boolean> {
  if (file === undefined) {
    io.writeOut(text);
    return true;
  }
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text, mode !== undefined ? { mode } : {});
    return true;
  } catch (error) {
    io.writeErr(`campaign-audit: cannot write ${what} to ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
    return false;
  }
}

export async function runPlan(io: CliIO, reportPath: string, output: OutputSpec<PlanFormat>): Promise<number> {
  const plan = buildPlan(await readReport(reportPath, 'plan'));
  const text = output.format === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : output.format === 'sh' ? renderPlanSh(plan) : renderPlanMarkdown(plan);
  return (await emit(io, text, output.file, `${output.format} plan`, output.format === 'sh' ? 0o755 : undefined)) ? EXIT_PASS : EXIT_USAGE;
}

export async function runConvert(io: CliIO, reportPath: string, formats: readonly FormatSpec[] | undefined): Promise<number> {
  if (formats === undefined || formats.length === 0) throw new InputError('convert needs at least one --format FMT[=FILE]');
  if (formats.filter((spec) => spec.file === undefined).length > 1) throw new InputError('only one --format can write to stdout; give the others a file (FMT=FILE)');
  const result = await readReport(reportPath, 'convert');
  let ok = true;
  for (const spec of formats) {
    const color = spec.file === undefined && io.isStdoutTTY && !io.env.NO_COLOR;
    const text = reporters[spec.format](result, { color, width: spec.file === undefined ? io.columns : 120 });
    ok = (await emit(io, text, spec.file, `${spec.format} report`)) && ok;
  }
  return ok ? EXIT_PASS : EXIT_USAGE;
}

export async function runDiff(io: CliIO, oldPath: string, newPath: string, format: DiffFormat): Promise<number> {
  const diff = diffReports(await readReport(oldPath, 'diff'), await readReport(newPath, 'diff'));
  io.writeOut(renderDiff(diff, format));
  return EXIT_PASS;
}
