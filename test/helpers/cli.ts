// Runs the CLI in-process with captured stdout/stderr and a fixed clock.
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { NOW } from './fixtures.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], overrides: Partial<CliIO> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    writeOut: (text) => {
      stdout += text;
    },
    writeErr: (text) => {
      stderr += text;
    },
    env: {},
    now: () => NOW,
    isStdoutTTY: false,
    isStderrTTY: false,
    columns: 120,
    ...overrides,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
