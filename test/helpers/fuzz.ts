// Property-based fuzzing with fast-check, run inside a worker thread by test/helpers/watchdog.ts.
// A property module (test/fuzz/*.props.ts) default-exports `defineProperties({...})`; each
// property calls `check` instead of fc.assert, so it gets the suite's seed, a run count that
// CAMPAIGN_AUDIT_FUZZ_RUNS can raise, and a progress counter the watchdog reads from outside.
import fc from 'fast-check';

export type PropertySuite = Readonly<Record<string, () => void | Promise<void>>>;

export function defineProperties(suite: PropertySuite): PropertySuite {
  return suite;
}

interface RunState {
  seed: number;
  path: string | undefined;
  /** [0]: predicate runs started in this worker, shrinking included. */
  progress: Int32Array | null;
}

const state: RunState = { seed: Date.now() | 0, path: undefined, progress: null };

/**
 * Runs for a property that runs `base` times by default. CAMPAIGN_AUDIT_FUZZ_RUNS=N makes a
 * 100-run property run N times and scales the others in proportion (heavy inputs run fewer).
 */
export function runs(base: number): number {
  const wanted = Number.parseInt(process.env.CAMPAIGN_AUDIT_FUZZ_RUNS ?? '', 10);
  return Number.isFinite(wanted) && wanted > 0 ? Math.max(1, Math.round((base * wanted) / 100)) : base;
}

function parameters(numRuns: number): fc.Parameters<unknown> {
  const progress = state.progress;
  return {
    seed: state.seed,
    numRuns: runs(numRuns),
    ...(state.path !== undefined ? { path: state.path } : {}),
    plugins: [fc.beforeEach(() => void (progress && Atomics.add(progress, 0, 1)))],
  };
}

/** fc.assert with the suite's seed (fast-check prints seed and path on failure). */
export function check<Ts>(property: fc.IProperty<Ts>, numRuns: number): void {
  fc.assert(property, parameters(numRuns));
}

export async function checkAsync<Ts>(property: fc.IAsyncProperty<Ts>, numRuns: number): Promise<void> {
  await fc.assert(property, parameters(numRuns));
}

/**
 * The time bound for one call on a large adversarial input (~100 kB to a few MB). A linear pass
 * takes milliseconds; a quadratic one takes seconds at this size; an exponential one never ends
 * and is the watchdog's to catch. Counted in CPU time of this process, not wall time: other
 * processes taking the cores of a busy machine do not make a call look slow (a wall-clock bound
 * failed under a load of 18 on 2 cores: 4.1 s for a 0.4 MB parse).
 */
export const SLOW_MS = 2500;

export function assertFast<T>(what: string, fn: () => T, boundMs = SLOW_MS): T {
  const started = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(started);
  const cpuMs = (used.user + used.system) / 1000;
  if (cpuMs > boundMs) throw new Error(`${what} took ${Math.round(cpuMs)} ms of CPU (bound ${boundMs} ms): super-linear in the input size?`);
  return result;
}

export interface WorkerRequest {
  module: string;
  seed: number;
  path?: string;
  only?: string;
  progress: SharedArrayBuffer;
}

export type WorkerEvent =
  | { type: 'list'; names: string[] }
  | { type: 'start'; name: string; runsBefore: number }
  | { type: 'pass'; name: string; ms: number; runs: number }
  | { type: 'fail'; name: string; message: string }
  | { type: 'skip'; name: string }
  | { type: 'end' };

/** A counterexample can be 100 kB on one line: keep both ends of long lines (seed, path and the error stay whole). */
const MAX_LINE = 600;

function shorten(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE / 2)} …(${line.length - MAX_LINE} characters)… ${line.slice(-MAX_LINE / 2)}` : line))
    .join('\n');
}

/** fast-check 4 reports the predicate's own error as the `cause` of its failure. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause === undefined ? error.message : `${error.message}\nCaused by: ${describeError(error.cause)}`;
}

/** Entry point inside the worker (see fuzz-worker.mjs). */
export async function runPropertiesInWorker(request: WorkerRequest, post: (event: WorkerEvent) => void): Promise<void> {
  state.seed = request.seed;
  state.path = request.path;
  const progress = new Int32Array(request.progress);
  state.progress = progress;
  const suite = ((await import(request.module)) as { default: PropertySuite }).default;
  const names = Object.keys(suite);
  post({ type: 'list', names });
  for (const name of names) {
    if (request.only !== undefined && !name.includes(request.only)) {
      post({ type: 'skip', name });
      continue;
    }
    const runsBefore = Atomics.load(progress, 0);
    post({ type: 'start', name, runsBefore });
    const started = performance.now();
    try {
      await suite[name]?.();
      post({ type: 'pass', name, ms: Math.round(performance.now() - started), runs: Atomics.load(progress, 0) - runsBefore });
    } catch (error) {
      post({ type: 'fail', name, message: shorten(describeError(error)) });
    }
  }
  post({ type: 'end' });
}
