// Secret redaction, applied to the raw XML text at collection time, before a Snapshot exists
// (DESIGN.md §4). Working on text rather than on a parse tree means malformed or hostile files
// are redacted too, and the evidence written to disk never holds a secret value.
import { createHash } from 'node:crypto';
import type { SecretAttribute } from '../model.js';

const FINGERPRINT = /^@?sha256:[0-9a-f]{12}$/;

/** `sha256:<first 12 hex>` of a secret value: same secret, same fingerprint. */
export function fingerprintSecret(value: string): string {
  return `sha256:${createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 12)}`;
}

/**
 * The stored form of a secret value. Empty (or blank) stays as it is (emptiness decides the credential class)
 * and the leading `@` of Campaign's encrypted form is kept (it decides `secrets/plaintext`), so
 * every rule gives the same answer on redacted and raw text.
 */
export function redactValue(value: string): string {
  // Blank stays blank: a whitespace-only value counts as empty for the credential class.
  if (value.trim() === '' || FINGERPRINT.test(value)) return value;
  const decoded = decodeXmlEntities(value);
  return decoded.startsWith('@') ? `@${fingerprintSecret(decoded)}` : fingerprintSecret(decoded);
}

export function isRedacted(value: string): boolean {
  return FINGERPRINT.test(value);
}

const ENTITY = /&(?:#x([0-9a-f]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/gi;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXmlEntities(value: string): string {
  return value.replace(ENTITY, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    const code = hex !== undefined ? Number.parseInt(hex, 16) : dec !== undefined ? Number.parseInt(dec, 10) : NaN;
    if (name !== undefined) return NAMED[name.toLowerCase()] ?? whole;
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Builds a redactor for the given secret attributes. Names are matched on any element and
 * case-insensitively: redacting too much is harmless, leaking is not.
 */
export function createRedactor(secrets: readonly SecretAttribute[]): (xml: string) => string {
  const names = [...new Set(secrets.map((secret) => secret.attribute.toLowerCase()))];
  if (names.length === 0) return (xml) => xml;
  // An attribute is preceded by whitespace in XML; `[\s\S]` keeps newlines inside values.
  const pattern = new RegExp(`(\\s(?:${names.map(escapeRegExp).join('|')})\\s*=\\s*)(?:"([^"]*)"|'([^']*)')`, 'gi');
  return (xml) =>
    xml.replace(pattern, (_whole, head: string, doubleQuoted: string | undefined, singleQuoted: string | undefined) =>
      doubleQuoted !== undefined ? `${head}"${redactValue(doubleQuoted)}"` : `${head}'${redactValue(singleQuoted ?? '')}'`,
    );
}
