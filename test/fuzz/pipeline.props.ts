// The pure pipeline end to end (docs/architecture.md#pipeline): whatever a transport hands over (RawHost),
// toSnapshot → audit (test/helpers/audit.ts) → every reporter and the plan never throw, and no secret marker
// reaches a snapshot, a report or a plan.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { createRedactor } from '../../src/collect/redact.js';
import { toSnapshot } from '../../src/collect/snapshot.js';
import { TOO_LARGE, type RawFile, type RawHost } from '../../src/collect/transport.js';
import { HOST_STATUSES, type Snapshot } from '../../src/model.js';
import { parseXml } from '../../src/parse/xml.js';
import { buildPlan } from '../../src/plan/build.js';
import { renderPlanMarkdown } from '../../src/plan/markdown.js';
import { renderPlanSh } from '../../src/plan/sh.js';
import { defaultPolicy, redactedAttributes } from '../../src/engine/policy.js';
import { reporters, type Format } from '../../src/report/index.js';
import { checkAsync, defineProperties } from '../helpers/fuzz.js';
import { auditSnapshots } from '../helpers/audit.js';
import { oneLine } from './arbitraries.js';
import { leakedMarkers, secretMarkers } from './leaks.js';
import { brokenDocument, configDocument, wellFormedDocument, writeBroken, writeDocument } from './xml-documents.js';
import { BUILDS, reportContext, FINGERPRINTS } from '../helpers/fixtures.js';

type Encoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';

function encode(text: string, encoding: Encoding): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  if (encoding === 'utf8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  const le = Buffer.from(text, 'utf16le');
  if (encoding === 'utf16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  const be = Buffer.from(le);
  be.swap16();
  return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
}

/** Text a host may hold where names and messages come from: report-format metacharacters included. */
const hostile = fc.oneof(
  fc.constantFrom('mkt-prod-1', '<script>alert(1)</script>', '=cmd|"/c calc"!A1', 'a,b;c', 'line\nbreak', '"q" & \'a\'', ']]>', '`$(id)`', '-', ''),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

const instanceFile = fc.oneof(fc.constantFrom('serverConf.xml', 'config-prod.xml', 'config-default.xml', 'config-mkt.xml', 'config-prod.xml'), fc.string({ maxLength: 8 }).map((name) => `config-${name}.xml`));

interface GeneratedFile {
  raw: RawFile;
  /** Markers that must not appear anywhere downstream. */
  secrets: string[];
  /** A well-formed UTF-8/UTF-16 file with data: its redacted content must be kept. */
  mustKeep: boolean;
}

const generatedFile: fc.Arbitrary<GeneratedFile> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        name: instanceFile,
        written: fc.oneof(configDocument.map(writeDocument), wellFormedDocument.map(writeDocument), brokenDocument.map(writeBroken)),
        encoding: fc.constantFrom<Encoding>('utf8', 'utf8', 'utf8-bom', 'utf16le', 'utf16be'),
        nul: fc.constantFrom(false, false, false, false, true),
      })
      .map(({ name, written, encoding, nul }) => {
        const text = nul ? `${written.xml}\u0000` : written.xml;
        const data = encode(text, encoding);
        return { raw: { name, size: data.length, data }, secrets: secretMarkers(written.xml, written.markers), mustKeep: !text.includes('\u0000') && parseXml(written.xml).ok };
      }),
  },
  { weight: 1, arbitrary: fc.record({ name: instanceFile, error: fc.constantFrom('permission denied', TOO_LARGE, 'read failed (exit 1)') }).map(({ name, error }) => ({ raw: { name, size: null, error }, secrets: [], mustKeep: false })) },
);

