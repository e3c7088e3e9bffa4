// The one shape of an output format. Every command that writes reports or plans (scan, demo and
// convert; plan; trend; diff; builds) keeps its formats in one registry of this shape, so the
// CLI parses `-f FMT[=FILE]`, builds the -f help and writes files the same way for all of them.
// It lives here, below src/report and src/plan, because both declare registries.

export interface RenderContext {
  /** ANSI colours (the CLI sets this only for a TTY without NO_COLOR). */
  color: boolean;
  /** Columns to lay text out in: the terminal's on stdout, a fixed width in a file. */
  width: number;
  /**
   * Borders drawn with ASCII (+ - |) instead of box drawing: the CLI sets it on stdout when the
   * locale is not UTF-8 (LANG=C), where ┌─┐ would print as mojibake. Absent: box drawing.
   */
  ascii?: boolean;
}

/** `C`: what a format needs besides where its text goes (a report: the build table it was judged by). */
export interface OutputFormat<T, C extends RenderContext = RenderContext> {
  render(value: T, context: C): string;
  /** A few words for --help, shown on one line beside the format's name. */
  summary: string;
  /** File mode of a file written in this format (the plan's sh script is executable). */
  mode?: number;
}
