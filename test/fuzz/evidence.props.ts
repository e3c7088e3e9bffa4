// Replayed evidence (src/collect/evidence.ts, --evidence): a hand-edited or damaged snapshot
// file is an input error (InputError, exit 2) or a snapshot the rest of the pipeline can use;
// and content edited back to clear text is redacted again before any report sees it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { createRedactor } from '../../src/collect/redact.js';
import { InputError } from '../../src/errors.js';
import { defaultPolicy, redactedAttributes } from '../../src/engine/policy.js';
import { reporters, type Format } from '../../src/report/index.js';
import { checkAsync, defineProperties } from '../helpers/fuzz.js';
import { auditSnapshots, loadEvidence } from '../helpers/audit.js';
import { leakedMarkers, secretMarkers } from './leaks.js';
import { brokenDocument, configDocument, writeBroken, writeDocument } from './xml-documents.js';
import { BUILDS, reportContext, FINGERPRINTS } from '../helpers/fixtures.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A snapshot as --save-evidence writes it, with content edited back to the raw file (secrets in clear). */
const editedSnapshot = fc
  .record({
    files: fc.array(fc.tuple(fc.constantFrom('conf/serverConf.xml', 'conf/config-prod.xml', 'conf/config-default.xml'), fc.oneof(configDocument.map(writeDocument), brokenDocument.map(writeBroken))), { maxLength: 3 }),
    pdump: fc.option(fc.constantFrom('12:00:00 > Application server for Adobe Campaign Classic (7.3.5 23.12 build 9368@f7c1e2a) of 05/12/2023\n', 'no task\n'), { nil: null }),
    status: fc.constantFrom('ok', 'ok', 'timeout'),
  })
  .map(({ files, pdump, status }) => ({
    markers: files.flatMap(([, written]) => secretMarkers(written.xml, written.markers)),
    json: {
      schemaVersion: 1,
      host: { name: 'mkt-prod-1', address: '10.1.2.3', tags: ['prod'] },
      transport: 'ssh',
      collectedAt: '2026-11-27T12:00:00.000Z',
      status,
      installDir: '/usr/local/neolane/nl6',
      confListing: files.map(([path]) => path.slice(5)),
      files: files.map(([path, written]) => ({ path, size: written.xml.length, content: written.xml })),
      pdump,
    } as Json,
  }));

/** Every path into a JSON value, so an edit can land anywhere. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => out.push(...paths(item, [...prefix, index])));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) out.push(...paths(item, [...prefix, key]));
  return out;
}

/** Replaces (or deletes, with undefined) the value at `path`; the root cannot be deleted. */
function edit(root: Json, path: (string | number)[], replacement: Json | undefined): Json {
  if (path.length === 0) return replacement ?? null;
  const copy = structuredClone(root);
  let parent = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return copy;
}

const edits = fc.array(fc.tuple(fc.nat(), fc.option(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, { nil: undefined, freq: 3 })), { maxLength: 3 });

const FORMATS = Object.keys(reporters) as Format[];

export default defineProperties({
  'a damaged evidence file is an InputError or a usable snapshot, and clear-text secrets are redacted again': () =>
    checkAsync(
      fc.asyncProperty(fc.array(editedSnapshot, { minLength: 1, maxLength: 2 }), edits, fc.constantFrom('json', 'array', 'text'), async (snapshots, changes, shape) => {
        let document: Json = shape === 'json' && snapshots.length === 1 ? (snapshots[0]?.json as Json) : snapshots.map((snapshot) => snapshot.json);
        for (const [at, replacement] of changes) {
          const all = paths(document);
          document = edit(document, all[at % all.length] as (string | number)[], replacement);
        }
        const markers = snapshots.flatMap((snapshot) => snapshot.markers);
        const dir = mkdtempSync(join(tmpdir(), 'campaign-audit-fuzz-evidence-'));
        try {
          const file = join(dir, 'host.json');
          writeFileSync(file, shape === 'text' ? JSON.stringify(document).slice(0, -1) : JSON.stringify(document));
          const policy = defaultPolicy(BUILDS);
          let loaded;
          try {
            loaded = await loadEvidence(file, createRedactor(redactedAttributes(policy), FINGERPRINTS));
          } catch (error) {
            assert.ok(error instanceof InputError, `only InputError: ${error instanceof Error ? error.stack : String(error)}`);
            assert.ok(!error.message.includes('\n'), 'one line');
            assert.deepEqual(leakedMarkers(error.message, markers), []);
            return;
          }
          assert.deepEqual(leakedMarkers(JSON.stringify(loaded), markers), [], 'loaded snapshots');
          const result = await auditSnapshots(loaded, { policy });
          for (const format of FORMATS) assert.deepEqual(leakedMarkers(reporters[format].render(result, reportContext(100)), markers), [], format);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      150,
    ),
});
