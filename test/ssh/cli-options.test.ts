// SSH flags and sources on the command line: bad input is one line on stderr and exit 2.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runMain } from '../helpers/cli-process.js';

describe('scan: SSH options', () => {
  let dir: string;
  let inventory: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-ssh-'));
    inventory = join(dir, 'hosts.yaml');
    await writeFile(inventory, 'hosts:\n  - address: 127.0.0.1\n    tags: [prod]\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const cases: [string, string[], RegExp][] = [
    ['inventory with --dir', ['--inventory', 'x.yaml', '--dir', '.'], /^campaign-audit: --dir cannot be combined with SSH targets\/--inventory\n$/],
    ['target with --local', ['mkt1', '--local'], /^campaign-audit: --local cannot be combined with SSH targets\/--inventory\n$/],
    ['inventory with --evidence', ['-i', 'x.yaml', '--evidence', '.'], /^campaign-audit: --evidence cannot be combined with SSH targets\/--inventory\n$/],
    ['missing inventory', ['-i', '/nonexistent/hosts.yaml'], /^campaign-audit: --inventory \/nonexistent\/hosts\.yaml: no such file\n$/],
    ['--tag without inventory', ['mkt1', '--tag', 'prod'], /^campaign-audit: --tag selects inventory hosts; give --inventory FILE\n$/],
    ['bad port', ['mkt1', '--port', '0'], /"0" is not a port/],
    ['bad policy', ['mkt1', '--host-key-policy', 'no'], /"no" is not a host key policy/],
    ['bad env name', ['mkt1', '--passphrase-env', 'MY-VAR'], /"MY-VAR" is not an environment variable name/],
    ['bad connect timeout', ['mkt1', '--connect-timeout', '0'], /"0" is not a number of seconds/],
    ['bad target', ['mkt1:http'], /^campaign-audit: target "mkt1:http": port must be a number from 1 to 65535\n$/],
    ['bad jump', ['mkt1', '--jump', 'bastion:'], /^campaign-audit: the jump host \(ProxyJump\) of mkt1: port must be/],
    ['missing ssh config', ['mkt1', '--ssh-config', '/nonexistent/config'], /^campaign-audit: ssh config \/nonexistent\/config: no such file\n$/],
  ];
  for (const [what, args, pattern] of cases) {
    it(`exits 2: ${what}`, async () => {
      const run = await runMain(['scan', ...args]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, pattern);
      assert.equal(run.stdout, '');
    });
  }

  it('exits 2 when no inventory host has the tag', async () => {
    const run = await runMain(['scan', '-i', inventory, '--tag', 'stage', '--tag', 'dev']);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, `campaign-audit: no host in ${inventory} has tag "stage" or "dev"\n`);
  });

  it('lists the SSH flags in --help', async () => {
    const run = await runMain(['scan', '--help']);
    for (const flag of ['--inventory', '--connect-timeout', '--known-hosts', '--host-key-policy', '--ssh-config', '--identity', '--user', '--port', '--jump', '--become', '--tag', '--passphrase-env']) {
      assert.ok(run.stdout.includes(flag), flag);
    }
  });
});
