// plan, convert and diff: commands that read earlier JSON reports, never the fleet.
import { diffReports } from '../history/diff.js';
import { InputError } from '../errors.js';
import { buildPlan } from '../plan/build.js';
import { planFormats, type PlanFormat } from '../plan/formats.js';
import { diffFormats, diffSummary, type DiffFormat } from '../report/diff.js';
import { EXIT_GATE_FAILED, EXIT_PASS, EXIT_USAGE } from '../engine/result.js';
import { isAtLeast } from '../engine/policy.js';
import type { FailOn } from '../model.js';
import { readReport, reportBuildTable } from '../inputs/report-file.js';
import type { CliIO } from './io.js';
import { writeOutputs, writeReports } from './output.js';
import type { FormatSpec } from './options.js';

export async function runPlan(io: CliIO, reportPath: string, formats: readonly FormatSpec<PlanFormat>[]): Promise<number> {
  const report = await readReport(reportPath, 'plan');
  const plan = buildPlan(report, reportBuildTable(report, reportPath, 'plan'));
  return (await writeOutputs(io, planFormats, plan, formats, { noun: 'plan', fileWidth: 80 })) ? EXIT_PASS : EXIT_USAGE;
}

export async function runConvert(io: CliIO, reportPath: string, formats: readonly FormatSpec[] | undefined): Promise<number> {
  if (formats === undefined || formats.length === 0) throw new InputError('convert needs at least one --format FMT[=FILE]');
  const report = await readReport(reportPath, 'convert');
  return (await writeReports(io, report, formats, { builds: reportBuildTable(report, reportPath, 'convert') })) ? EXIT_PASS : EXIT_USAGE;
}

/**
 * diff exits 0 (it reports), unless --fail-on-new: then 1 when the new report has an unwaived
 * finding at or above that severity that the old one had not (docs/reports.md#exit-codes).
 */
export async function runDiff(io: CliIO, oldPath: string, newPath: string, formats: readonly FormatSpec<DiffFormat>[], failOnNew: FailOn = 'none'): Promise<number> {
  const diff = diffReports(await readReport(oldPath, 'diff'), await readReport(newPath, 'diff'));
  if (!(await writeOutputs(io, diffFormats, diff, formats, { noun: 'diff', fileWidth: 80, headline: () => diffSummary(diff) }))) return EXIT_USAGE;
  if (failOnNew === 'none') return EXIT_PASS;
  const gating = diff.new.filter((finding) => !finding.waived && isAtLeast(finding.severity, failOnNew));
  if (gating.length === 0) return EXIT_PASS;
  io.writeErr(`campaign-audit: --fail-on-new ${failOnNew}: ${gating.length} new finding${gating.length === 1 ? '' : 's'} at or above ${failOnNew}\n`);
  return EXIT_GATE_FAILED;
}
