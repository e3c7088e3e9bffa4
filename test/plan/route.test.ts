// The report records how each SSH host was reached (docs/reports.md, hosts[].route): resolved
// through ssh_config, jump hops included, paths only; and the saved-report schema checks it.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadSshConfig, type SshConfig } from '../../src/collect/ssh/config.js';
import { resolveTargets } from '../../src/collect/ssh/targets.js';
import { routeOf } from '../../src/cli/ssh-source.js';
import { reportSchema } from '../../src/contract/report.js';
import { demoResult } from '../helpers/demo.js';

const context = { home: '/home/alice', localUser: 'alice' };

describe('hosts[].route', () => {
  let dir: string;
  let sshConfig: SshConfig;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'route-'));
    const file = join(dir, 'config');
    await writeFile(file, ['Host mkt1', '  HostName 10.0.0.1', '  User cfguser', '  Port 2201', '  IdentityFile ~/.ssh/mkt_key', '  ProxyJump ops@bastion:2222', 'Host bastion', '  HostName bastion.example.com', '  IdentityFile ~/.ssh/bastion_key', ''].join('\n'));
    sshConfig = await loadSshConfig(file, context);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('is the resolved address, port, user, hops, become, keys and known_hosts: never the alias', () => {
    const [target] = resolveTargets({ specs: ['mkt1'], sshConfig, flags: { become: 'neolane', identity: '/keys/scan' }, tags: [], context });
    assert.ok(target);
    const route = routeOf(target, ['/home/alice/.ssh/known_hosts'], 'accept-new');
    assert.deepEqual(route, {
      address: '10.0.0.1',
      port: 2201,
      user: 'cfguser',
      jump: [{ address: 'bastion.example.com', port: 2222, user: 'ops', identityFiles: ['/home/alice/.ssh/bastion_key'] }],
      become: 'neolane',
      identityFiles: ['/keys/scan', '/home/alice/.ssh/mkt_key'],
      knownHosts: ['/home/alice/.ssh/known_hosts'],
      hostKeyPolicy: 'accept-new',
    });
  });

  it('a direct host has no jump, become or key entries', () => {
    const [target] = resolveTargets({ specs: ['root@127.0.0.1:22022'], sshConfig, flags: {}, tags: [], context });
    assert.ok(target);
    assert.deepEqual(routeOf(target, ['/kh'], 'strict'), { address: '127.0.0.1', port: 22022, user: 'root', knownHosts: ['/kh'], hostKeyPolicy: 'strict' });
  });

  it('a saved report with a route loads; a bad port or an unknown policy does not', async () => {
    const report = JSON.parse(JSON.stringify(await demoResult())) as { hosts: Record<string, unknown>[] };
    const host = report.hosts[0] as Record<string, unknown>;
    host.route = { address: '127.0.0.1', port: 22022, user: 'root', knownHosts: ['/kh'], hostKeyPolicy: 'strict' };
    assert.equal(reportSchema.safeParse(report).success, true);
    host.route = { address: '127.0.0.1', port: 0, user: 'root', knownHosts: ['/kh'], hostKeyPolicy: 'strict' };
    assert.equal(reportSchema.safeParse(report).success, false);
    host.route = { address: '127.0.0.1', port: 22, user: 'root', knownHosts: ['/kh'], hostKeyPolicy: 'yes' };
    assert.equal(reportSchema.safeParse(report).success, false);
  });
});
