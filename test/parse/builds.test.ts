import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildDataSchema, parseBuildData, shippedBuildDataSchema } from '../../src/data/build-schema.js';
import { checkInput, keyPath } from '../../src/inputs/issues.js';
import {
  bulletinsAffecting,
  lookupBuild,
  mergeBuildData,
  minimumBuildFor,
  newestBuild,
  OAUTH_MIN_BUILD,
  recommendedBuild,
  SHIPPED_BUILDS,
  staleDays,
  versionLabel,
} from '../../src/data/builds.js';
import { BUILDS } from '../helpers/fixtures.js';

const shippedText = readFileSync(new URL('../../src/data/builds.json', import.meta.url), 'utf8');

describe('shipped build data (src/data/builds.json)', () => {
  it('is valid against the zod schema, versioned and dated', () => {
    const parsed = parseBuildData(JSON.parse(shippedText), shippedBuildDataSchema);
    assert.ok(parsed.ok, parsed.ok ? '' : JSON.stringify(parsed.issues));
    assert.match(SHIPPED_BUILDS.checkedAt, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(SHIPPED_BUILDS.checkedAt, '2026-12-01');
  });

  it('cites a source on every row and every bulletin', () => {
    for (const row of SHIPPED_BUILDS.rows) assert.match(row.source, /^(https:\/\/\S+|APSB\d{2}-\d+|CVE-\d{4}-\d+)$/, `${row.build}`);
    for (const bulletin of SHIPPED_BUILDS.bulletins) assert.match(bulletin.source, /^https:\/\//, bulletin.id);
  });

  it('holds the security builds 9401 and 9402 and maps each bulletin to its fix', () => {
    assert.equal(newestBuild(BUILDS), 9402);
    const fixedBy = (id: string): number | undefined => SHIPPED_BUILDS.rows.find((row) => row.fixes.includes(id))?.build;
    assert.deepEqual(
      ['CVE-2026-48286', 'APSB26-114', 'APSB26-120', 'APSB26-123', 'APSB26-134', 'APSB26-142'].map(fixedBy),
      [9397, 9398, 9399, 9400, 9401, 9402],
    );
  });

  it('names every Gold Standard by its SHA, and the recalled 19.1.3', () => {
    const expected: [string, string][] = [
      ['cee805c', 'Gold Standard 2'], ['3468c7b', 'Gold Standard 3'], ['bc4a935', 'Gold Standard 4'], ['d6b8062', 'Gold Standard 5'],
      ['19f73c5', 'Gold Standard 6'], ['3a9dc9c', 'Gold Standard 8'], ['800be2e', 'Gold Standard 9'], ['efd8a94', 'Gold Standard 10'],
      ['d3b452f', 'Gold Standard 11'], ['10c2709', 'Gold Standard 11'], ['d030c36', 'Gold Standard 11'], ['99a3894', 'Gold Standard 12'], ['554dbcd', 'Gold Standard 12'],
    ];
    for (const [sha, label] of expected) assert.equal(lookupBuild(9032, sha, BUILDS)?.label, label, sha);
    assert.equal(lookupBuild(9032, null, BUILDS)?.label, '19.1.4');
    assert.deepEqual(SHIPPED_BUILDS.rows.filter((row) => row.status === 'recalled').map((row) => [row.version, row.build]), [['19.1.3', 9031]]);
  });

  it('keeps every pre-7.4.1 release below 9383 and every later one at or above it', () => {
    assert.equal(minimumBuildFor('7.4.1', BUILDS), OAUTH_MIN_BUILD);
    for (const row of SHIPPED_BUILDS.rows) {
      assert.equal(row.build >= 9383, /^7\.4\./.test(row.version), `${row.version} build ${row.build}`);
    }
  });

  it('maps each version to its lowest build', () => {
    assert.deepEqual(['7.4.2', '7.4.3', '21.1.4', '7.5.0'].map((version) => minimumBuildFor(version, BUILDS)), [9390, 9394, 9342, null]);
  });
});

describe('bulletins and the recommended build', () => {
  it('recommends the newest GA build no known bulletin affects, not the last row', () => {
    assert.equal(recommendedBuild(BUILDS).build, 9402);
    // Should 9402 turn out affected too, the recommendation falls back, never to an affected build when a safe one exists.
    const extra = mergeBuildData(SHIPPED_BUILDS, { builds: [], bulletins: [{ id: 'APSB27-001', date: '2027-01-05', affects: { through: 9402 }, source: 'https://example.test/apsb27-001' }] }, { file: 'extra.yaml' });
    assert.ok('table' in extra);
    assert.equal(recommendedBuild(extra.table).build, 9402, 'no safe GA build: the newest GA one');
    const fixed = mergeBuildData(extra.table, { builds: [{ version: '7.4.5', build: 9405, date: '2027-01-05', label: '7.4.5', status: 'GA', fixes: ['APSB27-001'], source: 'APSB27-001' }], bulletins: [] }, { file: 'extra2.yaml' });
    assert.ok('table' in fixed);
    assert.equal(recommendedBuild(fixed.table).build, 9405);
  });

  it('skips a newer row that is not GA', () => {
    const merged = mergeBuildData(SHIPPED_BUILDS, { builds: [{ version: '7.4.5', build: 9410, date: '2027-02-01', label: '7.4.5', status: 'recalled', fixes: [], source: 'https://example.test/rn' }], bulletins: [] }, { file: 'x.yaml' });
    assert.ok('table' in merged);
    assert.equal(newestBuild(merged.table), 9410);
    assert.equal(recommendedBuild(merged.table).build, 9402);
  });

  it('lists the bulletins a build is affected by with their first fixed build', () => {
    assert.deepEqual(
      bulletinsAffecting(9400, BUILDS).map((hit) => [hit.bulletin.id, hit.firstFixed?.build]),
      [['APSB26-134', 9401], ['APSB26-142', 9402]],
    );
    assert.equal(bulletinsAffecting(9396, BUILDS).length, 6);
    assert.deepEqual(bulletinsAffecting(9402, BUILDS), []);
    assert.equal(bulletinsAffecting(9032, BUILDS).length, 6, 'Gold Standard builds are below every bulletin range');
  });
});

describe('merging user rows', () => {
  it('adds rows, keeps the origin and takes the newer check date', () => {
    const merged = mergeBuildData(SHIPPED_BUILDS, { checkedAt: '2027-03-01', builds: [{ version: '7.4.5', build: 9403, date: '2027-02-20', label: '7.4.5', status: 'GA', fixes: [], source: 'https://example.test/rn' }], bulletins: [] }, { file: 'newer.yaml' });
    assert.ok('table' in merged);
    assert.equal(merged.table.checkedAt, '2027-03-01');
    assert.deepEqual(merged.table.files, ['newer.yaml']);
    assert.deepEqual(merged.table.rows.find((row) => row.build === 9403)?.origin, { file: 'newer.yaml' });
    assert.equal(merged.table.rows.find((row) => row.build === 9402)?.origin, 'shipped');
  });

  it('lets a user row replace a shipped one (a build found to be recalled)', () => {
    const merged = mergeBuildData(SHIPPED_BUILDS, { builds: [{ version: '7.4.4', build: 9402, date: '2026-09-08', label: '7.4.4', status: 'recalled', fixes: [], source: 'https://example.test/rn' }], bulletins: [] }, { file: 'recall.yaml' });
    assert.ok('table' in merged);
    assert.equal(merged.table.rows.filter((row) => row.build === 9402).length, 1);
    assert.equal(recommendedBuild(merged.table).build, 9401, 'the recalled 9402 is not recommended; 9401 is GA, though affected');
  });

  it('refuses a fix naming an unknown bulletin, and a row given twice, naming the key path', () => {
    const row = { version: '7.4.5', build: 9403, date: null, label: '7.4.5', status: 'GA' as const, fixes: ['APSB99-999'], source: 'https://example.test/rn' };
    const merged = mergeBuildData(SHIPPED_BUILDS, { builds: [row, { ...row, fixes: [] }], bulletins: [] }, { file: 'bad.yaml' });
    assert.ok('issues' in merged);
    assert.deepEqual(merged.issues.map((issue) => issue.path), [['builds', 0, 'fixes', 0], ['builds', 1]]);
  });

  it('checks each field with the schema', () => {
    const value = { builds: [{ version: '8.6.1', build: 'x', date: '2027-13-01', label: '', status: 'beta', source: 'a', extra: 1 }] };
    const checked = checkInput(buildDataSchema, value);
    assert.ok(!checked.ok);
    const byField = Object.fromEntries(checked.problems.map((problem) => [keyPath(problem.path), problem.problem]));
    assert.match(byField['builds[0].version'] ?? '', /Campaign v8/);
    assert.match(byField['builds[0].build'] ?? '', /build number/);
    assert.match(byField['builds[0].date'] ?? '', /YYYY-MM-DD/);
    assert.match(byField['builds[0].label'] ?? '', /not empty/);
    assert.match(byField['builds[0].status'] ?? '', /GA, deprecated, recalled/);
    assert.equal(byField['builds[0].extra'], 'is not a known key');
  });
});

describe('staleness and labels', () => {
  it('calls the table stale past 30 days after its check date (Adobe publishes bulletins about twice a month)', () => {
    assert.equal(staleDays(SHIPPED_BUILDS, '2026-12-31'), null);
    assert.equal(staleDays(SHIPPED_BUILDS, '2027-01-01'), 31);
  });

  it('gives one label per host: Gold Standard by SHA, else the printed version', () => {
    assert.equal(versionLabel({ version: '19.1.4', build: 9032, sha: 'd3b452f' }, BUILDS), 'Gold Standard 11');
    assert.equal(versionLabel({ version: null, build: 9032, sha: '554dbcd' }, BUILDS), 'Gold Standard 12');
    assert.equal(versionLabel({ version: '19.1.4', build: 9032, sha: 'abcdef0' }, BUILDS), '19.1.4');
    assert.equal(versionLabel({ version: '6.1.1', build: 8864, sha: null }, BUILDS), '6.1.1');
    assert.equal(versionLabel({ version: '7.0', build: null, sha: null }, BUILDS), '7.0');
    assert.equal(versionLabel({ version: null, build: 9500, sha: null }, BUILDS), 'build 9500');
    assert.equal(versionLabel({ version: null, build: null }, BUILDS), 'unknown');
  });
});
