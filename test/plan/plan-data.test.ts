// The plan is data that buildPlan decides once: typed actions (commands are their text), a skip
// reason per host, hasMissingIds, and notices as code + args (warnings are their text). The
// renderers only print it: the sh script follows PlanHost.skip, hasMissingIds and the
// unsafe-instance-name notice as given (runnable.ts reads them for every runner).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { HostRoute, ScanResult } from '../../src/model.js';
import { oauthIdsText, renderAction } from '../../src/plan/actions.js';
import { buildPlan } from '../../src/plan/build.js';
import { NOTICE_CODES, type InstancePlan, type Plan, type PlanAction, type PlanHost, type SkipReason } from '../../src/plan/model.js';
import { planNotice } from '../../src/plan/notices.js';
import { skipReasonOf } from '../../src/plan/safety.js';
import { renderPlanAnsible } from '../../src/plan/ansible.js';
import { instanceRunOf } from '../../src/plan/runnable.js';
import { renderPlanSh } from '../../src/plan/sh.js';
import { demoResult } from '../helpers/demo.js';
import { BUILDS } from '../helpers/fixtures.js';
import { withRoutes } from '../helpers/routes.js';

let result: ScanResult;
let plan: Plan;
/** The demo as an SSH scan would report it: every host has a route. */
let routedPlan: Plan;
before(async () => {
  result = await demoResult();
  plan = buildPlan(result, BUILDS);
  routedPlan = buildPlan(withRoutes(result), BUILDS);
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
    assert.deepEqual(actionsOf('prod', 'set-oauth'), [
      { kind: 'backup', file: 'conf/config-prod.xml' },
      { kind: 'set-oauth', instance: 'prod', ids: prod.ids, secretVariable: 'CAMPAIGN_OAUTH_SECRET_PROD' },
    ]);
    assert.deepEqual(actionsOf('exec', 'reload'), [
      { kind: 'reload' },
      { kind: 'restart', module: 'wfserver@exec' },
      { kind: 'restart', module: 'pipelined@exec' },
      { kind: 'restart', module: 'web@default' },
    ]);
    assert.deepEqual(actionsOf('prod', 'verify'), [
      { kind: 'check-oauth', instance: 'prod', file: 'conf/config-prod.xml', clientId: prod.ids.clientId },
      { kind: 'verify', check: 'rescan', options: null },
      { kind: 'verify', check: 'diff' },
    ]);
    assert.deepEqual(prod.rollback, [{ kind: 'restore', file: 'conf/config-prod.xml' }, { kind: 'reload' }, { kind: 'restart', module: 'wfserver@prod' }, { kind: 'restart', module: 'web@default' }]);
    for (const instance of plan.instances) for (const step of instance.steps) assert.deepEqual(step.commands, step.actions.map(renderAction), `${instance.instance} ${step.id}`);
  });

  it('render to one command line each, with placeholders for the IDs the scan did not show', () => {
    const ids = { orgId: 'ORG@AdobeOrg', clientId: null, technicalAccountId: null };
    const cases: [PlanAction, string][] = [
      [{ kind: 'backup', file: 'conf/config-prod.xml' }, 'cp -p -- conf/config-prod.xml "conf/config-prod.xml.$STAMP.bak"'],
      [{ kind: 'restore', file: 'conf/config-prod.xml' }, 'cp -p -- "conf/config-prod.xml.$STAMP.bak" conf/config-prod.xml'],
      [{ kind: 'verify', check: 'rescan', options: ['--dir', 'my copies'] }, "campaign-audit scan --dir 'my copies' -f json=after.json"],
      [{ kind: 'verify', check: 'rescan', options: null }, 'campaign-audit scan <the source options of this scan> -f json=after.json'],
      [
        { kind: 'check-oauth', instance: 'prod', file: 'conf/config-prod.xml', clientId: 'cid1' },
        `grep -qF 'authIMSTAClientId="cid1"' conf/config-prod.xml && grep -q 'authIMSTAClientSecret="[^"]' conf/config-prod.xml && grep -q 'authIMSTAId="[^"]' conf/config-prod.xml && ! grep -q 'authIMSTAPrivateKey="[^"]' conf/config-prod.xml`,
      ],
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
  const route: HostRoute = { address: 'h.example.test', port: 22, user: 'neolane', knownHosts: ['/home/ops/.ssh/known_hosts'], hostKeyPolicy: 'strict' };
  const host = (fields: Partial<PlanHost>): PlanHost => ({ name: 'h', address: 'h.example.test', product: 'v7', version: '7.4.1', build: 9383, credential: 'jwt', route, skip: null, ...fields });
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
    ['an unreadable copy of the instance file', 'prod', { credential: 'unknown' }, 'unreadable'],
    ['a user that is an ssh option', 'prod', { route: { ...route, user: '-oProxyCommand=x' } }, 'unsafe-route'],
    ['a become user with a space', 'prod', { route: { ...route, become: 'neo lane' } }, 'unsafe-route'],
    ['a key path with a % token', 'prod', { route: { ...route, identityFiles: ['/keys/%u'] } }, 'unsafe-route'],
    ['a relative known_hosts file', 'prod', { route: { ...route, knownHosts: ['known_hosts'] } }, 'unsafe-route'],
    ['a jump host with an IPv6 zone', 'prod', { route: { ...route, jump: [{ address: 'fe80::1%eth0', port: 22, user: 'ops' }] } }, 'unsafe-route'],
  ];
  for (const [what, instance, fields, reason] of cases) {
    it(`${what}: ${reason ?? 'none'}`, () => assert.equal(skipReasonOf(instance, host(fields), 9383), reason));
  }

  it('no route (--dir, --local, evidence): no-route', () => {
    const { route: _route, ...unrouted } = host({});
    assert.equal(skipReasonOf('prod', unrouted, 9383), 'no-route');
  });

  it('are on every host of the demo plan', () => {
    assert.deepEqual(instanceOf(plan, 'prod').hosts.map((entry) => [entry.name, entry.skip]), [['mkt-prod-1', 'below-minimum'], ['mkt-prod-2', 'no-route']]);
    assert.deepEqual(instanceOf(routedPlan, 'prod').hosts.map((entry) => [entry.name, entry.skip]), [['mkt-prod-1', 'below-minimum'], ['mkt-prod-2', null]]);
    assert.deepEqual(instanceOf(routedPlan, 'mid_emea').hosts.map((entry) => entry.skip), [null]);
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
    assert.deepEqual(shop?.notices.map((notice) => [notice.code, notice.args]), [
      ['ids-disagree', { id: 'orgId', values: ['A@AdobeOrg', 'B@AdobeOrg'] }],
      // The demo's as-of date is past Adobe's hard stop: the JWT credential was converted.
      ['credential-converted', { clientId: 'cid', date: '2026-03-01' }],
    ]);
    assert.deepEqual(shop?.ids, { orgId: 'A@AdobeOrg', clientId: 'cid', technicalAccountId: null });
    assert.equal(shop?.hasMissingIds, true);
  });

  it('each code has its words, with its values in them', () => {
    const notices = [
      planNotice('ids-disagree', { id: 'clientId', values: ['a', 'b`c'] }),
      planNotice('id-unsafe', { id: 'orgId' }),
      planNotice('unsafe-instance-name', { instance: 'x;y' }),
      planNotice('unsafe-address', { host: 'h`1' }),
      planNotice('unsafe-route', { host: 'h1' }),
      planNotice('unreadable', { hosts: ['h1', 'h2'] }),
      planNotice('partly-unreadable', { hosts: ['h2'] }),
      planNotice('credential-in-use', { clientId: 'cid1', hosts: ['h1'] }),
      planNotice('credential-converted', { clientId: null, date: '2026-03-01' }),
    ];
    assert.deepEqual(notices.map((notice) => notice.code), [...NOTICE_CODES]);
    assert.deepEqual(
      notices.map((notice) => notice.message),
      [
        'The hosts disagree on the client ID (`a`, ``b`c``); check the Developer Console credential before running setimsoauth.',
        'The IMS Org ID read from the configuration holds unexpected characters; it was not copied into commands.',
        'Instance name `x;y` holds characters that are unsafe in a command line; its commands are left for you to write.',
        'The address of host h\\`1 holds characters that are unsafe in a command line; the sh script skips it, run its steps by hand.',
        'The route the scan took to host h1 (user, key or known_hosts path) holds characters that are unsafe on an ssh command line; the runners skip it, run its steps by hand.',
        'The configuration of this instance could not be read on h1, h2 (see config/unreadable); fix the file and rescan before planning.',
        'The configuration of this instance could not be read on h2 (see config/unreadable): the steps below are planned from the other hosts, and the runners skip it. Fix the file and rescan before running the steps there.',
        'h1 already runs OAuth with client ID `cid1`: reuse that credential on the other hosts, do not create another.',
        'Since 2026-03-01 Adobe has converted Service Account (JWT) credentials to OAuth Server-to-Server: reuse the converted credential in Developer Console, do not create another.',
      ],
    );
  });
});

