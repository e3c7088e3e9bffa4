// The one date check of every input that takes a date: saved reports (asOf, cutoff, waiver
// expiry), waivers, the policy's cutoff, build data, --as-of and --cutoff. A date is written
// YYYY-MM-DD and exists: 2026-02-30 and 2026-13-45 are refused wherever they are written, so no
// day count, chart position or plan timeline is ever computed from an impossible date (it
// gave "in NaN days" and NaN coordinates). Pure.
import * as z from 'zod';

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
