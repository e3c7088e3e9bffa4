// Calendar days between the tool's dates (YYYY-MM-DD: --as-of, the cutoff, Adobe's JWT dates,
// the build data's check date, report dates), counted in one place so that the findings, the
// JWT phase, the build data's age and the trend chart agree.
// Subpath imports: the package index loads every date-fns function (hundreds of modules).
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { parseISO } from 'date-fns/parseISO';

/** Whole calendar days from `date` to `asOf` (both YYYY-MM-DD); negative when `date` is later. */
export function daysSince(asOf: string, date: string): number {
  return differenceInCalendarDays(parseISO(asOf), parseISO(date));
}
