// The tool's dates (YYYY-MM-DD: --as-of, the cutoff, Adobe's JWT dates, the build data's check
// date, report dates, waiver expiry), checked and counted in one place. Every input that takes a
// date uses isoDate/isIsoDate: 2026-02-30 and 2026-13-45 are refused wherever they are written, so
// no day count, chart position or plan timeline is ever computed from an impossible date (it gave
// "in NaN days" and NaN coordinates). daysSince counts days once, so that the findings, the JWT
// phase, the build data's age and the trend chart agree. Pure.
// Subpath imports: the package index loads every date-fns function (hundreds of modules).
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { parseISO } from 'date-fns/parseISO';
import * as z from 'zod';

/** Whole calendar days from `date` to `asOf` (both YYYY-MM-DD); negative when `date` is later. */
export function daysSince(asOf: string, date: string): number {
  return differenceInCalendarDays(parseISO(asOf), parseISO(date));
}

/**
 * A date schema with the caller's words for a bad one. zod's ISO date checks the day against its
 * month, leap years included, and publishes as JSON Schema `format: date` with its pattern.
 */
export const isoDate = (error: string) => z.iso.date({ error });

const ISO_DATE = isoDate('is not a date YYYY-MM-DD');

/** A calendar date written YYYY-MM-DD that exists (not 2025-02-30): the same check as isoDate. */
export function isIsoDate(value: unknown): value is string {
  return ISO_DATE.safeParse(value).success;
}
