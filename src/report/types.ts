import type { ScanResult } from '../model.js';
import type { RenderContext } from '../render/output-format.js';

/** What a reporter is told about where its text goes: the context every output format gets. */
export type ReportContext = RenderContext;

/** A reporter renders a finished result; it never interpolates messages or touches the world. */
export type Reporter = (result: ScanResult, context: ReportContext) => string;