const pdump = fc.option(
  fc.oneof(
    fc.constantFrom('12:17:21 > Application server for Adobe Campaign Classic (7.3.5 23.12 build 9368@f7c1e2a) of 05/12/2023\nweb@default (9984) - 50.1 MB\n', 'Application server for Adobe Campaign (8.6.1 build 9412@2a9f3c7) of 14/11/2024\n', 'no task\n', 'sh: 1: nlserver: not found\n'),
    fc.integer({ min: 8000, max: 9500 }).map((build) => `Application server for Adobe Campaign Classic (build ${build}) of 01/01/2024\n`),
    oneLine,
  ),
  { nil: null },
);

const host = fc.record({
  name: hostile,
  status: fc.oneof({ weight: 5, arbitrary: fc.constant('ok' as const) }, { weight: 1, arbitrary: fc.constantFrom(...HOST_STATUSES) }),
  error: fc.option(oneLine, { nil: undefined }),
  listing: fc.array(hostile, { maxLength: 3 }),
  files: fc.uniqueArray(generatedFile, { selector: (file) => file.raw.name, maxLength: 4 }),
  pdump,
  pdumpError: fc.option(oneLine, { nil: undefined }),
});

const FORMATS = Object.keys(reporters) as Format[];

export default defineProperties({
  'RawHost → snapshot → scan → every reporter and the plan: no throw, no secret marker, well-formed files kept': () =>
    checkAsync(
      fc.asyncProperty(
        fc.array(host, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('2024-01-01', '2025-01-27', '2026-11-27'),
        fc.constantFrom('info', 'high', 'critical', 'none') as fc.Arbitrary<'info' | 'high' | 'critical' | 'none'>,
        fc.boolean(),
        async (hosts, asOf, failOn, color) => {
          const policy = defaultPolicy(BUILDS);
          policy.failOn = failOn;
          const redact = createRedactor(redactedAttributes(policy), FINGERPRINTS);
          const secrets = hosts.flatMap((spec) => spec.files.flatMap((file) => file.secrets));
          const snapshots: Snapshot[] = hosts.map((spec, index) => {
            const raw: RawHost = {
              status: spec.status,
              ...(spec.status !== 'ok' || spec.error !== undefined ? { error: spec.error ?? 'unreachable' } : {}),
              confListing: [...spec.listing, ...spec.files.map((file) => file.raw.name)],
              files: spec.files.map((file) => file.raw),
              pdump: spec.pdump,
              ...(spec.pdumpError !== undefined ? { pdumpError: spec.pdumpError } : {}),
            };
            const target = { name: `${spec.name}#${index}`, address: spec.name, tags: ['fuzz'], installDir: '/usr/local/neolane/nl6' };
            return toSnapshot(target, raw, { kind: 'ssh', now: new Date('2026-11-27T12:00:00Z'), redact });
          });
          assert.deepEqual(leakedMarkers(JSON.stringify(snapshots), secrets), [], 'snapshot');
          snapshots.forEach((snapshot, index) => {
            for (const file of hosts[index]?.files ?? []) {
              if (!file.mustKeep) continue;
              const stored = snapshot.files.find((candidate) => candidate.path === `conf/${file.raw.name}`);
              assert.ok(stored?.content !== undefined, `a well-formed file is kept: ${stored?.error ?? ''}`);
            }
          });

          const result = await auditSnapshots(snapshots, { policy, asOf });
          for (const format of FORMATS) {
            const output = reporters[format].render(result, { ...reportContext(100), color });
            assert.equal(typeof output, 'string');
            assert.deepEqual(leakedMarkers(output, secrets), [], format);
            if (format === 'json' || format === 'sarif') JSON.parse(output);
            if (format === 'junit') {
              // Hostile host names and messages must still make a well-formed XML 1.0 file.
              assert.equal(XMLValidator.validate(output), true);
              assert.ok(!/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.test(output), 'only XML 1.0 characters');
            }
          }
          const plan = buildPlan(result, BUILDS);
          for (const [what, output] of [['plan json', JSON.stringify(plan)], ['plan markdown', renderPlanMarkdown(plan)], ['plan sh', renderPlanSh(plan)]] as const) {
            assert.deepEqual(leakedMarkers(output, secrets), [], what);
          }
        },
      ),
      250,
    ),
});
