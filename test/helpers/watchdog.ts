// Runs a property module (test/fuzz/*.props.ts) in a worker thread and fails, instead of
// hanging, when it stops making progress: an infinite loop or catastrophic regex backtracking
// blocks a thread for good, and only another thread can stop it (Worker.terminate() interrupts
// both). Progress is the number of predicate runs, shared through a SharedArrayBuffer, so the
// deadline is per run and does not grow with CAMPAIGN_AUDIT_FUZZ_RUNS.
//
// Environment:
//   CAMPAIGN_AUDIT_FUZZ_RUNS=N            N runs for a 100-run property, the others in proportion
//   CAMPAIGN_AUDIT_FUZZ_SEED=S            replay with fast-check's seed (printed on failure)
//   CAMPAIGN_AUDIT_FUZZ_PATH=P            …and its path, with
//   CAMPAIGN_AUDIT_FUZZ_ONLY=TEXT         only the properties whose name contains TEXT
//   CAMPAIGN_AUDIT_FUZZ_STALL_SECONDS=S   how long one run may take before it counts as a hang (15)
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { WorkerEvent, WorkerRequest } from './fuzz.js';

const DEFAULT_STALL_SECONDS = 15;

export type Outcome = { kind: 'pass'; ms: number; runs: number } | { kind: 'skip' } | { kind: 'fail'; message: string };

export function fuzzSuite(title: string, propertiesModule: URL): void {
  it(title, async (t) => {
    const env = process.env;
    const seed = env.CAMPAIGN_AUDIT_FUZZ_SEED !== undefined ? Number(env.CAMPAIGN_AUDIT_FUZZ_SEED) : randomInt(2 ** 31);
    assert.ok(Number.isSafeInteger(seed), 'CAMPAIGN_AUDIT_FUZZ_SEED must be an integer');
    const stallSeconds = Number(env.CAMPAIGN_AUDIT_FUZZ_STALL_SECONDS ?? DEFAULT_STALL_SECONDS);
    assert.ok(stallSeconds > 0, 'CAMPAIGN_AUDIT_FUZZ_STALL_SECONDS must be a positive number');
    const progress = new SharedArrayBuffer(4);
    const request: WorkerRequest = {
      module: propertiesModule.href,
      seed,
      progress,
      ...(env.CAMPAIGN_AUDIT_FUZZ_PATH !== undefined ? { path: env.CAMPAIGN_AUDIT_FUZZ_PATH } : {}),
      ...(env.CAMPAIGN_AUDIT_FUZZ_ONLY !== undefined ? { only: env.CAMPAIGN_AUDIT_FUZZ_ONLY } : {}),
    };
    const run = startWatchedRun(request, stallSeconds * 1000, relativeName(propertiesModule));
    try {
      const names = await run.names;
      for (const name of names) {
        await t.test(name, async (property) => {
          const outcome = await run.outcome(name);
          if (outcome.kind === 'skip') property.skip('CAMPAIGN_AUDIT_FUZZ_ONLY');
          else if (outcome.kind === 'fail') assert.fail(outcome.message);
          else property.diagnostic(`${outcome.runs} runs in ${outcome.ms} ms, seed ${seed}`);
        });
      }
    } finally {
      await run.stop();
    }
  });
}

export interface WatchedRun {
  names: Promise<string[]>;
  outcome(name: string): Promise<Outcome>;
  stop(): Promise<void>;
}

/** How long loading the property module may take before it counts as a hang. */
const MODULE_LOAD_MS = 120_000;

/**
 * A worker whose last run ended cleanly, kept for the next fuzz file in this process (a shard of
 * scripts/run-tests.mjs runs several): a new one registers tsx and loads src/ again, over a second
 * of CPU. It is terminated once every test of the process has run (a root `after` hook, set
 * when this module loads). A worker that stalled, crashed or was stopped mid-run is terminated,
 * never kept.
 */
let idleWorker: Worker | undefined;
after(async () => {
  const worker = idleWorker;
  idleWorker = undefined;
  await worker?.terminate();
});

function takeWorker(): Worker {
  const worker = idleWorker ?? new Worker(new URL('./fuzz-worker.mjs', import.meta.url), { execArgv: [] });
  idleWorker = undefined;
  return worker;
}

