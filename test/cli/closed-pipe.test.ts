// `campaign-audit … | head`: the reader goes away before the report is written. The run must end
// as it would have (the gate's exit code, for `set -o pipefail`), with no stack trace on stderr.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { DEMO_FINGERPRINT_KEY } from '../../src/cli/scan.js';
import { KEY_ENV } from '../../src/inputs/fingerprint-key.js';
import { ensureBuilt, ROOT } from '../helpers/cli-process.js';

function runWithClosedStdout(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'campaign-audit.js'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, [KEY_ENV]: DEMO_FINGERPRINT_KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Closed before the child writes a byte: its first write fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a reader that closes stdout early', () => {
  before(() => ensureBuilt());

  it('scan keeps the verdict as its exit code and prints no stack trace', async () => {
    const run = await runWithClosedStdout(['scan', '--dir', join(ROOT, 'fixtures', 'demo'), '-f', 'json']);
    assert.equal(run.code, 1, run.stderr);
    assert.doesNotMatch(run.stderr, /EPIPE|internal error|at .*\.js:\d+/);
  });

  it('help exits 0 and quietly', async () => {
    const run = await runWithClosedStdout(['scan', '--help']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
  });
});
