// Properties of secret redaction (src/collect/redact.ts, src/collect/snapshot.ts): secret
// attribute values (DEFAULT_SIGNATURES.secrets, docs/security.md#1-no-secret-leaves-the-tool)
// never reach stored output.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createRedactor } from '../../src/collect/redact.js';
import { redactContent } from '../../src/collect/snapshot.js';
import type { Finding, Snapshot } from '../../src/model.js';
import { DEFAULT_SIGNATURES } from '../../src/engine/policy.js';
import { assertFast, check, checkAsync, defineProperties } from '../helpers/fuzz.js';
import { auditSnapshots } from '../helpers/audit.js';
import { adversarialText, XML_PIECES } from './arbitraries.js';
import { leakedMarkers, secretMarkers } from './leaks.js';
import { brokenDocument, configDocument, wellFormedDocument, writeBroken, writeDocument } from './xml-documents.js';
import { FINGERPRINTS } from '../helpers/fixtures.js';

const redact = createRedactor(DEFAULT_SIGNATURES.secrets, FINGERPRINTS);

/** What a Snapshot would store for the file: the redacted content, or only the reason. */
function stored(xml: string): string {
  const result = redactContent(xml, redact);
  return 'content' in result ? result.content : result.error;
}

const anyText = fc.oneof(
  wellFormedDocument.map((spec) => writeDocument(spec).xml),
  brokenDocument.map((doc) => writeBroken(doc).xml),
  fc.string({ unit: 'binary', maxLength: 200 }),
  adversarialText(500, XML_PIECES),
);

function snapshotOf(files: Record<string, string>): Snapshot {
  return {
    schemaVersion: 1,
    host: { name: 'h', address: 'h', tags: [] },
    transport: 'dir',
    collectedAt: '2026-11-27T12:00:00.000Z',
    status: 'ok',
    installDir: '/usr/local/neolane/nl6',
    confListing: Object.keys(files),
    files: Object.entries(files).map(([name, content]) => ({ path: `conf/${name}`, size: content.length, content })),
    pdump: '12:00:00 > Application server for Adobe Campaign Classic (7.4.1 build 9383@abcdef0) of 18/06/2024\n',
  };
}

const judged = (finding: Finding): string => [finding.ruleId, finding.severity, finding.instance, finding.file, finding.path].join(' ');

export default defineProperties({
  'well-formed files: exactly the secret values change, each to the fingerprint of its decoded value': () =>
    check(
      fc.property(wellFormedDocument, (spec) => {
        const { xml, redacted, markers } = writeDocument(spec);
        assert.equal(redact(xml), redacted);
        const result = redactContent(xml, redact);
        assert.ok('content' in result, `a well-formed file is kept: ${'error' in result ? result.error : ''}`);
        assert.equal(result.content, redacted);
        assert.deepEqual(leakedMarkers(result.content, markers), []);
      }),
      300,
    ),

  'no marker survives in what is stored, from well-formed or broken files': () =>
    check(
      fc.property(fc.oneof(wellFormedDocument.map(writeDocument), brokenDocument.map(writeBroken)), ({ xml, markers }) => {
        assert.deepEqual(leakedMarkers(stored(xml), secretMarkers(xml, markers)), []);
      }),
      1000,
    ),

  'redaction is idempotent on any text (replayed evidence is redacted again)': () =>
    check(
      fc.property(anyText, (text) => {
        const once = redact(text);
        assert.equal(redact(once), once);
      }),
      300,
    ),

  'the rules judge the redacted files as they judge the raw ones': () =>
    checkAsync(
      fc.asyncProperty(configDocument, configDocument, async (server, instance) => {
        const raw = { 'serverConf.xml': writeDocument(server).xml, 'config-prod.xml': writeDocument(instance).xml };
        const redacted = Object.fromEntries(Object.entries(raw).map(([name, xml]) => [name, stored(xml)]));
        const before = await auditSnapshots([snapshotOf(raw)]);
        const after = await auditSnapshots([snapshotOf(redacted)]);
        assert.ok(!before.findings.some((finding) => finding.ruleId === 'config/unreadable'), 'the generated files parse');
        assert.deepEqual(after.findings.map(judged), before.findings.map(judged));
        assert.deepEqual(after.hosts[0]?.instances, before.hosts[0]?.instances);
      }),
      200,
    ),

  'a secret in a comment keeps nothing of its value: multi-word, quoted or not, namespaced name (issue 13.11)': () =>
    check(
      fc.property(
        fc.constantFrom(...DEFAULT_SIGNATURES.secrets.map((secret) => secret.attribute), 'password', 'apiSecret'),
        fc.constantFrom('', 'x:', 'ns1:'),
        fc.boolean(),
        fc.array(fc.stringMatching(/^[A-Za-z0-9!#$%&*+.,;^_|~-]{6,12}$/), { minLength: 1, maxLength: 5 }),
        fc.constantFrom('"', "'", ''),
        fc.constantFrom(' ', '', ' \t'),
        fc.constantFrom(' -->', '\n -->', ' other="kept" -->'),
        (name, prefix, upper, words, quote, space, tail) => {
          const value = words.map((word) => `W${word}`).join(' ');
          const attribute = `${prefix}${upper ? name.toUpperCase() : name}`;
          const comment = `<!-- ${attribute}${space}=${space}${quote}${value}${quote}${tail}`;
          const xml = `<serverconf>${comment}<a ${attribute}="${value}"/></serverconf>`;
          const out = redact(xml);
          for (const word of words) assert.ok(!out.includes(`W${word}`), `"W${word}" kept: ${out}`);
          assert.equal(redact(out), out, 'still idempotent');
        },
      ),
      300,
    ),

  'stays linear on large hostile text (runs of quotes, "<", "=", open comments)': () =>
    check(
      fc.property(adversarialText(300_000, XML_PIECES), (text) => {
        const doc = `<serverconf><dbcnx password="s1"/>${text}</serverconf>`;
        const once = assertFast(`redact on ${doc.length} characters`, () => redact(doc));
        assertFast(`redactContent on ${doc.length} characters`, () => redactContent(doc, redact));
        assert.ok(!once.includes('"s1"'));
      }),
      15,
    ),
});
