// YAML inputs are bounded: alias and merge bombs, unresolved aliases, too many tokens, deep
// nesting and huge mappings give one line and exit 2, quoting nothing of the file. Before, the
// bombs ended in "internal error" with a stack, an unresolved alias printed its name (which may
// be a secret), and a mapping of 30 000 keys took minutes (yaml's duplicate-key check is quadratic).
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InputError } from '../../src/errors.js';
import { MAX_YAML_TOKENS, parseYaml } from '../../src/inputs/yaml.js';
import { runMain } from '../helpers/cli-process.js';

const SECRET = 'ghp_Q9sEcReTtOkEn4711';

const ALIAS_BOMB = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...['b', 'c', 'd', 'e', 'f', 'g'].map((name, index, names) => `${name}: &${name} [${Array(9).fill(`*${index === 0 ? 'a' : names[index - 1]}`).join(',')}]`)].join('\n');
const MERGE_BOMB = 'a: &a {x: 1, y: 2}\nb: &b {<<: [*a,*a,*a,*a,*a,*a], z: 1}\nc: &c {<<: [*b,*b,*b,*b,*b,*b]}\nd: &d {<<: [*c,*c,*c,*c,*c,*c]}\ne: {<<: [*d,*d,*d,*d,*d,*d]}\n';

describe('YAML input bounds', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yaml-inputs-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const scanWith = async (flag: '--policy' | '--waivers' | '--inventory', text: string): Promise<{ code: number | null; stderr: string }> => {
    const file = join(dir, `input-${Math.random().toString(36).slice(2)}.yaml`);
    await writeFile(file, text);
    const args = flag === '--inventory' ? ['scan', '--inventory', file, '--no-progress'] : ['scan', '--dir', 'fixtures/demo', '--no-progress', flag, file];
    return runMain(args);
  };
  const assertOneLine = (run: { code: number | null; stderr: string }, pattern: RegExp): void => {
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr.trim(), pattern);
    assert.doesNotMatch(run.stderr, /internal error|\bat \S+:\d+|ReferenceError/);
  };

  for (const flag of ['--policy', '--waivers', '--inventory'] as const) {
    it(`${flag}: an alias bomb and a merge-key bomb are one line, exit 2`, async () => {
      assertOneLine(await scanWith(flag, ALIAS_BOMB), /line 1: not valid YAML \(aliases expand to more than 100 copies\)$/);
      assertOneLine(await scanWith(flag, MERGE_BOMB), /line 1: not valid YAML \(aliases expand to more than 100 copies\)$/);
    });
  }

  it('an unresolved alias names its line, not its name', async () => {
    const run = await scanWith('--policy', `cutoff: 2025-01-01\nfailOn: *${SECRET}\n`);
    assertOneLine(run, /line 2: not valid YAML \(an alias \(\*name\) refers to no anchor before it\)$/);
    assert.doesNotMatch(run.stderr, new RegExp(SECRET));
  });

  it('merge keys are not honoured, whatever the %YAML directive says', async () => {
    const run = await scanWith('--policy', '%YAML 1.1\n---\nbase: &b {failOn: none}\n<<: *b\n');
    // `base` is unknown, and so is `<<`, the one more problem: it was not merged.
    assertOneLine(run, /line 3: base is not a known key \(and 1 more problem\)$/);
  });

  it('syntax errors quote nothing of the file', async () => {
    for (const text of [`token: "${SECRET}\n`, `- ${SECRET}\n  x: [\n`, `a: !${SECRET} x\nb: {${SECRET}\n`, `%${SECRET}\n---\nwaivers: [\n`]) {
      const run = await scanWith('--waivers', text);
      assert.equal(run.code, 2, run.stderr);
      assert.doesNotMatch(run.stderr, new RegExp(SECRET), text);
    }
  });

  it('an indentation mistake is named as one, with its line; an unclosed quote or bracket as that', () => {
    const cases: [string, number, RegExp][] = [
      // A key indented less than its siblings inside a list item.
      ['hosts:\n  - name: a\n    address: x\n   port: 22\n', 4, /^bad indentation: a line is indented like a list item but has no "-"/],
      // A waiver's key back at the list's column.
      ['waivers:\n  - ruleId: x\n    host: y\n  reason: z\n', 4, /^bad indentation: the keys or "-" items of one level must start at the same column$/],
      ['hosts:\n- name: a\n  address: b\n - name: c\n', 4, /^bad indentation: the keys or "-" items of one level/],
      // A line indented further than the key above it, which already has a value.
      ['failOn: high\n  cutoff: 2025-01-01\n', 1, /^bad indentation: the next line is indented further than this one/],
      ['hosts:\n  - name: a\n     address: x\n', 2, /^bad indentation: the next line is indented further/],
      ['token: "abc\n', 2, /^a closing quote is missing$/], // found at the end of the file
      ['hosts: [a, b\n', 2, /closing bracket/], // found at the end of the file
    ];
    for (const [text, line, words] of cases) {
      assert.throws(
        () => parseYaml(text, { flag: '--inventory', file: 'hosts.yaml' }),
        (error: Error) => {
          const match = /^--inventory hosts\.yaml line (\d+): not valid YAML \((.*)\)$/.exec(error.message);
          assert.ok(match, error.message);
          assert.equal(Number(match[1]), line, `${JSON.stringify(text)}: ${error.message}`);
          assert.match(match[2] ?? '', words, JSON.stringify(text));
          return error instanceof InputError;
        },
      );
    }
  });

  it('too many tokens and deep nesting are refused before the document is built', async () => {
    assertOneLine(await scanWith('--inventory', `hosts: [${'a,'.repeat(MAX_YAML_TOKENS / 2)}a]\n`), /: more YAML than an input file may hold \(over 250,000 tokens\)$/);
    assertOneLine(await scanWith('--waivers', `waivers: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`), /line 1: not valid YAML \(nested too deeply\)$/);
    assertOneLine(await scanWith('--waivers', `waivers:\n${'- '.repeat(20_000)}x\n`), /line \d+: not valid YAML \(nested too deeply\)$/);
  });

  it('a mapping of 30 000 keys is checked for repeats in linear time', () => {
    const text = Array.from({ length: 30_000 }, (_, index) => `k${index}: 1`).join('\n');
    const started = Date.now();
    assert.equal(Object.keys(parseYaml(text, { flag: '--policy', file: 'big.yaml' }).data as object).length, 30_000);
    // Generous for a busy machine: linear parsing takes about a second; the quadratic check took minutes.
    assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
    assert.throws(() => parseYaml(`${text}\nk17: 2\n`, { flag: '--policy', file: 'big.yaml' }), (error: Error) => error instanceof InputError && error.message === '--policy big.yaml line 30001: not valid YAML (a mapping repeats a key)');
  });
});
