// plan -f ansible as text: one playbook whose every task that sees the secret has no_log, the
// secret read from the environment (never written), serial: 1, become only where the scan used
// it, the hosts the runners may not touch left out; ansible-playbook --syntax-check accepts it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import type { ScanResult } from '../../src/model.js';
import { renderPlanAnsible } from '../../src/plan/ansible.js';
import { buildPlan } from '../../src/plan/build.js';
import { demoResult } from '../helpers/demo.js';
import { BUILDS } from '../helpers/fixtures.js';
import { withRoutes } from '../helpers/routes.js';
import { ANSIBLE_PLAYBOOK, ansibleSkip } from '../helpers/ansible.js';

interface Task {
  name?: string;
  no_log?: boolean;
  block?: Task[];
  [module: string]: unknown;
}
interface Play {
  hosts: string;
  serial?: number;
  tasks: Task[];
  handlers?: Task[];
}

const scratch = mkdtempSync(join(tmpdir(), 'ca-ansible-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let result: ScanResult;
before(async () => {
  result = await demoResult();
});

/** mid-emea-1 (index 2) goes through a jump host and becomes neolane; the others log in directly. */
const routed = (): ScanResult =>
  withRoutes(result, (index) => ({ address: `10.0.0.${index + 1}`, port: 22022, user: 'ops', ...(index === 2 ? { become: 'neolane', jump: [{ address: 'bastion', port: 22, user: 'ops' }] } : {}), knownHosts: ['/home/ops/.ssh/known_hosts'], hostKeyPolicy: 'strict' }));

/** Every task that runs a module: blocks are opened, not counted. */
const allTasks = (play: Play): Task[] => [...play.tasks, ...(play.handlers ?? [])].flatMap((task) => (task.block !== undefined ? [...task.block, ...((task.rescue as Task[] | undefined) ?? [])] : [task]));

describe('plan -f ansible', () => {
  it('reads the secret from the environment in the one task that has no_log, and writes none', () => {
    const text = renderPlanAnsible(buildPlan(routed(), BUILDS));
    const plays = parse(text) as Play[];
    const [, migrate] = plays;
    assert.ok(migrate);
    assert.equal(migrate.serial, 1);
    const seeing = allTasks(migrate).filter((task) => JSON.stringify(task).includes("lookup('env'"));
    assert.equal(seeing.length, 1);
    for (const task of seeing) assert.equal(task.no_log, true, task.name);
    assert.doesNotMatch(text, /sha256:|"@[A-Za-z0-9+/]{8,}/);
    assert.equal(migrate.handlers?.length, 2);
  });

  it('becomes the user the scan became, only on that host, and reaches each host as the scan did', () => {
    const [setup] = parse(renderPlanAnsible(buildPlan(routed(), BUILDS))) as Play[];
    const add = setup?.tasks.find((task) => task['ansible.builtin.add_host'] !== undefined) as { loop: Record<string, unknown>[] } | undefined;
    assert.ok(add);
    const midEmea = add.loop.find((entry) => entry.name === 'mid-emea-1');
    assert.ok(midEmea);
    assert.equal(midEmea.ansible_become_user, 'neolane');
    assert.equal(midEmea.ansible_port, 22022);
    assert.match(String(midEmea.ansible_ssh_common_args), /-o UserKnownHostsFile=\/home\/ops\/\.ssh\/known_hosts -o StrictHostKeyChecking=yes -o 'ProxyCommand=ssh -p 22 .* -- ops@bastion'/);
    for (const entry of add.loop.filter((candidate) => candidate.name !== 'mid-emea-1')) assert.equal(entry.ansible_become, undefined);
  });

  it('adds no host the plan leaves to a person, and says so', () => {
    const text = renderPlanAnsible(buildPlan(result, BUILDS));
    const plays = parse(text) as Play[];
    assert.equal(plays.length, 1, 'no migration play without a routed host');
    assert.match(text, /mid-emea-1: the report does not say how to reach it/);
  });

  it('passes ansible-playbook --syntax-check', { skip: ansibleSkip(false) }, () => {
    const file = join(scratch, 'plan.yml');
    writeFileSync(file, renderPlanAnsible(buildPlan(routed(), BUILDS)));
    const run = spawnSync(ANSIBLE_PLAYBOOK, ['--syntax-check', file], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: scratch } });
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });
});
