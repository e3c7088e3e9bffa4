// Names that are also Object.prototype's keys (an instance or a host named `constructor`,
// `__proto__`, `toString`): host data is never looked up in a plain object, so diff, trend, plan
// and every report format treat them as any other name.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { diffReports } from '../../src/history/diff.js';
import { buildTrend, trendInput, trendPoint } from '../../src/history/trend.js';
import type { ScanResult } from '../../src/model.js';
import { buildPlan } from '../../src/plan/build.js';
import { planFormats } from '../../src/plan/formats.js';
import { renderDiff, diffFormats } from '../../src/report/diff.js';
import { reporters } from '../../src/report/index.js';
import { auditSnapshots } from '../helpers/audit.js';
import { BUILDS, configXml, reportContext, snapshotOf } from '../helpers/fixtures.js';

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__', 'isPrototypeOf'] as const;
const JWT = configXml({ authIMSTAPrivateKey: '@ZW5jcnlwdGVkLWtleQ==', authIMSTAClientId: 'cid', authIMSTAId: 'X@techacct.adobe.com' });
/** What a prototype lookup shows: a function's source or an object's tag. */
const LEAK = /native code|\[object |function \w*\(/;

/** A host with `instances` on JWT (config-NAME.xml each), named `name`. */
function hostWith(name: string, instances: readonly string[]) {
  const files = new Map<string, string>([['serverConf.xml', configXml()]]);
  for (const instance of instances) files.set(`config-${instance}.xml`, JWT);
  return snapshotOf({ name, files: Object.fromEntries(files) });
}

describe('names that are Object.prototype keys', () => {
  let before_: ScanResult;
  let after_: ScanResult;
  before(async () => {
    // The same host before and after: every such instance is added; a host of each such name too.
    before_ = await auditSnapshots([hostWith('h', ['base'])]);
    after_ = await auditSnapshots([hostWith('h', ['base', ...NAMES]), ...NAMES.map((name) => hostWith(name, ['base']))]);
  });

  it('the fixture has an instance and a host of each name', () => {
    const host = after_.hosts.find((entry) => entry.name === 'h');
    assert.deepEqual(new Set(host?.instances.map((instance) => instance.name)), new Set(['base', ...NAMES]));
    for (const name of NAMES) assert.ok(after_.hosts.some((entry) => entry.name === name), name);
  });

  it('diff: an added instance is "absent → jwt", a removed one "jwt → absent", each host added or removed', () => {
    const added = diffReports(before_, after_);
    const details = added.hostChanges.find((change) => change.host === 'h')?.details ?? '';
    for (const name of NAMES) assert.ok(details.includes(`${name}: absent → jwt`), `${name} in ${details}`);
    assert.doesNotMatch(details, LEAK);
    assert.deepEqual(added.hostChanges.filter((change) => change.change === 'added').map((change) => change.host).sort(), [...NAMES].sort());
    const removed = diffReports(after_, before_);
    const back = removed.hostChanges.find((change) => change.host === 'h')?.details ?? '';
    for (const name of NAMES) assert.ok(back.includes(`${name}: jwt → absent`), `${name} in ${back}`);
    assert.doesNotMatch(back, LEAK);
    for (const format of Object.keys(diffFormats) as (keyof typeof diffFormats)[]) assert.doesNotMatch(renderDiff(added, format, 200), LEAK, format);
  });

  it('trend counts each instance once', () => {
    const point = trendPoint('r.json', after_);
    assert.equal(point.instances.jwt, 1 + NAMES.length + NAMES.length);
    // Once across hosts: base (on every host) and each name; every host has one on JWT.
    assert.deepEqual([point.migration.instances, point.migration.onJwt, point.migration.hostsOnJwt], [1 + NAMES.length, 1 + NAMES.length, 1 + NAMES.length]);
  });

  it('trend names hosts of each name added between two reports', () => {
    const trend = buildTrend([trendInput('before.json', before_), trendInput('after.json', { ...after_, asOf: '2099-01-01' })]);
    assert.deepEqual(trend.hostChanges[0]?.added, [...NAMES].sort());
    assert.deepEqual(trend.mixedFleets, [], 'h is the whole of the smaller report');
  });

  it('the plan has an instance of each name, and every plan format renders it', () => {
    const plan = buildPlan(after_, BUILDS);
    for (const name of NAMES) assert.ok(plan.instances.some((instance) => instance.instance === name), name);
    for (const [format, { render }] of Object.entries(planFormats)) assert.doesNotMatch(render(plan), LEAK, format);
  });

  it('every report format renders them without a prototype value', () => {
    for (const [format, { render }] of Object.entries(reporters)) {
      const text = render(after_, reportContext(200));
      assert.doesNotMatch(text, LEAK, format);
      assert.ok(text.includes('hasOwnProperty'), format);
    }
  });
});
