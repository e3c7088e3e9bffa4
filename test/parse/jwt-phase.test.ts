import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jwtPhase } from '../../src/data/jwt-phase.js';

describe('jwtPhase', () => {
  it('names the phase at the as-of date, with its days', () => {
    const cases: [string, string, string, number, number, string][] = [
      ['2025-01-20', '2025-01-27', 'before-cutoff', -7, 405, 'before the cutoff; migrate before 2025-01-27 (7 days left)'],
      ['2025-01-27', '2025-01-27', 'overdue', 0, 398, 'cutoff 2025-01-27 passed; migration overdue by 0 days'],
      ['2025-03-01', '2025-01-27', 'overdue', 33, 365, 'cutoff 2025-01-27 passed; migration overdue by 33 days'],
      ['2025-06-30', '2025-01-27', 'end-of-life', 154, 244, 'end of life 2025-06-30 passed; JWT stops on 2026-03-01, in 244 days'],
      ['2026-03-01', '2025-01-27', 'stopped', 398, 0, 'hard stop 2026-03-01 passed: JWT keys no longer work'],
      ['2026-11-27', '2025-01-27', 'stopped', 669, -271, 'hard stop 2026-03-01 passed: JWT keys no longer work'],
      // A cutoff set after Adobe's dates does not move them.
      ['2025-09-01', '2026-01-01', 'end-of-life', -122, 181, 'end of life 2025-06-30 passed; JWT stops on 2026-03-01, in 181 days'],
    ];
    for (const [asOf, cutoff, id, daysSinceCutoff, daysToHardStop, summary] of cases) {
      assert.deepEqual(jwtPhase(asOf, cutoff), { id, daysSinceCutoff, daysToHardStop, summary }, `${asOf} / ${cutoff}`);
      assert.ok(`JWT phase: ${summary}`.length <= 80, summary);
    }
  });
});
