// Planning time against instance count (npm run bench:plan): the time of a 5,000-instance plan
// as a ratio of a 50-instance plan timed in the same process and the same rounds, so that a busy
// machine slows both alike. Linear would be 100; indexing findings by instance took it from about
// 1600 to about 250 (the rest is the larger plan's allocation and GC).
import { performance } from 'node:perf_hooks';
import { SHIPPED_BUILDS as BUILDS } from '../src/data/builds.js';
import type { ScanResult } from '../src/model.js';
import { buildPlan } from '../src/plan/build.js';
import { planFleet } from '../test/helpers/plan-fleet.js';

/** The fastest of `runs` timings, in ms: the least disturbed by other work on the machine. */
function fastest(result: ScanResult, runs: number): number {
  let best = Infinity;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    buildPlan(result, BUILDS);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** How many times longer `large` takes than `small`: the lowest of three rounds, each timing both. */
function timeRatio(small: ScanResult, large: ScanResult): { ratio: number; smallMs: number; largeMs: number } {
  fastest(small, 20); // warm up the JIT before timing
  let best = { ratio: Infinity, smallMs: 0, largeMs: 0 };
  for (let round = 0; round < 3; round += 1) {
    const smallMs = Math.max(fastest(small, 10), 0.05);
    const largeMs = fastest(large, 1);
    if (largeMs / smallMs < best.ratio) best = { ratio: largeMs / smallMs, smallMs, largeMs };
  }
  return best;
}

const sizes = [50, 5000] as const;
const { ratio, smallMs, largeMs } = timeRatio(planFleet(sizes[0]), planFleet(sizes[1]));
console.log(`buildPlan: ${sizes[0]} instances ${smallMs.toFixed(2)} ms, ${sizes[1]} instances ${largeMs.toFixed(1)} ms: ratio ${ratio.toFixed(0)} for ${sizes[1] / sizes[0]} times the instances`);
