// Secret redaction, applied to the raw XML text at collection time, before a Snapshot exists
// (docs/security.md#1-no-secret-leaves-the-tool). Working on text rather than on a parse tree
// means malformed or hostile files are redacted too, and the evidence written to disk never holds
// a secret value: each is replaced by its keyed fingerprint (src/engine/fingerprint.ts).
import type { Fingerprinter } from '../engine/fingerprint.js';
import type { SecretAttribute } from '../model.js';
import { NOT_TAGS } from '../parse/xml.js';

/**
 * The stored form of a secret value. Empty (or blank) stays as it is (emptiness decides the credential class)
 * and the leading `@` of Campaign's encrypted form is kept (it decides `secrets/plaintext`), so
 * every rule gives the same answer on redacted and raw text.
 */
export function redactValue(value: string, fingerprints: Fingerprinter): string {
  // Blank stays blank: a whitespace-only value counts as empty for the credential class.
  if (value.trim() === '' || isRedacted(value, fingerprints)) return value;
  const decoded = decodeXmlEntities(value);
  // The `@` is judged as the rules see the value: parsed, which trims it (`" @…"` is encrypted)
  // and leaves numeric references alone (`&#64;…` is not).
  return value.trim().startsWith('@') ? `@${fingerprints.of(decoded)}` : fingerprints.of(decoded);
}

/** A value already in fingerprint form (`@` kept for Campaign's encrypted form): redaction leaves it. */
export function isRedacted(value: string, fingerprints: Fingerprinter): boolean {
  return fingerprints.isFingerprint(value.startsWith('@') ? value.slice(1) : value);
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

export interface Redactor {
  (xml: string): string;
  /** Attribute names (lower case) whose values are secret. */
  readonly names: ReadonlySet<string>;
  /** What replaces each secret value. */
  readonly fingerprints: Fingerprinter;
}

/**
 * Attribute names that hold a secret whatever the element, listed or not: Adobe's on-disk format
 * is not fully documented (docs/campaign.md#what-is-not-documented), and serverConf.xml has
 * more credentials than the ones the rules read (proxy `password`, `…Secret`, `…PrivateKey`).
 * Redacting a value no rule reads costs nothing; keeping a secret in evidence would.
 */
const SECRET_NAME = /(?:password|passwd|secret|secretkey|privatekey|passphrase)$/i;

/**
 * Security zone rights that end like a secret's name but are documented Booleans (Adobe, "The
 * server configuration file", securityZone: https://experienceleague.adobe.com/en/docs/campaign-classic/using/installing-campaign-classic/appendices/the-server-configuration-file#securityzone):
 * zones/public-rights must read their true or false, so the name heuristic leaves them alone
 * (a name listed in the signatures is still redacted).
 */
const ZONE_RIGHT_NAME = /^allow(?:Empty|User)Password$/i;

/**
 * True when `name` is a listed secret attribute (`names`, lower case) or looks like one, with or
 * without a namespace prefix: `x:authIMSCode` holds what `authIMSCode` does.
 */
export function isSecretAttributeName(names: ReadonlySet<string>, name: string): boolean {
  const local = name.slice(name.lastIndexOf(':') + 1);
  return names.has(name.toLowerCase()) || names.has(local.toLowerCase()) || (SECRET_NAME.test(name) && !ZONE_RIGHT_NAME.test(local));
}

/**
 * Builds a redactor for the given secret attributes. Names are matched on any element and
 * case-insensitively: redacting too much is harmless, leaking is not.
 *
 * It reads the text the way an XML parser does: markup only inside tags, attribute values in
 * their own quotes. A regex over raw text can be steered by a value that itself contains
 * `name='...`; this scanner cannot, and what it misses in a file that does not parse is dropped
 * by toSnapshot anyway. Comments, CDATA and processing instructions are not markup, but an
 * administrator's commented-out `<dbcnx password="…"/>` is still a password: in them, every
 * `name=value` pair with a secret name is redacted too.
 */
export function createRedactor(secrets: readonly SecretAttribute[], fingerprints: Fingerprinter): Redactor {
  const names = new Set(secrets.map((secret) => secret.attribute.toLowerCase()));
  const redactor = (xml: string): string => redactTags(xml, names, fingerprints);
  return Object.assign(redactor, { names, fingerprints });
}

/** Where an unquoted value ends: at one of `stops`, and at a space too unless `throughSpaces`. */
interface ValueEnd {
  stops: string;
  throughSpaces?: boolean;
}

/**
 * The value after an `=` at `from` (spaces skipped): up to its closing quote, or, unquoted, up to
 * one of `stops` (and a space too unless `throughSpaces`). `next` is where scanning goes on.
 */
function readValue(text: string, from: number, { stops, throughSpaces = false }: ValueEnd): { start: number; end: number; next: number } {
  let index = from;
  while (index < text.length && isSpace(text[index])) index += 1;
  const quote = text[index];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, index + 1);
    return close < 0 ? { start: index + 1, end: text.length, next: text.length } : { start: index + 1, end: close, next: close + 1 };
  }
  const start = index;
  while (index < text.length && (throughSpaces || !isSpace(text[index])) && !stops.includes(text[index] as string)) index += 1;
  let end = index;
  while (end > start && isSpace(text[end - 1])) end -= 1;
  return { start, end, next: index };
}

