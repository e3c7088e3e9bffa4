// The plan is data that buildPlan decides once: typed actions (commands are their text), a skip
// reason per host, hasMissingIds, and notices as code + args (warnings are their text). The
// renderers only print it: the sh script follows PlanHost.skip and hasMissingIds as given.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { oauthIdsText, renderAction } from '../../src/plan/actions.js';
import { buildPlan } from '../../src/plan/build.js';
import { NOTICE_CODES, type InstancePlan, type Plan, type PlanAction, type PlanHost, type SkipReason } from '../../src/plan/model.js';
import { planNotice } from '../../src/plan/notices.js';
import { skipReasonOf } from '../../src/plan/safety.js';
import { renderPlanSh } from '../../src/plan/sh.js';
import { demoResult } from '../helpers/demo.js';
import { BUILDS } from '../helpers/fixtures.js';

let result: ScanResult;
let plan: Plan;
before(async () => {
  result = await demoResult();
  plan = buildPlan(result, BUILDS);
});
const instanceOf = (from: Plan, name: string): InstancePlan => {
  const found = from.instances.find((candidate) => candidate.instance === name);
  assert.ok(found, name);
  return found;
};
const actionsOf = (name: string, step: string): PlanAction[] => instanceOf(plan, name).steps.find((candidate) => candidate.id === step)?.actions ?? [];

describe('plan actions', () => {
  it('are decided by buildPlan, and commands are their text', () => {
    const prod = instanceOf(plan, 'prod');
    assert.deepEqual(actionsOf('prod', 'set-oauth'), [{ kind: 'set-oauth', instance: 'prod', ids: prod.ids, secretVariable: 'CAMPAIGN_OAUTH_SECRET_PROD' }]);
    assert.deepEqual(actionsOf('exec', 'reload'), [
      { kind: 'reload' },
      { kind: 'restart', module: 'wfserver@exec' },
      { kind: 'restart', module: 'pipelined@exec' },
      { kind: 'restart', module: 'web@default' },
    ]);
    assert.deepEqual(actionsOf('prod', 'verify'), [{ kind: 'verify', check: 'rescan' }, { kind: 'verify', check: 'diff' }]);
    for (const instance of plan.instances) for (const step of instance.steps) assert.deepEqual(step.commands, step.actions.map(renderAction), `${instance.instance} ${step.id}`);
  });

  it('render to one command line each, with placeholders for the IDs the scan did not show', () => {
    const ids = { orgId: 'ORG@AdobeOrg', clientId: null, technicalAccountId: null };
    const cases: [PlanAction, string][] = [
      [{ kind: 'backup', file: 'conf/config-prod.xml' }, "cp -p -- 'conf/config-prod.xml' 'conf/config-prod.xml.bak'"],
      [{ kind: 'set-oauth', instance: 'prod', ids, secretVariable: 'S' }, 'nlserver config -instance:prod -setimsoauth:ORG@AdobeOrg/<CLIENT_ID>/<TECHNICAL_ACCOUNT_ID>/$S'],
      [{ kind: 'reload' }, 'nlserver config -reload'],
      [{ kind: 'restart', module: 'pipelined@prod' }, 'nlserver restart pipelined@prod'],
      [{ kind: 'verify', check: 'diff' }, 'campaign-audit diff <this report> after.json'],
    ];
    for (const [action, text] of cases) assert.equal(renderAction(action), text);
    assert.equal(oauthIdsText({ orgId: null, clientId: null, technicalAccountId: null }), '<IMS_ORG_ID>/<CLIENT_ID>/<TECHNICAL_ACCOUNT_ID>');
  });
});

describe('plan skip reasons', () => {
  const host = (fields: Partial<PlanHost>): PlanHost => ({ name: 'h', address: 'h.example.test', product: 'v7', version: '7.4.1', build: 9383, credential: 'jwt', skip: null, ...fields });
  const cases: [string, string, Partial<PlanHost>, SkipReason | null][] = [
    ['a safe host', 'prod', {}, null],
    ['an install dir it found', 'prod', { installDir: '/opt/neolane/nl6' }, null],
    ['a v8 host of unknown build (not ours to upgrade)', 'prod', { product: 'v8', build: null }, null],
    ['an instance name with a ;', 'x;reboot', {}, 'unsafe-instance-name'],
    ['an address that is an ssh option', 'prod', { address: '-oProxyCommand=x' }, 'unsafe-address'],
    ['a build below the minimum', 'prod', { build: 9368 }, 'below-minimum'],
    ['an unknown build', 'prod', { build: null }, 'below-minimum'],
    ['an install dir with a space', 'prod', { installDir: '/opt/x; touch pwned' }, 'unsafe-install-dir'],
    ['the first reason that holds', 'x;y', { address: 'a b', build: null, installDir: '$HOME' }, 'unsafe-instance-name'],
    ['an unsafe address before an old build', 'prod', { address: 'a b', build: null }, 'unsafe-address'],
  ];
  for (const [what, instance, fields, reason] of cases) {
    it(`${what}: ${reason ?? 'none'}`, () => assert.equal(skipReasonOf(instance, host(fields), 9383), reason));
  }

  it('are on every host of the demo plan', () => {
    assert.deepEqual(instanceOf(plan, 'prod').hosts.map((entry) => [entry.name, entry.skip]), [['mkt-prod-1', 'below-minimum'], ['mkt-prod-2', null]]);
    assert.deepEqual(instanceOf(plan, 'mid_emea').hosts.map((entry) => entry.skip), [null]);
  });
});

