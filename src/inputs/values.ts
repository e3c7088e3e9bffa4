// Checks of values that several inputs share (flags, inventory, ssh_config, waivers, policy),
// defined once so that they agree; each caller keeps its own message. Pure.
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';

/** A TCP port written as digits ("22"), 1 to 65535, or null. */
export function portFromText(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  const port = Number(text);
  return isPort(port) ? port : null;
}

/** A whole number from 1 to 65535. */
export function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** A calendar date written YYYY-MM-DD that exists (not 2025-02-30). */
export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && isValid(parseISO(value));
}
