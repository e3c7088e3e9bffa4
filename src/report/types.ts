import type { BuildTable } from '../data/builds.js';
import type { ScanResult } from '../model.js';

export interface ReportContext {
  /** ANSI colours (the CLI sets this only for a TTY without NO_COLOR). */
  color: boolean;
  /** Terminal width for wrapping, in columns. */
  width: number;
  /**
   * The build table the result was judged by (shipped rows and the report's own, inputs/report-file.ts reportBuildTable):
   * version labels and the embedded plan's target come from it.
   */
  builds: BuildTable;
}

/** A reporter renders a finished result; it never interpolates messages or touches the world. */
export type Reporter = (result: ScanResult, context: ReportContext) => string;