/** Name characters of a loose `name=value` pair: anything but space, quotes and markup. */
function isLooseNameChar(char: string | undefined): boolean {
  return char !== undefined && !isSpace(char) && !'<>="\'/'.includes(char);
}

/**
 * Redacts `name = "value"`, `name='value'` and `name=value` pairs with a secret name in text
 * that is not markup (a comment's body). Linear: each `=` looks back only to the previous pair.
 */
function redactLoosePairs(text: string, names: ReadonlySet<string>, fingerprints: Fingerprinter): string {
  const out: string[] = [];
  let copied = 0;
  let floor = 0;
  let eq = text.indexOf('=');
  while (eq >= 0) {
    let nameEnd = eq;
    while (nameEnd > floor && isSpace(text[nameEnd - 1])) nameEnd -= 1;
    let nameStart = nameEnd;
    while (nameStart > floor && isLooseNameChar(text[nameStart - 1])) nameStart -= 1;
    // Prose, not markup: an unquoted value runs to the end of its line (`password=correct horse
    // battery staple` keeps nothing of it). Redacting a neighbour too is harmless.
    const value = readValue(text, eq + 1, { stops: '<>\n\r', throughSpaces: true });
    if (nameStart < nameEnd && value.end > value.start && isSecretAttributeName(names, text.slice(nameStart, nameEnd))) {
      out.push(text.slice(copied, value.start), redactValue(text.slice(value.start, value.end), fingerprints));
      copied = value.end;
    }
    floor = Math.max(value.next, eq + 1);
    eq = text.indexOf('=', floor);
  }
  out.push(text.slice(copied));
  return out.join('');
}

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}

function redactTags(xml: string, names: ReadonlySet<string>, fingerprints: Fingerprinter): string {
  const out: string[] = [];
  let copied = 0;
  let index = 0;
  const length = xml.length;
  while (index < length) {
    const open = xml.indexOf('<', index);
    if (open < 0) break;
    const skip = NOT_TAGS.find(([start]) => xml.startsWith(start, open));
    if (skip) {
      const bodyStart = open + skip[0].length;
      const end = xml.indexOf(skip[1], bodyStart);
      const bodyEnd = end < 0 ? length : end;
      const body = xml.slice(bodyStart, bodyEnd);
      const redacted = redactLoosePairs(body, names, fingerprints);
      if (redacted !== body) {
        out.push(xml.slice(copied, bodyStart), redacted);
        copied = bodyEnd;
      }
      index = end < 0 ? length : end + skip[1].length;
      continue;
    }
    // A tag: its name, then attributes until `>`.
    index = open + 1;
    while (index < length && !isSpace(xml[index]) && xml[index] !== '>' && xml[index] !== '/') index += 1;
    for (;;) {
      while (index < length && (isSpace(xml[index]) || xml[index] === '/')) index += 1;
      if (index >= length || xml[index] === '>' || xml[index] === '<') break;
      const nameStart = index;
      while (index < length && !isSpace(xml[index]) && xml[index] !== '=' && xml[index] !== '>' && xml[index] !== '/' && xml[index] !== '<') index += 1;
      const name = xml.slice(nameStart, index).toLowerCase();
      while (index < length && isSpace(xml[index])) index += 1;
      if (xml[index] !== '=') continue;
      // Unquoted values are not XML, but they are redacted all the same.
      const value = readValue(xml, index + 1, { stops: '>' });
      index = value.next;
      if (isSecretAttributeName(names, name)) {
        out.push(xml.slice(copied, value.start), redactValue(xml.slice(value.start, value.end), fingerprints));
        copied = value.end;
      }
    }
    if (xml[index] === '>') index += 1;
  }
  out.push(xml.slice(copied));
  return out.join('');
}
