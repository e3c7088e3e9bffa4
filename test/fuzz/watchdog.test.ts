// The watchdog itself (test/helpers/watchdog.ts): a property that never returns fails with its
// seed and replay path instead of hanging the suite.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { startWatchedRun } from '../helpers/watchdog.js';

const HANGS = new URL('./watchdog-hangs.props.ts', import.meta.url).href;

for (const [only, kind] of [['spins', 'an infinite loop'], ['backtracks', 'catastrophic regex backtracking']] as const) {
  // No wall-clock bound on the whole test: loading the module takes what the machine allows. The
  // backstop stops the run (with another message) if the watchdog never fires.
  it(`fails a property stuck in ${kind} within the stall time, and says how to replay it`, { timeout: 180_000 }, async () => {
    const run = startWatchedRun({ module: HANGS, seed: 42, only, progress: new SharedArrayBuffer(4) }, 1000, 'test/fuzz/watchdog-hangs.test.ts');
    // Were the watchdog broken, the worker would spin for ever and keep this process alive.
    const backstop = setTimeout(() => void run.stop(), 150_000);
    try {
      const names = await run.names;
      const stuck = names.find((name) => name.includes(only)) as string;
      const outcome = await run.outcome(stuck);
      assert.equal(outcome.kind, 'fail');
      assert.match(outcome.kind === 'fail' ? outcome.message : '', new RegExp(`^hang: no progress for 1 s in "${stuck}", run #\\d+ .*seed 42.*\\nReplay: CAMPAIGN_AUDIT_FUZZ_SEED=42 CAMPAIGN_AUDIT_FUZZ_PATH=\\d+ `, 's'));
      assert.deepEqual(await run.outcome('finishes'), { kind: 'skip' });
    } finally {
      clearTimeout(backstop);
      await run.stop();
    }
  });
}
