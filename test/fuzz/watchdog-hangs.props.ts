// Planted hangs for test/fuzz/watchdog.test.ts: the watchdog must fail these, not wait forever.
import fc from 'fast-check';
import { check, defineProperties } from '../helpers/fuzz.js';

export default defineProperties({
  'finishes': () => check(fc.property(fc.nat(), (n) => n >= 0), 20),
  'spins forever on the fifth run': () =>
    check(
      fc.property(fc.nat(), () => {
        spins += 1;
        while (spins >= 5) {
          // A synchronous loop: nothing on this thread can interrupt it.
        }
      }),
      100,
    ),
  'backtracks catastrophically': () => check(fc.property(fc.integer({ min: 40, max: 50 }), (n) => !/(a+)+b/.test('a'.repeat(n))), 10),
});

let spins = 0;