describe('the sh plan prints what the plan says', () => {
  it('skips a host for the reason buildPlan gave, whatever it is', () => {
    const skipped = structuredClone(routedPlan);
    const midEmea = instanceOf(skipped, 'mid_emea');
    midEmea.hosts = midEmea.hosts.map((entry) => ({ ...entry, skip: 'no-route' }));
    const script = renderPlanSh(skipped);
    assert.match(script, /^note 'mid-emea-1: the report does not say how to reach it \(scanned with --dir, --local or from evidence, or by an older version\); skipped, run its steps by hand'$/m);
    assert.doesNotMatch(script, /^host 'mid-emea-1'/m);
    assert.match(renderPlanSh(routedPlan), /^host 'mid-emea-1' 'root@10\.0\.0\.\d+:22022'$/m);
  });

  it('leaves a whole instance to a person because its plan carries the unsafe-instance-name notice, not because of a missing action', () => {
    const byHand = structuredClone(routedPlan);
    const midEmea = instanceOf(byHand, 'mid_emea');
    midEmea.notices.push(planNotice('unsafe-instance-name', { instance: 'mid_emea' }));
    assert.deepEqual(instanceRunOf(midEmea), { kind: 'by-hand', reason: 'unsafe-instance-name' });
    const script = renderPlanSh(byHand);
    assert.match(script, /^note 'instance mid_emea: its name holds characters unsafe in a command line; run its steps by hand \(see the Markdown plan\)'$/m);
    assert.doesNotMatch(script, /^host 'mid-emea-1'/m);
    assert.doesNotMatch(renderPlanAnsible(byHand), /mid-emea-1/);
    assert.match(renderPlanAnsible(routedPlan), /name: mid-emea-1$/m);
  });

  it('a host without a route gets no remote command', () => {
    const script = renderPlanSh(plan);
    assert.doesNotMatch(script, /^(host|step|check|route_\d+\(\)) /m);
    assert.match(script, /^note 'mid-emea-1: the report does not say how to reach it/m);
  });

  it('stops --execute before anything runs for an instance whose IDs are missing, as hasMissingIds says', () => {
    const missing = structuredClone(routedPlan);
    instanceOf(missing, 'mid_emea').hasMissingIds = true;
    const guard = /^ {2}echo 'campaign-audit plan: instance mid_emea has IDs to fill in \(<placeholders>\); nothing was run' >&2; exit 2$/m;
    assert.match(renderPlanSh(missing), guard);
    assert.doesNotMatch(renderPlanSh(routedPlan), guard);
  });
});

describe('plan logic', () => {
  const base = (): ScanResult['hosts'][number] => result.hosts.find((entry) => entry.name === 'mid-emea-1')!;
  const shopHost = (name: string, credential: 'jwt' | 'oauth' | 'unknown', clientId?: string): ScanResult['hosts'][number] => ({
    ...base(),
    name,
    address: name,
    instances: [{ name: 'shop', credential, file: 'conf/config-shop.xml', ...(clientId !== undefined ? { clientId, technicalAccountId: 'TA@techacct.adobe.com', orgId: 'ORG@AdobeOrg' } : {}) }],
  });
  const planOf = (hosts: ScanResult['hosts'], asOf = '2026-01-15'): InstancePlan => {
    const [shop] = buildPlan(withRoutes({ ...result, asOf, hosts, findings: [] }), BUILDS).instances;
    assert.ok(shop);
    return shop;
  };

  it('plans the readable hosts of an instance when another host of it is unreadable, and names that host', () => {
    const shop = planOf([shopHost('shop-1', 'jwt', 'cid1'), shopHost('shop-2', 'unknown')]);
    assert.equal(shop.state, 'not-started');
    assert.deepEqual(shop.steps.find((step) => step.id === 'set-oauth')?.hosts, ['shop-1']);
    assert.deepEqual(shop.hosts.map((host) => [host.name, host.skip]), [['shop-1', null], ['shop-2', 'unreadable']]);
    assert.deepEqual(shop.notices.map((notice) => [notice.code, notice.args]), [['partly-unreadable', { hosts: ['shop-2'] }]]);
    const script = renderPlanSh({ ...routedPlan, instances: [shop] });
    assert.match(script, /^host 'shop-1' /m);
    assert.doesNotMatch(script, /^host 'shop-2' /m);
  });

  it('an instance no host of which could be read still gets no steps', () => {
    const shop = planOf([shopHost('shop-1', 'unknown'), shopHost('shop-2', 'unknown')]);
    assert.equal(shop.state, 'unreadable');
    assert.deepEqual(shop.steps, []);
    assert.deepEqual(shop.rollback, []);
  });

  it('reuses the credential another host already runs OAuth with, instead of creating one', () => {
    const shop = planOf([shopHost('shop-1', 'jwt', 'cid1'), shopHost('shop-2', 'oauth', 'cid1')]);
    assert.deepEqual(shop.credentialSource, { kind: 'reuse', reason: 'in-use', clientId: 'cid1' });
    assert.match(shop.steps.find((step) => step.id === 'create-credential')?.title ?? '', /^Reuse the existing credential \(client `cid1`\)/);
    assert.deepEqual(shop.notices.map((notice) => notice.code), ['credential-in-use']);
  });

  it('before the hard stop a JWT-only instance creates a credential; after it, reuses the one Adobe converted', () => {
    assert.deepEqual(planOf([shopHost('shop-1', 'jwt', 'cid1')], '2026-02-28').credentialSource, { kind: 'create' });
    const after = planOf([shopHost('shop-1', 'jwt', 'cid1')], '2026-03-01');
    assert.deepEqual(after.credentialSource, { kind: 'reuse', reason: 'converted', clientId: 'cid1' });
    assert.match(after.steps.find((step) => step.id === 'create-credential')?.notes[0] ?? '', /Adobe converted the Service Account \(JWT\) credential/);
  });

  it('verifies with the scan\'s own source options', () => {
    const verify = (from: Plan): string[] => instanceOf(from, 'mid_emea').steps.find((step) => step.id === 'verify')?.commands ?? [];
    assert.ok(verify(routedPlan).includes('campaign-audit scan --inventory hosts.yaml -f json=after.json'));
    const dir = buildPlan({ ...result, source: { kind: 'dir', options: ['--dir', './copies'] } }, BUILDS);
    assert.ok(verify(dir).includes('campaign-audit scan --dir ./copies -f json=after.json'));
    assert.ok(!verify(dir).some((command) => command.includes('--inventory')));
  });
});
