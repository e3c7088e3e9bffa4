// What may stand where SSH expects a host: a host name made of RFC 1123 labels, or an IP literal.
// Everything else is refused before any connection (docs/security.md#6-host-keys): a name such as
// `x,*` resolves through /etc/hosts or DNS search domains just as well, and accept-new would then
// record `[x,*]:24101`, a known_hosts line that OpenSSH and campaign-audit match for every host.
import { isIPv4, isIPv6 } from 'node:net';

/** RFC 1035/1123: a whole name is at most 253 characters without the final dot. */
const MAX_NAME = 253;
/**
 * One label: letters, digits and `-`, not first or last, at most 63. `_` is also accepted: it has
 * no meaning in known_hosts or ssh_config patterns, and container and Windows host names use it.
 */
const LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

/** True for a host name of RFC 1123 labels (one final dot allowed) or an IPv4/IPv6 literal (no brackets). */
export function isHostNameOrAddress(text: string): boolean {
  if (isIPv4(text) || isIPv6(text)) return true;
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  return name.length > 0 && name.length <= MAX_NAME && name.split('.').every((label) => LABEL.test(label));
}

/**
 * Why `text` is not a host name or IP address, by kind and never quoting it, or undefined when it
 * is one. The kinds that matter most come first: those that would widen a known_hosts line.
 */
export function hostNameProblem(text: string): string | undefined {
  if (isHostNameOrAddress(text)) return undefined;
  const kind =
    /[*?]/.test(text) ? 'a wildcard (* or ?)'
    : text.includes(',') ? 'a comma'
    : text.includes('!') ? 'a negation (!)'
    : /[\p{Cc}\p{Cf}]/u.test(text) ? 'a control character'
    : /\s/.test(text) ? 'a space'
    : text.startsWith('-') ? 'a leading "-"'
    : text.length > MAX_NAME ? `more than ${MAX_NAME} characters`
    : undefined;
  const rule = 'must be a host name (letters, digits, "-" and "." labels) or an IP address';
  return kind === undefined ? rule : `${rule}; it holds ${kind}`;
}
