// Earlier JSON reports (for --baseline, convert, plan, diff and trend), read within their cap and
// checked against the report schema (src/contract/report.ts): a hand-edited or foreign file gets
// one line naming the field, never a crash.
import { checkReportShape } from '../contract/report.js';
import { SHIPPED_BUILDS, type BuildTable } from '../data/builds.js';
import { buildTableOf } from '../engine/result.js';
import { InputError } from '../errors.js';
import type { ScanResult } from '../model.js';
import { FILE_CAPS, readJsonFile } from './input-file.js';

/** An earlier JSON report (DESIGN.md §7), for --baseline, convert, plan and diff. */
export async function readReport(path: string, flag: string): Promise<ScanResult> {
  const report = await readJsonFile(path, flag, FILE_CAPS.report);
  try {
    checkReportShape(report);
  } catch (error) {
    throw new InputError(`${flag} ${path}: not a campaign-audit JSON report (${(error as Error).message})`);
  }
  return report;
}

/**
 * The build table `report` was judged by: this version's shipped data with the report's own rows
 * put back (buildTableOf), so that a plan or a conversion labels builds and picks the target as
 * the scan did. A report whose rows do not merge (hand-edited) is one line and exit 2.
 */
export function reportBuildTable(report: ScanResult, path: string, flag: string): BuildTable {
  try {
    return buildTableOf(report, SHIPPED_BUILDS);
  } catch (error) {
    throw new InputError(`${flag} ${path}: not a campaign-audit JSON report (report.${(error as Error).message})`);
  }
}
