// Earlier JSON reports (for --baseline, convert, plan, diff and trend), read within their cap and
// checked against the report schema (src/contract/report.ts): a hand-edited or foreign file gets
// one line naming the file and the field (src/inputs/issues.ts), never a crash.
import { reportSchema } from '../contract/report.js';
import type { ScanResult } from '../model.js';
import { FILE_CAPS, readJsonFile } from './input-file.js';
import { parseInput } from './issues.js';

/** An earlier JSON report (docs/reports.md), for --baseline, convert, plan and diff. */
export async function readReport(path: string, flag: string): Promise<ScanResult> {
  const report = await readJsonFile(path, flag, FILE_CAPS.report);
  parseInput({ flag, file: path }, reportSchema, report);
  // The file's own object, not the parsed copy: the schema drops keys it does not name, and a
  // report converted from this one must hold what the file holds.
  return report as ScanResult;
}
