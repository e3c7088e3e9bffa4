import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRedactor } from '../../src/collect/redact.js';
import { decodeText, toSnapshot } from '../../src/collect/snapshot.js';
import type { RawHost } from '../../src/collect/transport.js';
import type { HostTarget } from '../../src/model.js';
import { buildFacts } from '../../src/parse/facts.js';
import { ParsedDocuments, parseXml } from '../../src/parse/xml.js';
import { DEFAULT_SIGNATURES } from '../../src/engine/policy.js';
import { FACTS, FINGERPRINTS } from '../helpers/fixtures.js';

const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));

describe('decodeText', () => {
  it('reads UTF-8, with or without a byte-order mark, and UTF-16 with one', () => {
    assert.deepEqual(decodeText(bytes("<serverconf a='", [0xc3, 0xa9], "'/>")), { text: "<serverconf a='é'/>" });
    assert.deepEqual(decodeText(bytes([0xef, 0xbb, 0xbf], '<serverconf/>')), { text: '<serverconf/>' });
    assert.deepEqual(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<serverconf/>', 'utf16le')])), { text: '<serverconf/>' });
  });

  it('refuses invalid UTF-8 instead of turning it into U+FFFD', () => {
    assert.deepEqual(decodeText(bytes("<?xml version='1.0'?><serverconf a='cid-", [0xff, 0xfe, 0xc3, 0x28], "'/>")), { error: 'not valid UTF-8 text (and no other encoding is declared)' });
  });

  it('honours an encoding named in the XML declaration, and says when it cannot', () => {
    assert.deepEqual(decodeText(bytes("<?xml version='1.0' encoding='ISO-8859-1'?><serverconf a='", [0xe9], "'/>")), { text: "<?xml version='1.0' encoding='ISO-8859-1'?><serverconf a='é'/>" });
    assert.deepEqual(decodeText(bytes('<?xml version="1.0" encoding="x-klingon"?><serverconf/>')), { error: 'the XML declaration names encoding "x-klingon", which is not supported' });
  });

  it('calls content with NUL bytes binary', () => {
    assert.deepEqual(decodeText(bytes([0x3c, 0x00, 0xff, 0x3e])), { error: 'binary content (NUL bytes)' });
    assert.deepEqual(decodeText(bytes('<a>', [0x00], '</a>')), { error: 'binary content (NUL bytes)' });
  });
});

describe('one parse per distinct text per scan, no process-wide memo', () => {
  const raw = (files: Record<string, string>): RawHost => ({
    status: 'ok',
    confListing: Object.keys(files),
    files: Object.entries(files).map(([name, xml]) => ({ name, size: xml.length, data: Buffer.from(xml) })),
    pdump: null,
  });
  const target = (name: string): HostTarget => ({ name, address: name, tags: [], installDir: '/usr/local/neolane/nl6' });
  const redact = createRedactor(DEFAULT_SIGNATURES.secrets, FINGERPRINTS);
  const files = {
    'serverConf.xml': '<serverconf><shared><ims authIMSTAPrivateKey="clear-key"/></shared></serverconf>',
    'config-prod.xml': '<serverconf/>',
    'config-bad.xml': '<serverconf>',
  };

  it('parseXml keeps nothing between calls: the same text gives a new tree', () => {
    const [a, b] = [parseXml(files['serverConf.xml']), parseXml(files['serverConf.xml'])];
    assert.ok(a.ok && b.ok);
    assert.notEqual(a.root, b.root);
  });

  it('parses each distinct text once per scan: collector and facts share the results, hosts share read-only trees', () => {
    const documents = new ParsedDocuments();
    const snapshots = ['a', 'b'].map((name) => toSnapshot(target(name), raw(files), { kind: 'dir', now: new Date(0), redact, documents }));
    // Two identical hosts, three distinct texts (the malformed one too: its reason is kept).
    assert.equal(documents.size, 3);
    const facts = snapshots.map((snapshot) => buildFacts(snapshot, FACTS, documents));
    assert.equal(documents.size, 3, 'facts parsed nothing again');
    // The facts are those of a scan that parses everything itself.
    assert.deepEqual(facts, snapshots.map((snapshot) => buildFacts(snapshot, FACTS)));
  });

  it('is owned by its scan: a new scan starts empty, and facts work without one (replayed or hand-made snapshots)', () => {
    const snapshot = toSnapshot(target('c'), raw(files), { kind: 'dir', now: new Date(0), redact });
    assert.equal(new ParsedDocuments().size, 0);
    const facts = buildFacts(snapshot, FACTS);
    assert.deepEqual(facts.instances.map((instance) => [instance.name, instance.credential]), [['bad', 'jwt'], ['prod', 'jwt']]);
  });
});
