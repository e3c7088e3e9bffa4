// Where the JWT timeline stands at the as-of date (docs/campaign.md#jwt-deadlines): before the cutoff the
// audit judges against, after it, after Adobe's end of life (2025-06-30), and after the hard
// stop (2026-03-01), when a JWT credential no longer works at all and the Campaign integrations
// that use it are broken until OAuth Server-to-Server is set with -setimsoauth.
import { daysSince } from '../dates.js';

/** Adobe: "As of June 30, 2025, Service Account (JWT) credentials have reached their end of life". */
export const JWT_END_OF_LIFE = '2025-06-30';
/** Adobe: JWT credentials "will not work after current certificates expire or March 1, 2026, whichever is earlier". */
export const JWT_HARD_STOP = '2026-03-01';

export const JWT_PHASES = ['before-cutoff', 'overdue', 'end-of-life', 'stopped'] as const;
export type JwtPhaseId = (typeof JWT_PHASES)[number];

export interface JwtPhase {
  id: JwtPhaseId;
  /** Days from the cutoff to the as-of date: negative before it. */
  daysSinceCutoff: number;
  /** Days from the as-of date to the hard stop: negative once it has passed. */
  daysToHardStop: number;
  /** One line for a report header (under 70 characters). */
  summary: string;
}

/** The phase at `asOf` (YYYY-MM-DD) for a cutoff `cutoff`. The hard stop and end of life are Adobe's dates, whatever the cutoff. */
export function jwtPhase(asOf: string, cutoff: string): JwtPhase {
  // Every host's rules ask with the scan's one date and cutoff: the answer is kept (a few, frozen).
  const key = `${asOf} ${cutoff}`;
  let phase = phases.get(key);
  if (phase === undefined) {
    if (phases.size >= 64) phases.clear();
    phases.set(key, (phase = Object.freeze(phaseAt(asOf, cutoff))));
  }
  return phase;
}

const phases = new Map<string, JwtPhase>();

function phaseAt(asOf: string, cutoff: string): JwtPhase {
  const daysSinceCutoff = daysSince(asOf, cutoff);
  const daysToHardStop = daysSince(JWT_HARD_STOP, asOf);
  const base = { daysSinceCutoff, daysToHardStop };
  if (daysToHardStop <= 0) {
    return { id: 'stopped', ...base, summary: `hard stop ${JWT_HARD_STOP} passed: JWT keys no longer work` };
  }
  if (asOf >= JWT_END_OF_LIFE) {
    return { id: 'end-of-life', ...base, summary: `end of life ${JWT_END_OF_LIFE} passed; JWT stops on ${JWT_HARD_STOP}, in ${daysToHardStop} days` };
  }
  if (daysSinceCutoff >= 0) return { id: 'overdue', ...base, summary: `cutoff ${cutoff} passed; migration overdue by ${daysSinceCutoff} days` };
  return { id: 'before-cutoff', ...base, summary: `before the cutoff; migrate before ${cutoff} (${-daysSinceCutoff} days left)` };
}
