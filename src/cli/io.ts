// Everything the CLI takes from the world, in one object so tests can run `main` in-process.
export interface CliIO {
  writeOut(text: string): void;
  writeErr(text: string): void;
  env: NodeJS.ProcessEnv;
  now(): Date;
  isStdoutTTY: boolean;
  isStderrTTY: boolean;
  columns: number;
}

export function processIO(): CliIO {
  const stdout = quietOnClose(process.stdout);
  const stderr = quietOnClose(process.stderr);
  return {
    writeOut: stdout,
    writeErr: stderr,
    env: process.env,
    now: () => new Date(),
    isStdoutTTY: process.stdout.isTTY === true,
    isStderrTTY: process.stderr.isTTY === true,
    columns: terminalColumns(process.stdout.isTTY === true ? process.stdout.columns : undefined, process.env.COLUMNS),
  };
}

/** Width for terminal reports: the TTY's, else the COLUMNS variable (a positive integer), else 80. */
export function terminalColumns(ttyColumns: number | undefined, columnsVariable: string | undefined): number {
  // Below 20 columns no layout reads well; such a value is taken as 20.
  if (ttyColumns !== undefined && ttyColumns > 0) return Math.max(20, ttyColumns);
  const fromEnv = /^\s*([1-9]\d{0,4})\s*$/.exec(columnsVariable ?? '')?.[1];
  return fromEnv === undefined ? 80 : Math.max(20, Number(fromEnv));
}

/**
 * A writer to STREAM that stops writing, without a word, once its reader has gone (`scan … | head`:
 * EPIPE). The run goes on to its end and exits with its own code (the gate's verdict, which
 * `set -o pipefail` keeps), as `git log | head` does not crash; any other write error is thrown.
 */
export function quietOnClose(stream: NodeJS.WritableStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}
