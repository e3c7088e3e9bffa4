// The trend computation from hand-made reports: every expected number below is counted by eye
// from test/helpers/trend-reports.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTrend, categoryFigure, trendInput, trendPoint, type HostSeen, type InstanceProgress } from '../src/history/trend.js';
import { compareFleets, hostChangesOf } from '../src/history/trend-hosts.js';
import { deadlinesWithin } from '../src/history/trend-deadlines.js';
import { instanceProgress } from '../src/history/trend-instances.js';
import { JWT_END_OF_LIFE, JWT_HARD_STOP } from '../src/data/jwt-phase.js';
import type { Credential } from '../src/model.js';
import { finding, hardeningAddedLastWeek, host, report, threeWeeks } from './helpers/trend-reports.js';

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
      // Once each: prod and legacy on JWT (on prod-1, prod-2, legacy-1), odd incomplete; sandbox has no account.
      migration: { instances: 3, migrated: 0, percent: 0, onJwt: 2, hostsOnJwt: 3, withoutAccount: 1 },
      // prod-1 (9368) and legacy-1 (9032); prod-2 is at 9383, odd-1's build is unknown, v8 not judged.
      buildsBelowMinimum: 2,
      buildsUnknown: 1,
      minVersion: '7.4.1',
      cutoff: '2025-01-27',
      // The waived secrets/plaintext finding is not open.
      open: { critical: 5, high: 1, medium: 1, low: 0, info: 1 },
      // The report has no policy.checks: it ran the default categories.
      checks: ['migration', 'security'],
      // build/unknown is a migration rule, product/v8 too; the waived clear-text secret is the only security one.
      openByCategory: {
        migration: { critical: 5, high: 1, medium: 1, low: 0, info: 1 },
        security: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      },
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
    const trend = buildTrend([trendInput('c', c!), trendInput('a', a!), trendInput('b', b!)]);
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
      // prod (two hosts), legacy and odd: three instances, four configurations (oauth above).
      migrated: [0, 3],
      toMigrate: [3, 3],
      instancesOnJwt: [2, 0],
      hostsOnJwt: [3, 0],
      categories: { migration: [6, 0], security: [0, 0] },
    });
    assert.deepEqual(trend.superseded, []);
  });

  it('keeps one report per date, the one generated last, and lists the others', () => {
    const hosts = [host({ name: 'h', instances: { prod: 'jwt' } })];
    const morning = report('2026-11-25', '2026-11-25T07:00:00Z', hosts, [finding('jwt/credential-present', 'critical', 'h')]);
    const evening = report('2026-11-25', '2026-11-25T19:00:00Z', [host({ name: 'h', instances: { prod: 'oauth' } })], []);
    const trend = buildTrend([trendInput('evening.json', evening), trendInput('morning.json', morning)]);
    assert.equal(trend.points.length, 1);
    assert.equal(trend.points[0]?.source, 'evening.json');
    assert.equal(trend.points[0]?.instances.oauth, 1);
    assert.deepEqual(trend.superseded, [{ asOf: '2026-11-25', source: 'morning.json', generatedAt: '2026-11-25T07:00:00Z', usedSource: 'evening.json' }]);
    assert.equal(trend.change, null, 'one date: nothing to compare');
  });

  it('on the same date and the same generatedAt, the report given last wins', () => {
    const one = report('2026-11-25', '2026-11-25T07:00:00Z', [], []);
    const trend = buildTrend([trendInput('first.json', one), trendInput('second.json', one)]);
    assert.equal(trend.points[0]?.source, 'second.json');
    assert.equal(trend.superseded[0]?.source, 'first.json');
  });

  it('is empty without reports', () => {
    assert.deepEqual(buildTrend([]), { schemaVersion: 1, categories: [], points: [], superseded: [], change: null, deadlines: [], hostChanges: [], mixedFleets: [] });
  });
});

describe('categories a trend shows', () => {
  it('are the default ones when every report ran the default checks: no hardening figure anywhere', () => {
    const trend = buildTrend(threeWeeks().map((entry, index) => trendInput(`w${index}.json`, entry)));
    assert.deepEqual(trend.categories, ['migration', 'security']);
    for (const point of trend.points) assert.deepEqual(Object.keys(point.openByCategory), ['migration', 'security'], point.asOf);
    assert.deepEqual(Object.keys(trend.change?.categories ?? {}), ['migration', 'security']);
  });

  it('add a category one report ran; the dates whose report did not run it have no figure for it, not 0', () => {
    const trend = buildTrend(hardeningAddedLastWeek().map((entry, index) => trendInput(`w${index}.json`, entry)));
    assert.deepEqual(trend.categories, ['migration', 'security', 'hardening']);
    assert.deepEqual(trend.points.map((point) => point.checks), [['migration', 'security'], ['migration', 'security'], ['migration', 'security', 'hardening']]);
    assert.deepEqual(trend.points.map((point) => point.openByCategory.hardening), [undefined, undefined, { critical: 0, high: 2, medium: 1, low: 0, info: 0 }]);
    assert.deepEqual(trend.points.map((point) => categoryFigure(point, 'hardening')), [null, null, 2]);
    assert.deepEqual(trend.change?.categories, { migration: [6, 0], security: [0, 0], hardening: [null, 2] });
  });

  it('follow policy.checks as each report wrote it: a category left out by --checks is not checked that date', () => {
    const [first, , third] = threeWeeks();
    const securityOnly = { ...third!, policy: { ...third!.policy, checks: ['security' as const] } };
    const trend = buildTrend([trendInput('a.json', first!), trendInput('b.json', securityOnly)]);
    assert.deepEqual(trend.categories, ['migration', 'security']);
    assert.deepEqual(trend.points[1]?.checks, ['security']);
    assert.deepEqual(trend.change?.categories, { migration: [6, null], security: [0, 0] });
    // A finding of a category the report did not run (a hand-edited report) counts in `open` only.
    const stray = trendPoint('c.json', { ...first!, policy: { ...first!.policy, checks: ['security'] } });
    assert.deepEqual(Object.keys(stray.openByCategory), ['security']);
    assert.equal(stray.open.critical, 5);
  });
});

