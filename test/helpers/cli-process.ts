// Runs the CLI as a user would: the real binary (bin/campaign-audit.js → dist/, rebuilt first when a
// source file is newer, so end-to-end tests never run stale code), or `main` in-process with an env.
import { DEMO_FINGERPRINT_KEY } from '../../src/cli/scan.js';
import { KEY_ENV } from '../../src/inputs/fingerprint-key.js';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Rebuilds dist/ and dist/bundle/ (what bin/campaign-audit.js loads) when a source file is newer. */
export function ensureBuilt(): void {
  const built = Math.min(mtimeOf(join(ROOT, 'dist', 'cli', 'main.js')), mtimeOf(join(ROOT, 'dist', 'bundle', 'campaign-audit.js')));
  if (built >= newestMtime(join(ROOT, 'src'))) return;
  for (const step of [[join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], [join(ROOT, 'scripts', 'bundle.mjs')]]) {
    const result = spawnSync(process.execPath, step, { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`build failed: ${result.stdout}${result.stderr}`);
  }
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunWatch {
  /** Node flags before the script, e.g. ['--import', preload] for a test-only measurement. */
  nodeArgs?: readonly string[];
  /** Called once the process runs (e.g. to sample its memory from /proc). */
  onStart?: (pid: number) => void;
  /** Each stderr chunk as it arrives, with the milliseconds since the start. */
  onStderr?: (text: string, ms: number) => void;
  /** The working directory (the project root by default). */
  cwd?: string;
}

export function runBinary(args: readonly string[], env: NodeJS.ProcessEnv = {}, watch: RunWatch = {}): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(watch.nodeArgs ?? []), join(ROOT, 'bin', 'campaign-audit.js'), ...args], {
      cwd: watch.cwd ?? ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, [KEY_ENV]: DEMO_FINGERPRINT_KEY, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      stderr += text;
      watch.onStderr?.(text, Date.now() - started);
    });
    if (child.pid !== undefined) watch.onStart?.(child.pid);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

const MAX_RSS_PRELOAD = join(ROOT, 'test', 'helpers', 'max-rss.mjs');

/** runBinary() with the test-only max-rss.mjs preload: also the process's peak RSS (KiB) at exit. */
export async function runBinaryMeasured(args: readonly string[], env: NodeJS.ProcessEnv = {}, watch: RunWatch = {}): Promise<CliRun & { maxRssKib: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'ca-rss-'));
  const file = join(dir, 'max-rss');
  try {
    const run = await runBinary(args, { ...env, CAMPAIGN_AUDIT_MAX_RSS_FILE: file }, { ...watch, nodeArgs: [...(watch.nodeArgs ?? []), '--import', MAX_RSS_PRELOAD] });
    return { ...run, maxRssKib: Number(await readFile(file, 'utf8').catch(() => '0')) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs `main` in-process with captured output (faster than a child process). */
export async function runMain(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const { main } = await import('../../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const started = Date.now();
  const code = await main(args, {
    writeOut: (text) => {
      stdout += text;
    },
    writeErr: (text) => {
      stderr += text;
    },
    env: { HOME: process.env.HOME, [KEY_ENV]: DEMO_FINGERPRINT_KEY, ...env },
    now: () => new Date('2026-01-15T12:00:00Z'),
    isStdoutTTY: false,
    isStderrTTY: false,
    columns: 120,
  });
  return { code, stdout, stderr, ms: Date.now() - started };
}
