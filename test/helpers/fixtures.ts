// Test helpers: build snapshots and facts from inline XML, the way the collector would.
import { createRedactor } from '../../src/collect/redact.js';
import { toSnapshot } from '../../src/collect/snapshot.js';
import type { RawHost } from '../../src/collect/transport.js';
import type { HostFacts, Snapshot } from '../../src/model.js';
import { buildFacts } from '../../src/parse/facts.js';
import { ParsedDocuments } from '../../src/parse/xml.js';
import { DEFAULT_SIGNATURES, defaultPolicy } from '../../src/engine/policy.js';
import { SHIPPED_BUILDS } from '../../src/data/builds.js';
import { DEMO_FINGERPRINT_KEY } from '../../src/cli/scan.js';
import { keyedFingerprinter } from '../../src/engine/fingerprint.js';
import type { ReportContext } from '../../src/report/types.js';

export const NOW = new Date('2026-11-27T12:00:00Z');

/** The shipped build table, as every caller now passes it explicitly. */
export const BUILDS = SHIPPED_BUILDS;
/** The default policy over the shipped build table. */
export const POLICY = defaultPolicy(SHIPPED_BUILDS);
/** The tests' fingerprints: the demo's public key, so a test's fingerprints are the demo's. */
export const FINGERPRINTS = keyedFingerprinter(Buffer.from(DEMO_FINGERPRINT_KEY, 'utf8'));
/** What a scan reads facts with: the default policy and the tests' fingerprints. */
export const FACTS = { ...POLICY, fingerprints: FINGERPRINTS };
/** The fingerprint a secret value is reported as, under the tests' key. */
export function fingerprintSecret(value: string): string {
  return FINGERPRINTS.of(value);
}
/** What a reporter needs besides the result: plain text, a wide terminal, the shipped builds. */
export function reportContext(width = 120, color = false): ReportContext {
  return { color, width, builds: SHIPPED_BUILDS };
}

export interface HostSpec {
  name?: string;
  /** conf/ file name → XML text. */
  files: Record<string, string>;
  /** nlserver pdump output; null for "could not run". */
  pdump?: string | null;
}

/** A pdump first line for a v7 build, in the documented Linux form (docs/campaign.md#version-banner). */
export function pdumpLine(version: string, build: number): string {
  return `12:17:21 > Application server for Adobe Campaign Classic (${version} build ${build}@abc1234) of 01/01/2025\n`;
}

export function snapshotOf(spec: HostSpec, documents?: ParsedDocuments): Snapshot {
  const raw: RawHost = {
    status: 'ok',
    confListing: Object.keys(spec.files),
    files: Object.entries(spec.files).map(([name, xml]) => ({ name, size: Buffer.byteLength(xml), data: Buffer.from(xml) })),
    pdump: spec.pdump === undefined ? pdumpLine('7.4.1', 9383) : spec.pdump,
  };
  const name = spec.name ?? 'host-1';
  return toSnapshot({ name, address: name, tags: [], installDir: '/usr/local/neolane/nl6' }, raw, {
    kind: 'dir',
    now: NOW,
    redact: createRedactor(DEFAULT_SIGNATURES.secrets, FINGERPRINTS),
    ...(documents ? { documents } : {}),
  });
}

/** Facts the way a scan builds them: the collector and buildFacts share one ParsedDocuments. */
export function factsOf(spec: HostSpec): HostFacts {
  const documents = new ParsedDocuments();
  return buildFacts(snapshotOf(spec, documents), FACTS, documents);
}

/** `<serverconf><shared><ims .../></shared>…</serverconf>` with the given ims attributes. */
export function configXml(ims: Record<string, string> = {}, extra = ''): string {
  const attributes = Object.entries(ims)
    .map(([name, value]) => ` ${name}="${value}"`)
    .join('');
  return `<?xml version='1.0'?>\n<serverconf>\n  <shared>\n    <ims${attributes}/>\n  </shared>${extra}\n</serverconf>\n`;
}

export const OAUTH_ATTRIBUTES = {
  authIMSTAClientId: 'cid-0123',
  authIMSTAClientSecret: '@c2VjcmV0LWVuY3J5cHRlZA==',
  authIMSTAId: 'ABCDEF0123@techacct.adobe.com',
};
