// scan --dry-run: every host resolved as the scan would, what would run on each, and the script
// byte for byte; and nothing else: no connection (a listening socket stands in for the host and
// counts what reaches it), no known_hosts entry under accept-new, no report file, no key file.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { COLLECTOR_SCRIPT } from '../../src/collect/script.js';
import { runMain } from '../helpers/cli-process.js';

describe('scan --dry-run', () => {
  let dir: string;
  let server: Server;
  let port = 0;
  let connections = 0;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campaign-audit-dry-run-'));
    server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
    await writeFile(join(dir, 'id_test'), 'not read by a dry run\n');
    await writeFile(
      join(dir, 'hosts.yaml'),
      [
        'defaults:',
        '  user: neolane',
        '  installDir: /usr/local/neolane/nl6',
        `  identityFile: ${join(dir, 'id_test')}`,
        `  port: ${port}`,
        'hosts:',
        '  - name: mkt-prod-1',
        '    address: 127.0.0.1',
        '  - name: mkt-prod-2',
        '    address: 127.0.0.1',
        `    jump: ops@127.0.0.1:${port}`,
        '    become: neolane',
        '',
      ].join('\n'),
    );
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('prints each host route and command, then the script byte for byte, and contacts no host', async () => {
    const knownHosts = join(dir, 'known_hosts');
    await writeFile(knownHosts, '');
    const report = join(dir, 'report.json');
    const run = await runMain(['scan', '-i', join(dir, 'hosts.yaml'), '--known-hosts', knownHosts, '--ssh-config', 'none', '--host-key-policy', 'accept-new', '--dry-run', '-f', `json=${report}`]);
    assert.equal(run.code, 0, run.stderr);
    const [text, script] = run.stdout.split('--- script ---\n');
    assert.ok(text !== undefined && script !== undefined, run.stdout);
    assert.match(text, /^campaign-audit scan --dry-run of 2 hosts: nothing is contacted or written\.\n/);
    assert.ok(text.includes(`mkt-prod-1\n  login: neolane@127.0.0.1:${port}\n  keys: ${join(dir, 'id_test')}\n  host key: checked against ${knownHosts} (accept-new)\n  runs: exec sh -s -- '/usr/local/neolane/nl6' 'MARKER' '5242881'\n`), text);
    assert.ok(text.includes(`  through: ops@127.0.0.1:${port}`), text);
    assert.ok(text.includes(`  runs: exec sudo -n -u 'neolane' sh -s -- '/usr/local/neolane/nl6' 'MARKER' '5242881'\n`), text);
    assert.equal(script, `${COLLECTOR_SCRIPT}--- end of script ---\n`);
    assert.ok(text.includes(`sha256:${createHash('sha256').update(COLLECTOR_SCRIPT).digest('hex')}\n`));
    // Give a stray connection the time to arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(connections, 0, 'no connection reached the host');
    assert.equal(await readFile(knownHosts, 'utf8'), '', 'accept-new recorded nothing');
    assert.equal(existsSync(report), false, 'no report written');
  });

  it('names ssh-agent among the keys only when SSH_AUTH_SOCK is set, as the scan would use it', async () => {
    await writeFile(join(dir, 'known_hosts_agent'), '');
    const run = await runMain(['scan', '-i', join(dir, 'hosts.yaml'), '--known-hosts', join(dir, 'known_hosts_agent'), '--ssh-config', 'none', '--dry-run'], { SSH_AUTH_SOCK: join(dir, 'agent.sock') });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.includes(`  keys: ${join(dir, 'id_test')}; then ssh-agent (SSH_AUTH_SOCK)\n`), run.stdout);
  });

  it('checks the scan inputs first: a bad inventory is exit 2, as for a scan', async () => {
    await writeFile(join(dir, 'bad.yaml'), 'hosts:\n  - name: x\n');
    const run = await runMain(['scan', '-i', join(dir, 'bad.yaml'), '--ssh-config', 'none', '--dry-run']);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
  });

  it('--dir: lists the folders it would read, and runs nothing', async () => {
    const run = await runMain(['scan', '--dir', 'fixtures/demo', '--dry-run']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^campaign-audit scan --dry-run of 13 hosts/);
    assert.ok(run.stdout.includes('mkt-prod-1\n  reads fixtures/demo/mkt-prod-1/\n'), run.stdout);
    assert.doesNotMatch(run.stdout, /--- script ---/);
  });

  it('--local: the command it would run on this machine, then the script', async () => {
    const run = await runMain(['scan', '--local', '--install-dir', '/opt/neolane/nl6', '--dry-run']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, / \(this machine\)\n {2}runs: sh -s -- '\/opt\/neolane\/nl6' 'MARKER' '5242881'\n/);
    assert.ok(run.stdout.endsWith(`--- script ---\n${COLLECTOR_SCRIPT}--- end of script ---\n`));
  });

  it('--evidence: refused in one line, since it runs nothing anywhere', async () => {
    const run = await runMain(['scan', '--evidence', dir, '--dry-run']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^campaign-audit: --dry-run shows what a scan would run on hosts; --evidence reads saved snapshots and runs nothing\n$/);
  });
});
