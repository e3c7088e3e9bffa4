import type { ScanResult } from '../model.js';

export interface ReportContext {
  /** ANSI colours (the CLI sets this only for a TTY without NO_COLOR). */
  color: boolean;
  /** Terminal width for wrapping, in columns. */
  width: number;
}

/** A reporter renders a finished result; it never interpolates messages or touches the world. */
export type Reporter = (result: ScanResult, context: ReportContext) => string;