describe('instanceProgress: each instance once, across its hosts', () => {
  const progress = (hosts: Record<string, Credential>[]): InstanceProgress => instanceProgress(hosts.map((instances, index) => host({ name: `h${index}`, instances })));

  it('is migrated only when every host of it has OAuth', () => {
    assert.deepEqual(progress([{ prod: 'oauth' }, { prod: 'jwt' }, { prod: 'oauth', mkt: 'oauth' }]), { instances: 2, migrated: 1, percent: 50, onJwt: 1, hostsOnJwt: 1, withoutAccount: 0 });
    assert.equal(progress([{ prod: 'oauth' }, { prod: 'incomplete' }]).migrated, 0, 'a half-written account on one container');
    assert.equal(progress([{ prod: 'oauth' }, { prod: 'none' }]).migrated, 0, 'a container without the account');
    assert.equal(progress([{ prod: 'oauth' }, { prod: 'unknown' }]).migrated, 0, 'a container whose configuration could not be read');
  });

  it('leaves out instances without a technical account on any host, and rounds the percentage down', () => {
    assert.deepEqual(progress([{ sandbox: 'none' }, { sandbox: 'none' }]), { instances: 0, migrated: 0, percent: null, onJwt: 0, hostsOnJwt: 0, withoutAccount: 1 });
    const many = Object.fromEntries(Array.from({ length: 300 }, (_, index) => [`i${index}`, index === 0 ? 'jwt' : 'oauth'])) as Record<string, Credential>;
    assert.equal(progress([many]).percent, 99, '299 of 300 is not 100 %');
  });
});

describe('deadlinesWithin', () => {
  const points = (...dates: [string, string][]): { asOf: string; cutoff: string }[] => dates.map(([asOf, cutoff]) => ({ asOf, cutoff }));

  it("marks each report's cutoff and Adobe's JWT dates between the first date and the last, both included", () => {
    assert.deepEqual(deadlinesWithin(points(['2025-01-01', '2025-01-27'], ['2026-03-01', '2025-02-15'])), [
      { date: '2025-01-27', events: ['cutoff'], label: 'policy cutoff' },
      { date: '2025-02-15', events: ['cutoff'], label: 'policy cutoff' },
      { date: JWT_END_OF_LIFE, events: ['end-of-life'], label: 'JWT end of life' },
      { date: JWT_HARD_STOP, events: ['hard-stop'], label: 'JWT hard stop' },
    ]);
  });

  it('gives one marker to events on one date, and none outside the range', () => {
    assert.deepEqual(deadlinesWithin(points(['2025-06-01', '2025-06-30'], ['2025-07-01', '2025-06-30'])), [{ date: '2025-06-30', events: ['cutoff', 'end-of-life'], label: 'policy cutoff and JWT end of life' }]);
    assert.deepEqual(deadlinesWithin(points(['2026-11-01', '2025-01-27'], ['2026-12-01', '2025-01-27'])), []);
    assert.deepEqual(deadlinesWithin([]), []);
  });
});

describe('hosts between reports', () => {
  const listed = (asOf: string, hosts: Record<string, boolean>): { point: { asOf: string; source: string }; hosts: HostSeen[] } => ({ point: { asOf, source: `${asOf}.json` }, hosts: Object.entries(hosts).map(([name, scanned]) => ({ name, scanned })) });

  it('names the hosts added, removed and not scanned, per date', () => {
    const changes = hostChangesOf([listed('d1', { a: true, b: false, c: true }), listed('d2', { a: true, b: true, c: true }), listed('d3', { a: true, d: false, e: true, c: true })]);
    assert.deepEqual(changes, [
      { asOf: 'd1', source: 'd1.json', since: null, added: [], removed: [], notScanned: ['b'] },
      { asOf: 'd3', source: 'd3.json', since: 'd2', added: ['d', 'e'], removed: ['b'], notScanned: ['d'] },
    ]);
  });

  it('calls two consecutive reports one fleet when they share at least half the hosts of the smaller one', () => {
    const week = (asOf: string, names: string[]): ReturnType<typeof listed> => listed(asOf, Object.fromEntries(names.map((name) => [name, true])));
    assert.deepEqual(compareFleets([week('1', ['a', 'b', 'c', 'd']), week('2', ['c', 'd', 'e', 'f']), week('3', ['e', 'f'])]), [], 'half of 4 shared, then all of the smaller');
    assert.deepEqual(compareFleets([week('1', ['a', 'b', 'c', 'd']), week('2', ['d', 'x', 'y', 'z'])]), [{ from: { asOf: '1', source: '1.json', hosts: 4 }, to: { asOf: '2', source: '2.json', hosts: 4 }, shared: 1 }]);
    assert.deepEqual(compareFleets([week('1', []), week('2', ['a'])]), [], 'a report without hosts is compared with nothing');
  });
});
