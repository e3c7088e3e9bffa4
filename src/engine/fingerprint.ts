// How a secret value is named in everything the tool writes: a keyed fingerprint. A plain hash of
// a low-entropy secret is the secret (a password like "Spring2024!" falls to a few hundred
// guesses), so the fingerprint is HMAC-SHA256 under a key the user holds (docs/security.md,
// "Fingerprint key"): without the key nobody can test a guess against a report; with the same key,
// the same secret gives the same fingerprint in every run, so waivers, baselines, diff and drift
// keep working. Redaction, facts and reporters take a Fingerprinter; none hashes on its own.
import { createHash, createHmac } from 'node:crypto';
import type { FingerprintInfo } from '../model.js';

export type FingerprintScheme = FingerprintInfo['scheme'];

/** The printed form: `sha256:` and 12 hex digits (48 bits: enough to tell secrets apart, no more). */
const FINGERPRINT = /^sha256:[0-9a-f]{12}$/;

/** At least 128 bits: the key is what stands between a report and a guessing loop. */
export const MIN_KEY_BYTES = 16;

export interface Fingerprinter {
  readonly scheme: FingerprintScheme;
  /**
   * Names the key in reports and evidence without revealing it, so that two reports can be told
   * to come from the same key (their fingerprints compare) or not.
   */
  readonly keyId: string;
  /** The fingerprint of a secret value: `sha256:<12 hex>`. */
  of(value: string): string;
  /** True for text in the fingerprint form (whatever key made it: the form is what redaction keeps). */
  isFingerprint(text: string): boolean;
}

/** The fingerprinter for `key` (raw bytes, at least MIN_KEY_BYTES). */
export function keyedFingerprinter(key: Uint8Array): Fingerprinter {
  if (key.length < MIN_KEY_BYTES) throw new RangeError(`a fingerprint key needs at least ${MIN_KEY_BYTES} bytes`);
  const secretKey = Buffer.from(key);
  // A hash of a high-entropy key, under its own label: it says nothing of the key.
  const keyId = createHash('sha256').update('campaign-audit fingerprint key id\0').update(secretKey).digest('hex').slice(0, 12);
  return {
    scheme: 'hmac-sha256',
    keyId,
    of: (value) => `sha256:${createHmac('sha256', secretKey).update(value, 'utf8').digest('hex').slice(0, 12)}`,
    isFingerprint: (text) => FINGERPRINT.test(text),
  };
}

/** What a report says of the fingerprints in it (JSON `fingerprints`). */
export function fingerprintInfo(fingerprints: Fingerprinter): FingerprintInfo {
  return { scheme: fingerprints.scheme, keyId: fingerprints.keyId };
}
