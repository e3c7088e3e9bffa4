// Checks of values that several inputs share (flags, inventory, ssh_config, waivers, policy),
// defined once so that they agree; each caller keeps its own message. Pure.
export { isIsoDate } from '../dates.js';

/** A TCP port written as digits ("22"), 1 to 65535, or null. */
export function portFromText(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  const port = Number(text);
  return isPort(port) ? port : null;
}

/** A Unix user name for `sudo -u`: letters, digits, `_ . -`, not starting with `-`. */
export function isUserName(text: string): boolean {
  return /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/.test(text);
}

/** An environment variable name: letters, digits and `_`, not starting with a digit. */
export function isEnvName(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text);
}

/** A whole number from 1 to 65535. */
export function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}
