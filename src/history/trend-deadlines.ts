// The deadlines a trend marks (docs/campaign.md#jwt-deadlines): each report's own cutoff (its
// policy, --cutoff) and Adobe's end of life and hard stop, which do not move with the cutoff.
// Only those from the first date to the last: a marker outside the range has no place on the
// chart. Pure.
import { JWT_END_OF_LIFE, JWT_HARD_STOP } from '../data/jwt-phase.js';

export const DEADLINE_EVENTS = ['cutoff', 'end-of-life', 'hard-stop'] as const;
export type DeadlineEvent = (typeof DEADLINE_EVENTS)[number];

/** What each event is called on the chart and in the texts. */
export const DEADLINE_LABELS = {
  cutoff: 'policy cutoff',
  'end-of-life': 'JWT end of life',
  'hard-stop': 'JWT hard stop',
} as const satisfies Record<DeadlineEvent, string>;

export interface Deadline {
  date: string;
  /** What falls on that date; several when they coincide (--cutoff 2025-06-30 is the end of life too). */
  events: DeadlineEvent[];
  /** "JWT hard stop", "policy cutoff and JWT end of life". */
  label: string;
}

/** The deadlines from the first point's as-of date to the last one's, both included, oldest first. */
export function deadlinesWithin(points: readonly { asOf: string; cutoff: string }[]): Deadline[] {
  const first = points[0]?.asOf;
  const last = points[points.length - 1]?.asOf;
  if (first === undefined || last === undefined) return [];
  const dated: [string, DeadlineEvent][] = [...new Set(points.map((point) => point.cutoff))].map((cutoff) => [cutoff, 'cutoff']);
  dated.push([JWT_END_OF_LIFE, 'end-of-life'], [JWT_HARD_STOP, 'hard-stop']);
  const byDate = new Map<string, DeadlineEvent[]>();
  for (const [date, event] of dated) if (date >= first && date <= last) byDate.set(date, [...(byDate.get(date) ?? []), event]);
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, events]) => {
      const ordered = DEADLINE_EVENTS.filter((event) => events.includes(event));
      return { date, events: ordered, label: ordered.map((event) => DEADLINE_LABELS[event]).join(' and ') };
    });
}
