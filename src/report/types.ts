import type { BuildTable } from '../data/builds.js';
import type { ScanResult } from '../model.js';
import type { RenderContext } from '../render/output-format.js';

/**
 * What a reporter is told besides the result: where its text goes (the context every output
 * format gets), and the build table the result was judged by (shipped rows and the report's own,
 * inputs/report-file.ts reportBuildTable), from which version labels and the embedded plan's
 * target come.
 */
export interface ReportContext extends RenderContext {
  builds: BuildTable;
}

/** A reporter renders a finished result; it never interpolates messages or touches the world. */
export type Reporter = (result: ScanResult, context: ReportContext) => string;
