// The one adapter from a zod issue to an input error (src/inputs/issues.ts): one style for every
// input kind, the key path and row label printable and bounded, no value of the file quoted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as z from 'zod';
import { InputError } from '../../src/errors.js';
import { checkInput, fileError, inputError, keyPath, parseInput } from '../../src/inputs/issues.js';

const source = { flag: '--policy', file: 'policy.yaml' };
const messageOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof InputError);
    return error.message;
  }
  return assert.fail('no InputError');
};

describe('input errors', () => {
  it('formats key paths as JavaScript would write them, each key printable and bounded', () => {
    assert.equal(keyPath(['hosts', 0, 'status']), 'hosts[0].status');
    assert.equal(keyPath([2, 'host', 'name']), '[2].host.name');
    assert.equal(keyPath([]), '');
    assert.equal(keyPath(['data', 'a\u001b[31m\u0007\nb\u202e']), 'data.a?[31m??b?');
    const long = keyPath(['x'.repeat(10_000)]);
    assert.equal(long.length, 64);
    assert.ok(long.endsWith('…'));
  });

  it('says "<flag> <file>[ line N]: <key path> <problem>", with the line when the source knows it', () => {
    const schema = z.object({ cutoff: z.string({ error: 'must be a date' }) });
    assert.equal(messageOf(() => parseInput(source, schema, { cutoff: 3 })), '--policy policy.yaml: cutoff must be a date');
    assert.equal(messageOf(() => parseInput({ ...source, lineOf: (path) => path.length + 6 }, schema, { cutoff: 3 })), '--policy policy.yaml line 7: cutoff must be a date');
    assert.equal(messageOf(() => parseInput(source, schema, {})), '--policy policy.yaml: cutoff is missing');
    assert.equal(messageOf(() => parseInput(source, schema, 'text')), '--policy policy.yaml: the file is not a mapping');
    assert.equal(fileError({ flag: 'plan', file: 'a\nb.json' }, 'not valid JSON').message, 'plan a?b.json: not valid JSON');
  });

  it('puts an unknown key first, on the key itself, and counts the other problems', () => {
    const schema = z.strictObject({ hosts: z.array(z.string()) });
    const lines: [readonly (string | number)[], boolean][] = [];
    const message = messageOf(() => parseInput({ ...source, lineOf: (path, onKey) => (lines.push([path, onKey]), 1) }, schema, { host: ['a'] }));
    assert.equal(message, '--policy policy.yaml line 1: host is not a known key (and 1 more problem)');
    assert.deepEqual(lines, [[['host'], true]]);
  });

  it('names a row by its label, and makes the label printable', () => {
    const schema = z.object({ rows: z.array(z.object({ id: z.string(), date: z.string({ error: 'must be a date' }) })) });
    const value = { rows: [{ id: 'ok', date: '2027-01-01' }, { id: 'row\u001b[2J', date: 7 }] };
    const rowLabel = (row: unknown): string | null => (row as { id?: string }).id ?? null;
    assert.equal(messageOf(() => parseInput(source, schema, value, { rowLabel })), '--policy policy.yaml: rows[1].date (row?[2J) must be a date');
    assert.equal(messageOf(() => parseInput(source, schema.shape.rows, value.rows, { at: ['rows'], rowLabel })), '--policy policy.yaml: rows[1].date (row?[2J) must be a date');
  });

  it('words what a schema leaves to zod without quoting the value', () => {
    const schema = z.object({ list: z.array(z.number()).max(2), count: z.number(), level: z.enum(['low', 'high']) });
    const checked = checkInput(schema, { list: [1, 2, 3], count: 'SECRET-VALUE', level: 'SECRET-VALUE' });
    assert.ok(!checked.ok);
    assert.deepEqual(checked.problems.map((problem) => [keyPath(problem.path), problem.problem]), [['list', 'has more than 2 items'], ['count', 'is not a number'], ['level', 'is not one of low, high']]);
  });

  it('gives one line for a problem found after the schema, in the same style', () => {
    assert.equal(inputError(source, [{ path: ['builds', 1], problem: 'repeats builds[0]' }], { value: { builds: [{ build: 9403 }, { build: 9403 }] }, rowLabel: (row) => `build ${String((row as { build: number }).build)}` }).message, '--policy policy.yaml: builds[1] (build 9403) repeats builds[0]');
  });
});