/** Starts the run in a worker; outcomes resolve as properties finish, or all fail once it stalls or dies. */
export function startWatchedRun(request: WorkerRequest, stallMs: number, file: string): WatchedRun {
  const worker = takeWorker();
  const counter = new Int32Array(request.progress);
  const outcomes = new Map<string, { promise: Promise<Outcome>; resolve: (outcome: Outcome) => void }>();
  const deferred = (name: string) => {
    let entry = outcomes.get(name);
    if (entry === undefined) {
      let resolve!: (outcome: Outcome) => void;
      const promise = new Promise<Outcome>((done) => (resolve = done));
      entry = { promise, resolve };
      outcomes.set(name, entry);
    }
    return entry;
  };
  let resolveNames!: (names: string[]) => void;
  let rejectNames!: (error: Error) => void;
  const names = new Promise<string[]>((resolve, reject) => ((resolveNames = resolve), (rejectNames = reject)));
  let listed: string[] = [];
  let current: { name: string; runsBefore: number; since: number } | undefined;
  let finished = false;
  let lastCount = 0;
  let lastChange = Date.now();

  /** Everything not reported yet fails with `why`: the worker is gone. */
  const abandon = (why: string): void => {
    if (finished) return;
    finished = true;
    clearInterval(timer);
    rejectNames(new Error(why));
    for (const name of listed) deferred(name).resolve({ kind: 'fail', message: name === current?.name ? why : `not run: ${why}` });
  };

  const onMessage = (event: WorkerEvent): void => {
    lastChange = Date.now();
    switch (event.type) {
      case 'list':
        listed = event.names;
        resolveNames(event.names);
        break;
      case 'start':
        current = { name: event.name, runsBefore: event.runsBefore, since: Date.now() };
        break;
      case 'pass':
        deferred(event.name).resolve({ kind: 'pass', ms: event.ms, runs: event.runs });
        break;
      case 'fail':
        deferred(event.name).resolve({ kind: 'fail', message: event.message });
        break;
      case 'skip':
        deferred(event.name).resolve({ kind: 'skip' });
        break;
      case 'end':
        current = undefined;
        finished = true;
        clearInterval(timer);
        release();
        break;
    }
  };
  const onError = (error: Error): void => abandon(`the fuzz worker crashed: ${error.stack ?? error.message}`);
  const onExit = (code: number): void => abandon(`the fuzz worker exited (code ${code}) before reporting`);
  worker.on('message', onMessage);
  worker.on('error', onError);
  worker.on('exit', onExit);
  /** A clean end: the worker goes back to the pool, without this run's listeners. */
  const release = (): void => {
    worker.off('message', onMessage);
    worker.off('error', onError);
    worker.off('exit', onExit);
    if (idleWorker === undefined) {
      idleWorker = worker;
      worker.once('exit', () => {
        if (idleWorker === worker) idleWorker = undefined;
      });
    } else void worker.terminate();
  };
  worker.postMessage(request);

  const timer = setInterval(() => {
    const count = Atomics.load(counter, 0);
    if (count !== lastCount) {
      lastCount = count;
      lastChange = Date.now();
      return;
    }
    // Loading the property module (tsx compiles it) is not a property's run: on a busy machine it
    // takes seconds, so it gets its own, generous budget.
    const budget = listed.length === 0 ? Math.max(stallMs, MODULE_LOAD_MS) : stallMs;
    if (Date.now() - lastChange < budget) return;
    const run = current === undefined ? 0 : count - current.runsBefore;
    // Before any failure, run #k is fast-check path k-1; a replay starts at the path it was given.
    const path = request.path ?? String(run - 1);
    const where = listed.length === 0 ? 'while loading the property module' : current === undefined ? 'between properties' : `in "${current.name}", run #${run} (fast-check path ${path} if it was not shrinking yet)`;
    const replay = current === undefined
      ? ''
      : `\nReplay: CAMPAIGN_AUDIT_FUZZ_SEED=${request.seed} CAMPAIGN_AUDIT_FUZZ_PATH=${path} CAMPAIGN_AUDIT_FUZZ_ONLY='${current.name}' node scripts/run-tests.mjs ${file}`;
    abandon(`hang: no progress for ${Math.round((listed.length === 0 ? budget : stallMs) / 1000)} s ${where}, seed ${request.seed}; the worker was terminated.${replay}`);
    void worker.terminate();
  }, 100);
  timer.unref();

  return {
    names,
    outcome: (name) => deferred(name).promise,
    stop: async () => {
      if (finished) return;
      abandon('the run was stopped before this property reported');
      await worker.terminate();
    },
  };
}

function relativeName(url: URL): string {
  const path = url.pathname;
  const at = path.lastIndexOf('/test/');
  return (at < 0 ? path : path.slice(at + 1)).replace(/\.props\.ts$/, '.test.ts');
}
