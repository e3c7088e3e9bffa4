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
  return {
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
    env: process.env,
    now: () => new Date(),
    isStdoutTTY: process.stdout.isTTY === true,
    isStderrTTY: process.stderr.isTTY === true,
    columns: process.stdout.columns ?? 120,
  };
}
