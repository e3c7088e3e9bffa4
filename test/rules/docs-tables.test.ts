// The rule tables of README.md and docs/rules/README.md are written from the registry by
// scripts/rules-docs.ts (`npm run docs:rules`): a new rule, or a changed summary, severity or
// category, cannot be left out of them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RULE_TABLE_FILES, ruleTable, TABLE_END, TABLE_START, withRuleTable } from '../../scripts/rules-docs.js';
import { RULES } from '../../src/rules/index.js';
import { ROOT } from '../helpers/cli-process.js';

describe('rule tables in the docs', () => {
  for (const file of RULE_TABLE_FILES) {
    it(`${file} holds the table the script writes (run \`npm run docs:rules\` if not)`, () => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      assert.equal(text, withRuleTable(text, file));
    });
  }

  it('has one row per rule, in registry order, with its link, category, severity (and when it changes), products and summary', () => {
    const rows = ruleTable('docs/rules/README.md').split('\n').slice(2);
    assert.equal(rows.length, RULES.length);
    assert.deepEqual(
      rows.map((row) => row.match(/^\| \[([^\]]+)\]\(([^)]+)\) \|/)?.slice(1)),
      RULES.map((rule) => [rule.id, `${rule.id}.md`]),
    );
    assert.equal(rows[0], '| [build/below-minimum](build/below-minimum.md) | migration | high; critical when the host has a JWT instance and the cutoff has passed | v7 | The Campaign Classic build is older than the minimum (7.4.1, build 9383) |');
    assert.match(ruleTable('README.md'), /^\| \[secrets\/plaintext\]\(docs\/rules\/secrets\/plaintext\.md\) \| security \| high \| v7, v8 \| /m);
  });

  it('leaves the prose around the markers alone, and refuses a file without them', () => {
    const text = `intro\n${TABLE_START}\nstale table\n${TABLE_END}\noutro\n`;
    assert.equal(withRuleTable(text, 'README.md'), `intro\n${TABLE_START}\n${ruleTable('README.md')}\n${TABLE_END}\noutro\n`);
    assert.throws(() => withRuleTable('no markers\n', 'README.md'), /README\.md: expected one/);
    assert.throws(() => withRuleTable(`${TABLE_END}\n${TABLE_START}\n`, 'README.md'), /expected one/);
    assert.throws(() => withRuleTable(`${TABLE_START}\n${TABLE_END}\n${TABLE_START}\n${TABLE_END}\n`, 'README.md'), /expected one/);
  });
});
