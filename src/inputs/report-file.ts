// Earlier JSON reports (for --baseline, convert, plan, diff and trend), read within their cap and
// checked against the report schema (src/contract/report.ts): a hand-edited or foreign file gets
// one line naming the file and the field (src/inputs/issues.ts), never a crash.
import { reportSchema } from '../contract/report.js';
import { mergeBuildData, SHIPPED_BUILDS, type BuildTable } from '../data/builds.js';
import type { ScanResult } from '../model.js';
import { FILE_CAPS, readJsonFile } from './input-file.js';
import { REPORT_JSON_LIMITS } from './json.js';
import { inputError, parseInput } from './issues.js';

/** An earlier JSON report (docs/reports.md), for --baseline, convert, plan and diff. */
export async function readReport(path: string, flag: string): Promise<ScanResult> {
  const report = await readJsonFile(path, flag, FILE_CAPS.report, REPORT_JSON_LIMITS);
  parseInput({ flag, file: path }, reportSchema, report);
  // The file's own object, not the parsed copy: the schema drops keys it does not name, and a
  // report converted from this one must hold what the file holds.
  return report as ScanResult;
}

/**
 * The build table `report` was judged by: this version's shipped data with the report's own rows
 * put back (buildData.added), so that a plan or a conversion labels builds and picks the target
 * as the scan did. Rows that do not merge (a hand-edited report) are one line and exit 2.
 */
export function reportBuildTable(report: ScanResult, path: string, flag: string): BuildTable {
  const data = report.buildData;
  if (data?.added === undefined) return SHIPPED_BUILDS;
  const merged = mergeBuildData(SHIPPED_BUILDS, { checkedAt: data.checkedAt, ...data.added }, { file: path });
  if ('table' in merged) return { ...merged.table, files: data.files };
  const at = ['buildData', 'added'];
  throw inputError({ flag, file: path }, merged.issues.map((issue) => ({ path: [...at, ...issue.path], problem: issue.message })));
}
