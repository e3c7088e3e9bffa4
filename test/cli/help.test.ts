// Help and usage (issue #10): no command is a usage error (help on stderr, exit 2); asked-for help
// exits 0 and names the report formats.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTRACT_FORMATS } from '../../src/report/index.js';
import { runCli } from '../helpers/cli.js';

describe('help', () => {
  it('with no argument prints the help on stderr and exits 2', async () => {
    const run = await runCli([]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^Usage: campaign-audit /);
    assert.match(run.stderr, /\bscan\b/);
  });

  it('--help and `help` exit 0', async () => {
    assert.equal((await runCli(['--help'])).code, 0);
    assert.equal((await runCli(['help'])).code, 0);
  });

  for (const command of ['scan', 'demo', 'convert']) {
    it(`${command} --help lists every report format`, async () => {
      const run = await runCli([command, '--help']);
      assert.equal(run.code, 0);
      const text = run.stdout.replace(/\s+/g, ' ');
      assert.ok(text.includes(`one of ${CONTRACT_FORMATS.join(', ')}`), text);
    });
  }
});
