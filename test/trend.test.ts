// The trend computation from hand-made reports: every expected number below is counted by eye
// from test/helpers/trend-reports.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTrend, trendPoint } from '../src/history/trend.js';
import { finding, host, report, threeWeeks } from './helpers/trend-reports.js';

describe('trendPoint', () => {
  const [first, second] = threeWeeks();

  it('counts instances per host by credential on scanned v7 hosts, builds below the minimum, open findings', () => {
    assert.deepEqual(trendPoint('w1.json', first!), {
      asOf: '2026-11-04',
      generatedAt: '2026-11-04T08:00:00Z',
      source: 'w1.json',
      hosts: 5,
      scanned: 5,
      notScanned: 0,
      // prod on prod-1 and prod-2 counts twice; the v8 host's jwt instance is left out.
      instances: { jwt: 3, oauth: 0, incomplete: 1, none: 1, unknown: 0 },
      // prod-1 (9368) and legacy-1 (9032); prod-2 is at 9383, odd-1's build is unknown, v8 not judged.
      buildsBelowMinimum: 2,
      buildsUnknown: 1,
      minVersion: '7.4.1',
      // The waived secrets/plaintext finding is not open.
      open: { critical: 5, high: 1, medium: 1, low: 0, info: 1 },
      waived: 1,
      verdict: 'fail',
    });
  });

  it('leaves a host that could not be scanned out of the instance and build counts, and says it was not scanned', () => {
    const point = trendPoint('w2.json', second!);
    assert.deepEqual([point.hosts, point.scanned, point.notScanned], [5, 4, 1]);
    assert.deepEqual(point.instances, { jwt: 0, oauth: 2, incomplete: 1, none: 1, unknown: 0 });
    assert.deepEqual([point.buildsBelowMinimum, point.buildsUnknown], [0, 1]);
    assert.deepEqual(point.open, { critical: 0, high: 1, medium: 2, low: 0, info: 1 });
  });

  it("judges builds by each report's own minimum", () => {
    const strict = { ...first!, policy: { ...first!.policy, minVersion: '7.4.4', minBuild: 9400 } };
    const point = trendPoint('strict.json', strict);
    assert.equal(point.buildsBelowMinimum, 3);
    assert.equal(point.minVersion, '7.4.4');
  });
});

describe('buildTrend', () => {
  it('sorts by as-of date whatever the order given, and compares the first date with the last', () => {
    const [a, b, c] = threeWeeks();
    const trend = buildTrend([trendPoint('c', c!), trendPoint('a', a!), trendPoint('b', b!)]);
    assert.deepEqual(trend.points.map((point) => point.asOf), ['2026-11-04', '2026-11-11', '2026-11-18']);
    assert.deepEqual(trend.points.map((point) => point.instances.jwt), [3, 0, 0]);
    assert.deepEqual(trend.points.map((point) => point.open.critical + point.open.high), [6, 1, 0]);
    assert.deepEqual(trend.change, {
      from: '2026-11-04',
      to: '2026-11-18',
      jwt: [3, 0],
      oauth: [0, 4],
      criticalHigh: [6, 0],
      buildsBelowMinimum: [2, 0],
      notScanned: [0, 0],
    });
    assert.deepEqual(trend.superseded, []);
  });

  it('keeps one report per date, the one generated last, and lists the others', () => {
    const hosts = [host({ name: 'h', instances: { prod: 'jwt' } })];
    const morning = report('2026-11-25', '2026-11-25T07:00:00Z', hosts, [finding('jwt/credential-present', 'critical', 'h')]);
    const evening = report('2026-11-25', '2026-11-25T19:00:00Z', [host({ name: 'h', instances: { prod: 'oauth' } })], []);
    const trend = buildTrend([trendPoint('evening.json', evening), trendPoint('morning.json', morning)]);
    assert.equal(trend.points.length, 1);
    assert.equal(trend.points[0]?.source, 'evening.json');
    assert.equal(trend.points[0]?.instances.oauth, 1);
    assert.deepEqual(trend.superseded, [{ asOf: '2026-11-25', source: 'morning.json', generatedAt: '2026-11-25T07:00:00Z', usedSource: 'evening.json' }]);
    assert.equal(trend.change, null, 'one date: nothing to compare');
  });

  it('on the same date and the same generatedAt, the report given last wins', () => {
    const one = report('2026-11-25', '2026-11-25T07:00:00Z', [], []);
    const trend = buildTrend([trendPoint('first.json', one), trendPoint('second.json', one)]);
    assert.equal(trend.points[0]?.source, 'second.json');
    assert.equal(trend.superseded[0]?.source, 'first.json');
  });

  it('is empty without reports', () => {
    assert.deepEqual(buildTrend([]), { schemaVersion: 1, points: [], superseded: [], change: null });
  });
});
