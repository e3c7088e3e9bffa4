// Runs the CLI in-process with captured stdout/stderr and a fixed clock.
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { NOW } from './fixtures.js';
import { DEMO_FINGERPRINT_KEY } from '../../src/cli/scan.js';
import { KEY_ENV } from '../../src/inputs/fingerprint-key.js';

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
    now: () => NOW,
    isStdoutTTY: false,
    isStderrTTY: false,
    columns: 120,
    ...overrides,
    // The tests' fingerprint key (the demo's public one), unless a test sets its own or unsets it.
    env: { [KEY_ENV]: DEMO_FINGERPRINT_KEY, ...overrides.env },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
