import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { buildPlan, secretVariableFor } from '../../src/plan/build.js';
import { renderPlanMarkdown } from '../../src/plan/markdown.js';
import type { InstancePlan, Plan } from '../../src/plan/model.js';
import { renderPlanSh } from '../../src/plan/sh.js';
import fc from 'fast-check';
import { demoResult } from '../helpers/demo.js';
import { BUILDS } from '../helpers/fixtures.js';
import { withRoutes } from '../helpers/routes.js';

/** The inverse of secretVariableFor: it exists only to prove that the names are one-to-one. */
function decodeSecretVariable(variable: string): string {
  const spelled = variable.replace(/^CAMPAIGN_OAUTH_SECRET_/, '');
  let name = '';
  for (let index = 0; index < spelled.length; ) {
    const escape = /^_x([0-9a-f]+)_/.exec(spelled.slice(index));
    if (escape) {
      name += String.fromCodePoint(parseInt(escape[1] as string, 16));
      index += escape[0].length;
    } else {
      const char = spelled[index] as string;
      assert.match(char, /[A-Z0-9_]/);
      name += char.toLowerCase();
      index += 1;
    }
  }
  return name;
}

const scratch = mkdtempSync(join(tmpdir(), 'ca-plan-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let result: ScanResult;
let plan: Plan;
before(async () => {
  result = await demoResult();
  plan = buildPlan(result, BUILDS);
});
const instance = (name: string): InstancePlan => {
  const found = plan.instances.find((candidate) => candidate.instance === name);
  assert.ok(found, name);
  return found;
};
const stepStatus = (name: string): Record<string, string> => Object.fromEntries(instance(name).steps.map((step) => [step.id, step.status]));

describe('buildPlan', () => {
  it('groups by instance across hosts, in a fixed step order', () => {
    assert.deepEqual(instance('prod').hosts.map((host) => [host.name, host.build, host.credential]), [['mkt-prod-1', 9368, 'jwt'], ['mkt-prod-2', 9383, 'oauth']]);
    assert.deepEqual(instance('prod').steps.map((step) => step.id), ['upgrade', 'create-credential', 'set-oauth', 'reload', 'verify', 'cleanup']);
  });

  it('derives each state and step from the scan', () => {
    assert.equal(instance('prod').state, 'in-progress');
    assert.deepEqual(stepStatus('prod'), { upgrade: 'todo', 'create-credential': 'todo', 'set-oauth': 'todo', reload: 'todo', verify: 'todo', cleanup: 'todo' });
    assert.deepEqual(instance('prod').steps.find((step) => step.id === 'upgrade')?.hosts, ['mkt-prod-1']);
    assert.deepEqual(instance('prod').steps.find((step) => step.id === 'set-oauth')?.hosts, ['mkt-prod-1']);
    assert.equal(instance('rt_emea').state, 'in-progress');
    assert.deepEqual(stepStatus('rt_emea'), { upgrade: 'done', 'create-credential': 'done', 'set-oauth': 'done', reload: 'done', verify: 'todo', cleanup: 'todo' });
    assert.equal(instance('sandbox').state, 'no-technical-account');
    assert.equal(instance('cloud').state, 'out-of-scope');
    assert.equal(instance('demo').state, 'unreadable');
    assert.equal(instance('gs').state, 'not-started');
  });

  it('prefills non-secret IDs and names the secret variable, never a secret', () => {
    const prod = instance('prod');
    assert.equal(prod.ids.clientId, 'cidd6e4a9b6646c62fc48baa6dd6150d1f7');
    assert.equal(prod.ids.orgId, '7D1B2C3E5F6A7B8C9D0E1F2A@AdobeOrg');
    assert.equal(prod.secretVariable, 'CAMPAIGN_OAUTH_SECRET_PROD');
    assert.deepEqual(prod.steps.find((step) => step.id === 'set-oauth')?.commands, [
      'cp -p -- conf/config-prod.xml "conf/config-prod.xml.$STAMP.bak"',
      'nlserver config -instance:prod -setimsoauth:7D1B2C3E5F6A7B8C9D0E1F2A@AdobeOrg/cidd6e4a9b6646c62fc48baa6dd6150d1f7/D58D7EDBD0847A0FF9E466CF@techacct.adobe.com/$CAMPAIGN_OAUTH_SECRET_PROD',
    ]);
    assert.doesNotMatch(JSON.stringify(plan), /sha256:|"@[A-Za-z0-9+/]{8,}/);
  });

  it('computes deadlines against the as-of date', () => {
    assert.deepEqual(plan.timeline.map((entry) => [entry.date, entry.days]), [['2024-06-03', 907], ['2025-01-27', 669], ['2025-06-30', 515], ['2026-03-01', 271]]);
    // Not the last row by default: the newest GA build that no known bulletin affects (9402 fixes APSB26-142).
    assert.deepEqual(plan.targetRelease, { version: '7.4.4', build: 9402 });
  });

  it('speaks of the JWT phase at the as-of date, in the runbook and the script', () => {
    const at = (asOf: string): Plan => buildPlan({ ...result, asOf }, BUILDS);
    assert.deepEqual(
      ['2025-01-20', '2025-03-01', '2025-09-01', '2026-11-27'].map((asOf) => at(asOf).phase.id),
      ['before-cutoff', 'overdue', 'end-of-life', 'stopped'],
    );
    assert.equal(at('2025-01-20').phase.text, 'Migrate every instance before 2025-01-27 (7 days left).');
    assert.equal(at('2025-03-01').phase.text, 'The cutoff 2025-01-27 passed 33 days ago: the migration is overdue.');
    assert.match(at('2025-09-01').phase.text, /reached end of life on 2025-06-30; they stop working when their certificate expires, at the latest on 2026-03-01 \(in 181 days\)/);
    const stopped = at('2026-11-27');
    assert.match(stopped.phase.text, /^Since 2026-03-01 a Service Account \(JWT\) key no longer works: .*\(Triggers, Analytics, Experience Cloud services\) are broken until OAuth Server-to-Server is set with -setimsoauth\./);
    assert.match(renderPlanMarkdown(stopped), /^\*\*JWT phase: hard stop 2026-03-01 passed: JWT keys no longer work\.\*\* Since 2026-03-01/m);
    assert.match(renderPlanSh(stopped), /^# JWT phase: hard stop 2026-03-01 passed: JWT keys no longer work\.$/m);
  });

  it('sets OAuth on every container of the instance, including one with no account yet', () => {
    const mixed: ScanResult = {
      ...result,
      hosts: [
        { name: 'a', address: 'a', status: 'ok', product: 'v7', version: '7.4.1', build: 9383, instances: [{ name: 'shop', credential: 'jwt', file: 'conf/config-shop.xml' }] },
        { name: 'b', address: 'b', status: 'ok', product: 'v7', version: '7.4.1', build: 9383, instances: [{ name: 'shop', credential: 'none', file: 'conf/config-shop.xml' }] },
      ],
      findings: [],
    };
    const [shop] = buildPlan(mixed, BUILDS).instances;
    assert.deepEqual(shop?.steps.find((step) => step.id === 'set-oauth')?.hosts, ['a', 'b']);
  });

  it('refuses to paste unsafe remote values into commands', () => {
    const hostile: ScanResult = {
      ...result,
      hosts: [{ ...result.hosts.find((host) => host.name === 'mid-emea-1')!, instances: [{ name: 'x;reboot', credential: 'jwt', file: 'conf/config-x;reboot.xml', clientId: 'cid$(touch /tmp/pwn)' }] }],
      findings: [],
    };
    const [evil] = buildPlan(hostile, BUILDS).instances;
    assert.ok(evil);
    assert.equal(evil.ids.clientId, null);
    assert.deepEqual(evil.steps.flatMap((step) => step.commands).filter((command) => command.includes('nlserver')), []);
    assert.deepEqual(evil.steps.flatMap((step) => step.actions).filter((action) => action.kind !== 'verify'), []);
    assert.deepEqual(evil.notices.map((notice) => [notice.code, notice.args]), [
      ['id-unsafe', { id: 'clientId' }],
      ['unsafe-instance-name', { instance: 'x;reboot' }],
      ['credential-converted', { clientId: null, date: '2026-03-01' }],
    ]);
    assert.deepEqual(evil.hosts.map((host) => host.skip), ['unsafe-instance-name']);
    assert.equal(secretVariableFor('x;reboot'), 'CAMPAIGN_OAUTH_SECRET_X_x3b_REBOOT');
  });

  it('gives every instance its own secret variable, whatever its spelling', () => {
    const names = ['mid_emea', 'mid.emea', 'mid-emea', 'MID_EMEA', 'mid__emea', 'mid_x2e_emea', 'mid\u00e9mea', 'mid\u{1f600}'];
    const variables = names.map(secretVariableFor);
    assert.equal(new Set(variables).size, names.length, variables.join(' '));
    assert.equal(secretVariableFor('mid_emea'), 'CAMPAIGN_OAUTH_SECRET_MID_EMEA', 'the usual names keep their plain spelling');
    for (const variable of variables) assert.match(variable, /^[A-Za-z_][A-Za-z0-9_]*$/, 'a name sh can export');
    // One-to-one: the variable name reads back to the instance name, for any text.
    fc.assert(fc.property(fc.string({ unit: 'binary', minLength: 1 }), (name) => decodeSecretVariable(secretVariableFor(name)) === name), { numRuns: 2000 });
  });

  it('never sends one instance\'s secret into another whose name differs only in spelling', () => {
    const base = result.hosts.find((host) => host.name === 'mid-emea-1')!;
    const names = ['mid_emea', 'mid.emea', 'mid-emea', 'MID_EMEA'];
    const colliding: ScanResult = {
      ...result,
      hosts: names.map((name, index) => ({ ...base, name: `h${index}`, address: `h${index}`, instances: [{ name, credential: 'jwt', file: `conf/config-${name}.xml`, clientId: 'cid', technicalAccountId: 'TA@techacct.adobe.com', orgId: 'ORG@AdobeOrg' }] })),
      findings: [],
    };
    const collidingPlan = buildPlan(withRoutes(colliding), BUILDS);
    assert.deepEqual(collidingPlan.instances.map((entry) => entry.instance).sort(), [...names].sort());
    assert.equal(new Set(collidingPlan.instances.map((entry) => entry.secretVariable)).size, names.length);
    const script = join(scratch, 'colliding.sh');
    writeFileSync(script, renderPlanSh(collidingPlan));
    const log = join(scratch, 'colliding.log');
    const fakeSsh = join(scratch, 'fake-ssh-colliding');
    writeFileSync(fakeSsh, `#!/bin/sh\nwhile [ "$1" != -- ]; do shift; done\ncase "$3" in *setimsoauth*) printf '%s %s\\n' "$2" "$(cat)" >> '${log}' ;; esac\n`);
    chmodSync(fakeSsh, 0o755);
    const secrets = Object.fromEntries(collidingPlan.instances.map((entry) => [entry.secretVariable, `secret-of-${entry.instance}`]));
    const run = spawnSync('sh', [script, '--execute', '--yes'], { encoding: 'utf8', env: { PATH: process.env.PATH, CAMPAIGN_AUDIT_SSH: fakeSsh, ...secrets } });
    assert.equal(run.status, 0, run.stderr);
    const sent = readFileSync(log, 'utf8').trim().split('\n').sort();
    assert.deepEqual(sent, names.map((name, index) => `root@10.0.0.${index + 1} secret-of-${name}`).sort());
  });

  it('renders a Markdown runbook with checkboxes', () => {
    const text = renderPlanMarkdown(plan);
    assert.match(text, /^# Migration plan/);
    assert.match(text, /\| `prod` \| in progress \| mkt-prod-1, mkt-prod-2 \| Upgrade every container/);
    assert.match(text, /1\. \[ \] \*\*Upgrade every container/);
    assert.match(text, /\[x\] \*\*Upgrade every container .*\(done\)/);
  });
});

describe('plan sh script', () => {
  /** The demo as an SSH scan reports it: mid-emea-1 is root@10.0.0.3 on port 22022. */
  function writeScript(): string {
    const script = join(scratch, 'plan.sh');
    writeFileSync(script, renderPlanSh(buildPlan(withRoutes(result), BUILDS)));
    return script;
  }
  /** A stand-in for ssh that logs the login, the remote command and what came on stdin. */
  function fakeSshLogging(name: string, log: string): string {
    const fakeSsh = join(scratch, name);
    writeFileSync(fakeSsh, `#!/bin/sh\nprintf 'OPTIONS %s\\n' "$*" >> '${log}'\nwhile [ "$1" != -- ]; do shift; done\nshift\nlogin=$1\nshift\nprintf 'ARGS %s %s\\n' "$login" "$*" >> '${log}'\nprintf 'STDIN %s\\n' "$(cat)" >> '${log}'\n`);
    chmodSync(fakeSsh, 0o755);
    return fakeSsh;
  }

  it('is a dry run by default and passes sh -n under dash and bash', () => {
    const script = writeScript();
    for (const shell of ['dash', 'bash']) assert.equal(spawnSync(shell, ['-n', script]).status, 0, shell);
    const run = spawnSync('sh', [script], { encoding: 'utf8', env: { PATH: process.env.PATH, CAMPAIGN_OAUTH_SECRET_MID_EMEA: 'never-printed-secret' } });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^\[dry-run\] == mid-emea-1 \(root@10\.0\.0\.3:22022\)$/m);
    assert.match(run.stdout, /\[dry-run\] mid-emea-1: nlserver config -instance:mid_emea -setimsoauth:7D1B2C3E5F6A7B8C9D0E1F2A@AdobeOrg\/cid2afdb67137cf3d40d1d427f6a1ec61bf\/DFF4F0AE2BE4B3EE5227B3C8@techacct.adobe.com\/\$CAMPAIGN_OAUTH_SECRET_MID_EMEA/);
    assert.match(run.stdout, /mkt-prod-1: upgrade to 7.4.1 or later first/);
    assert.doesNotMatch(run.stdout + run.stderr, /never-printed-secret/);
  });

  it('with --execute sends the secret on ssh stdin, never on a command line, over the recorded route', () => {
    const script = writeScript();
    const log = join(scratch, 'ssh.log');
    const fakeSsh = fakeSshLogging('fake-ssh', log);
    const run = spawnSync('sh', [script, '--execute', '--yes'], { encoding: 'utf8', env: { PATH: process.env.PATH, CAMPAIGN_AUDIT_SSH: fakeSsh, CAMPAIGN_OAUTH_SECRET_MID_EMEA: 's3cr3t-value' } });
    assert.equal(run.status, 0, run.stderr);
    const calls = readFileSync(log, 'utf8');
    assert.match(calls, /^OPTIONS -p 22022 -o UserKnownHostsFile=\/home\/ops\/\.ssh\/known_hosts -o StrictHostKeyChecking=yes -- root@10\.0\.0\.3 /m);
    const remote = (command: string): RegExp => new RegExp(`^ARGS root@10\\.0\\.0\\.3 sh -c 'STAMP=\\$1 && cd /usr/local/neolane/nl6 && \\. \\./env\\.sh && ${command}' campaign-audit \\d{8}T\\d{6}Z$`, 'm');
    assert.match(calls, remote('cp -p -- conf/config-mid_emea\\.xml "conf/config-mid_emea\\.xml\\.\\$STAMP\\.bak"'));
    assert.match(calls, remote('IFS= read -r s && nlserver config -instance:mid_emea "-setimsoauth:7D1B2C3E5F6A7B8C9D0E1F2A@AdobeOrg/cid2afdb67137cf3d40d1d427f6a1ec61bf/DFF4F0AE2BE4B3EE5227B3C8@techacct\\.adobe\\.com/\\$s"'));
    assert.match(calls, /STDIN s3cr3t-value\n/);
    assert.ok(!/(ARGS|OPTIONS) .*s3cr3t-value/.test(calls), 'the secret never is an argument');
    assert.match(calls, remote('nlserver config -reload'));
    assert.doesNotMatch(calls, /10\.0\.0\.6/, 'hosts below 7.4.1 are skipped (mkt-prod-1)');
    assert.doesNotMatch(run.stdout + run.stderr, /s3cr3t-value/);
    // Each step is printed before it runs.
    assert.match(run.stdout, /^\[mid-emea-1\] nlserver config -reload$/m);
  });

  it('asks before --execute runs anything, unless --yes', () => {
    const log = join(scratch, 'ssh-confirm.log');
    const fakeSsh = fakeSshLogging('fake-ssh-confirm', log);
    const env = { PATH: process.env.PATH, CAMPAIGN_AUDIT_SSH: fakeSsh, CAMPAIGN_OAUTH_SECRET_MID_EMEA: 'x' };
    const refused = spawnSync('sh', [writeScript(), '--execute'], { encoding: 'utf8', input: 'no\n', env });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /Type yes to go on: campaign-audit plan: not confirmed; nothing was run/);
    assert.ok(!existsSync(log), 'ssh was never run');
    const confirmed = spawnSync('sh', [writeScript(), '--execute'], { encoding: 'utf8', input: 'yes\n', env });
    assert.equal(confirmed.status, 0, confirmed.stderr);
    assert.match(readFileSync(log, 'utf8'), /setimsoauth/);
  });

  it('stops at the first failure and prints that host\'s rollback', () => {
    const fakeSsh = join(scratch, 'fake-ssh-fails');
    // The remote side fails on the reload: backup and setimsoauth went through.
    writeFileSync(fakeSsh, `#!/bin/sh\ncat >/dev/null\ncase "$*" in *config\\ -reload*) exit 1 ;; esac\n`);
    chmodSync(fakeSsh, 0o755);
    const run = spawnSync('sh', [writeScript(), '--execute', '--yes'], { encoding: 'utf8', env: { PATH: process.env.PATH, CAMPAIGN_AUDIT_SSH: fakeSsh, CAMPAIGN_OAUTH_SECRET_MID_EMEA: 'x' } });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /campaign-audit plan: mid-emea-1: failed: nlserver config -reload/);
    assert.match(run.stderr, /To roll back mid-emea-1, run there as for its steps:\n {2}cd \/usr\/local\/neolane\/nl6 && \. \.\/env\.sh && cp -p -- "conf\/config-mid_emea\.xml\.\d{8}T\d{6}Z\.bak" conf\/config-mid_emea\.xml && nlserver config -reload && nlserver restart wfserver@mid_emea && nlserver restart web@default/);
    assert.doesNotMatch(run.stdout, /nlserver restart web@default/, 'nothing after the failure ran');
  });

  it('stops without a rollback when the host was not changed yet', () => {
    const run = spawnSync('sh', [writeScript(), '--execute', '--yes'], { encoding: 'utf8', env: { PATH: process.env.PATH, CAMPAIGN_AUDIT_SSH: '/bin/false', CAMPAIGN_OAUTH_SECRET_MID_EMEA: 'x' } });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /mid-emea-1: failed: cp -p -- conf\/config-mid_emea\.xml/);
    assert.match(run.stderr, /stopped before mid-emea-1 was changed/);
  });

  it('sources env.sh from the install dir the scan found on each host, and skips one unsafe on a command line', () => {
    const midEmea = result.hosts.find((host) => host.name === 'mid-emea-1')!;
    const scanned: ScanResult = {
      ...result,
      hosts: [
        { ...midEmea, installDir: '/opt/neolane/nl6' },
        { ...midEmea, name: 'mid-emea-2', address: 'mid-emea-2', installDir: '/opt/x; touch pwned' },
      ],
      findings: result.findings.filter((finding) => finding.host === 'mid-emea-1'),
    };
    const built = buildPlan(withRoutes(scanned), BUILDS);
    assert.deepEqual(built.instances.find((candidate) => candidate.instance === 'mid_emea')?.hosts.map((host) => host.skip), [null, 'unsafe-install-dir']);
    const setOAuth = built.instances.find((candidate) => candidate.instance === 'mid_emea')!.steps.find((step) => step.id === 'set-oauth')!;
    assert.match(setOAuth.notes.join('\n'), /in Campaign's install dir \(\/opt\/neolane\/nl6, \/opt\/x; touch pwned\) after sourcing its env\.sh/);
    const script = join(scratch, 'install-dir.sh');
    writeFileSync(script, renderPlanSh(built));
    const log = join(scratch, 'ssh-install-dir.log');
    const fakeSsh = fakeSshLogging('fake-ssh-install-dir', log);
    const run = spawnSync('sh', [script, '--execute', '--yes'], { encoding: 'utf8', cwd: scratch, env: { PATH: process.env.PATH, CAMPAIGN_AUDIT_SSH: fakeSsh, CAMPAIGN_OAUTH_SECRET_MID_EMEA: 'x' } });
    assert.equal(run.status, 0, run.stderr);
    const calls = readFileSync(log, 'utf8');
    assert.match(calls, /^ARGS root@10\.0\.0\.1 sh -c 'STAMP=\$1 && cd \/opt\/neolane\/nl6 && \. \.\/env\.sh && IFS= read -r s && nlserver config/m);
    assert.match(calls, /^ARGS root@10\.0\.0\.1 sh -c 'STAMP=\$1 && cd \/opt\/neolane\/nl6 && \. \.\/env\.sh && nlserver config -reload'/m);
    assert.doesNotMatch(calls, /10\.0\.0\.2|touch pwned/);
    assert.match(run.stdout, /mid-emea-2: its install dir holds characters unsafe in a command line; skipped/);
    assert.ok(!existsSync(join(scratch, 'pwned')));
  });

  it('keeps hostile report text out of the shell code, even in comments', () => {
    const hostile: ScanResult = {
      ...result,
      hosts: [{ ...result.hosts.find((host) => host.name === 'mid-emea-1')!, address: '-oProxyCommand=touch pwned', instances: [{ name: 'x\ntouch pwned-comment\n#', credential: 'jwt', file: 'conf/config-x.xml' }] }],
      findings: [],
    };
    const script = join(scratch, 'hostile.sh');
    writeFileSync(script, renderPlanSh(buildPlan(hostile, BUILDS)));
    const run = spawnSync('sh', [script], { encoding: 'utf8', cwd: scratch });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(!existsSync(join(scratch, 'pwned-comment')) && !existsSync(join(scratch, 'pwned')));
  });

  it('prints notes about hostile names without escape sequences, and says why it runs nothing for them', () => {
    const hostile: ScanResult = {
      ...result,
      hosts: [{ ...result.hosts.find((host) => host.name === 'mid-emea-1')!, instances: [{ name: 'red\u001b[31m\u0007\u202egnp', credential: 'jwt', file: 'conf/config-red.xml' }] }],
      findings: [],
    };
    const script = join(scratch, 'escapes.sh');
    const text = renderPlanSh(buildPlan(hostile, BUILDS));
    writeFileSync(script, text);
    assert.equal(spawnSync('sh', ['-n', script]).status, 0);
    const run = spawnSync('sh', [script], { encoding: 'utf8', cwd: scratch });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^instance red\?\[31m\?\?gnp: its name holds characters unsafe in a command line; run its steps by hand/m);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(text + run.stdout, /[\u0000-\u0009\u000b-\u001f\u202e]/, 'no control character in the script or what it prints');
  });

  it('skips a host whose address holds escape sequences or spaces, and prints none of them', () => {
    const base = result.hosts.find((host) => host.name === 'mid-emea-1')!;
    const addresses = ['mid-emea-1\u001b[2K\u001b[1Gother-host', 'good\u202eevil', 'a b', '-oProxyCommand=x', 'h\u0430st'];
    const hostile: ScanResult = {
      ...result,
      hosts: addresses.map((address, index) => ({ ...base, name: `bad-${index}`, address })),
      findings: [],
    };
    const hostilePlan = buildPlan(withRoutes(hostile), BUILDS);
    const text = renderPlanSh(hostilePlan);
    const script = join(scratch, 'addresses.sh');
    writeFileSync(script, text);
    const log = join(scratch, 'addresses.log');
    const fakeSsh = join(scratch, 'fake-ssh-addresses');
    writeFileSync(fakeSsh, `#!/bin/sh\nprintf 'ARGS %s\\n' "$*" >> '${log}'\ncat >/dev/null\n`);
    chmodSync(fakeSsh, 0o755);
    for (const argv of [[script], [script, '--execute', '--yes']]) {
      const run = spawnSync('sh', argv, { encoding: 'utf8', env: { PATH: process.env.PATH, CAMPAIGN_AUDIT_SSH: fakeSsh, CAMPAIGN_OAUTH_SECRET_MID_EMEA: 'x' } });
      assert.equal(run.status, 0, run.stderr);
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(text + run.stdout + run.stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e\u0430]/, 'no control, bidi or look-alike character in the script or what it prints');
      for (let index = 0; index < addresses.length; index += 1) assert.match(run.stdout, new RegExp(`^bad-${index}: its address holds characters unsafe in a command line; skipped`, 'm'));
    }
    assert.ok(!existsSync(log), 'ssh was never run');
    const [planned] = hostilePlan.instances;
    assert.deepEqual(planned?.notices.filter((notice) => notice.code === 'unsafe-address').map((notice) => notice.args), addresses.map((_, index) => ({ host: `bad-${index}` })));
    assert.deepEqual(planned?.hosts.map((host) => host.skip), addresses.map(() => 'unsafe-address'));
  });

  it('stops with exit 2 when the secret variable is missing', () => {
    const run = spawnSync('sh', [writeScript(), '--execute'], { encoding: 'utf8', env: { PATH: process.env.PATH, CAMPAIGN_AUDIT_SSH: '/bin/false' } });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /CAMPAIGN_OAUTH_SECRET_MID_EMEA is not set/);
  });
});
