// plan, convert and diff: commands that read earlier JSON reports, never the fleet.
import { diffReports } from '../history/diff.js';
import { InputError } from '../errors.js';
import { buildPlan } from '../plan/build.js';
import { renderPlanMarkdown } from '../plan/markdown.js';
import { renderPlanSh } from '../plan/sh.js';
import { renderDiff, type DiffFormat } from '../report/diff.js';
import { safeJson } from '../render/text.js';
import { EXIT_PASS, EXIT_USAGE } from '../engine/result.js';
import { readReport, reportBuildTable } from '../inputs/report-file.js';
import type { CliIO } from './io.js';
import { checkStdoutFormats, emit, writeReports } from './output.js';
import type { FormatSpec } from './options.js';

export const PLAN_FORMATS = ['markdown', 'json', 'sh'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export interface OutputSpec<F extends string> {
  format: F;
  file?: string;
}

export async function runPlan(io: CliIO, reportPath: string, output: OutputSpec<PlanFormat>): Promise<number> {
  const report = await readReport(reportPath, 'plan');
  const plan = buildPlan(report, reportBuildTable(report, reportPath, 'plan'));
  const text = output.format === 'json' ? safeJson(plan) : output.format === 'sh' ? renderPlanSh(plan) : renderPlanMarkdown(plan);
  return (await emit(io, text, output.file, `${output.format} plan`, output.format === 'sh' ? { mode: 0o755 } : {})) ? EXIT_PASS : EXIT_USAGE;
}

export async function runConvert(io: CliIO, reportPath: string, formats: readonly FormatSpec[] | undefined): Promise<number> {
  if (formats === undefined || formats.length === 0) throw new InputError('convert needs at least one --format FMT[=FILE]');
  checkStdoutFormats(formats);
  const report = await readReport(reportPath, 'convert');
  return (await writeReports(io, report, formats, { builds: reportBuildTable(report, reportPath, 'convert') })) ? EXIT_PASS : EXIT_USAGE;
}

export async function runDiff(io: CliIO, oldPath: string, newPath: string, format: DiffFormat): Promise<number> {
  const diff = diffReports(await readReport(oldPath, 'diff'), await readReport(newPath, 'diff'));
  io.writeOut(renderDiff(diff, format, io.columns));
  return EXIT_PASS;
}