describe('plan notices', () => {
  it('are codes with values, and warnings are their text in the same order', () => {
    for (const instance of plan.instances) assert.deepEqual(instance.warnings, instance.notices.map((notice) => notice.message));
    assert.deepEqual(instanceOf(plan, 'demo').notices.map((notice) => [notice.code, notice.args]), [['unreadable', { hosts: ['mkt-broken-1'] }]]);
  });

  it('say when the hosts disagree on an ID, and keep the first', () => {
    const base = result.hosts.find((entry) => entry.name === 'mid-emea-1')!;
    const split: ScanResult = {
      ...result,
      hosts: ['A@AdobeOrg', 'B@AdobeOrg'].map((orgId, index) => ({ ...base, name: `h${index}`, address: `h${index}`, instances: [{ name: 'shop', credential: 'jwt', file: 'conf/config-shop.xml', orgId, clientId: 'cid' }] })),
      findings: [],
    };
    const [shop] = buildPlan(split, BUILDS).instances;
    assert.deepEqual(shop?.notices.map((notice) => [notice.code, notice.args]), [['ids-disagree', { id: 'orgId', values: ['A@AdobeOrg', 'B@AdobeOrg'] }]]);
    assert.deepEqual(shop?.ids, { orgId: 'A@AdobeOrg', clientId: 'cid', technicalAccountId: null });
    assert.equal(shop?.hasMissingIds, true);
  });

  it('each code has its words, with its values in them', () => {
    const notices = [
      planNotice('ids-disagree', { id: 'clientId', values: ['a', 'b`c'] }),
      planNotice('id-unsafe', { id: 'orgId' }),
      planNotice('unsafe-instance-name', { instance: 'x;y' }),
      planNotice('unsafe-address', { host: 'h`1' }),
      planNotice('unreadable', { hosts: ['h1', 'h2'] }),
    ];
    assert.deepEqual(notices.map((notice) => notice.code), [...NOTICE_CODES]);
    assert.deepEqual(
      notices.map((notice) => notice.message),
      [
        'The hosts disagree on the client ID (`a`, ``b`c``); check the Developer Console credential before running setimsoauth.',
        'The IMS Org ID read from the configuration holds unexpected characters; it was not copied into commands.',
        'Instance name `x;y` holds characters that are unsafe in a command line; its commands are left for you to write.',
        'The address of host h\\`1 holds characters that are unsafe in a command line; the sh script skips it, run its steps by hand.',
        'The configuration of this instance could not be read on h1, h2 (see config/unreadable); fix the file and rescan before planning.',
      ],
    );
  });
});

describe('the sh plan prints what the plan says', () => {
  it('skips a host for the reason buildPlan gave, whatever it is', () => {
    const routed = structuredClone(plan);
    const midEmea = instanceOf(routed, 'mid_emea');
    midEmea.hosts = midEmea.hosts.map((entry) => ({ ...entry, skip: 'no-route' }));
    const script = renderPlanSh(routed);
    assert.match(script, /^note 'mid-emea-1: the scan did not record how to reach it; skipped, run its steps by hand'$/m);
    assert.doesNotMatch(script, /^set_oauth 'mid-emea-1'/m);
    assert.match(renderPlanSh(plan), /^set_oauth 'mid-emea-1' 'mid_emea' /m);
  });

  it('stops --execute for an instance whose IDs are missing, as hasMissingIds says', () => {
    const missing = structuredClone(plan);
    instanceOf(missing, 'mid_emea').hasMissingIds = true;
    const guard = /^if \[ "\$EXECUTE" -eq 1 \]; then echo "campaign-audit plan: IDs missing for this instance" >&2; exit 2; fi\nENV_SH=\S+\nset_oauth 'mid-emea-1'/m;
    assert.match(renderPlanSh(missing), guard);
    assert.doesNotMatch(renderPlanSh(plan), guard);
  });
});
