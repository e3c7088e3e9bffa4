// Help and usage (issue #10): no command is a usage error (help on stderr, exit 2); asked-for help
// exits 0 and names each command's formats, taken from its registry.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { FORMAT_REGISTRIES } from './format-commands.js';

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

  for (const [command, registry] of Object.entries(FORMAT_REGISTRIES)) {
    it(`${command} --help lists exactly its formats, each with its summary on one line`, async () => {
      const run = await runCli([command, '--help'], { columns: 80 });
      assert.equal(run.code, 0);
      const names = Object.keys(registry);
      assert.ok(run.stdout.replace(/\s+/g, ' ').includes(`one of ${names.join(', ')};`), run.stdout);
      const block = run.stdout.slice(run.stdout.indexOf('\nFormats:\n') + '\nFormats:\n'.length).trimEnd().split('\n');
      assert.deepEqual(
        block.map((line) => /^ {2}(\S+) +(.+)$/.exec(line)?.slice(1)),
        names.map((name) => [name, registry[name]?.summary]),
      );
      for (const line of block) assert.ok(line.length <= 80, `wider than 80 columns: ${line}`);
    });
  }
});
