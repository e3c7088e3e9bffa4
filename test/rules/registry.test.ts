// Adding a rule touches three new files (rule, test, doc) and one registry line (STYLE.md).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { RULE_IDS } from '../../src/model.js';
import { RULES } from '../../src/rules/index.js';

const root = new URL('../../', import.meta.url);

describe('rule registry', () => {
  it('holds exactly the rule ids of the contract (DESIGN.md §6), sorted', () => {
    const ids = RULES.map((rule) => rule.id);
    assert.deepEqual(ids, [
      'build/below-minimum',
      'build/not-in-table',
      'build/security-fix-missing',
      'build/unknown',
      'config/unreadable',
      'fleet/instance-drift',
      'jwt/credential-present',
      'jwt/legacy-pipelined-auth',
      'oauth/incomplete',
      'operators/native-api-enabled',
      'product/v8',
      'secrets/plaintext',
    ]);
    assert.deepEqual(ids, [...ids].sort());
    assert.deepEqual(ids, RULE_IDS, 'the registry holds RULE_IDS, in its order');
  });

  it('has the contract default severities', () => {
    assert.deepEqual(Object.fromEntries(RULES.map((rule) => [rule.id, rule.meta.severity])), {
      'build/below-minimum': 'high',
      'build/not-in-table': 'info',
      'build/security-fix-missing': 'high',
      'build/unknown': 'medium',
      'config/unreadable': 'high',
      'fleet/instance-drift': 'high',
      'jwt/credential-present': 'high',
      'jwt/legacy-pipelined-auth': 'high',
      'oauth/incomplete': 'high',
      'operators/native-api-enabled': 'medium',
      'product/v8': 'info',
      'secrets/plaintext': 'high',
    });
  });

  for (const rule of RULES) {
    it(`${rule.id} has its source file, a test and a doc page that names it`, () => {
      assert.ok(existsSync(new URL(`src/rules/${rule.id}.ts`, root)), 'rule file at src/rules/<id>.ts');
      assert.ok(existsSync(new URL(`test/rules/${rule.id}.test.ts`, root)), 'test file');
      const doc = new URL(`docs/rules/${rule.id}.md`, root);
      assert.ok(existsSync(doc), 'doc page');
      assert.match(readFileSync(doc, 'utf8'), new RegExp(`^# ${rule.id.replace('/', '\\/')}\\n`));
      assert.match(readFileSync(new URL('docs/rules/README.md', root), 'utf8'), new RegExp(rule.id.replace('/', '\\/')));
    });
  }
});
