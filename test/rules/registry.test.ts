// Adding a rule touches three new files (rule, test, doc) and one registry line
// (src/rules/define.ts), and its metadata says the rest: category, what it requires, its plan
// role, its page.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { rulesJson } from '../../src/cli/rules-command.js';
import { RULE_IDS } from '../../src/model.js';
import { isFleetRule, RULE_CATEGORIES, RULE_REQUIREMENTS } from '../../src/rules/define.js';
import { RULES } from '../../src/rules/index.js';

const root = new URL('../../', import.meta.url);

describe('rule registry', () => {
  it('holds exactly the public rule ids (RULE_IDS), sorted', () => {
    const ids = RULES.map((rule) => rule.id);
    assert.deepEqual(ids, [
      'build/below-minimum',
      'build/not-in-table',
      'build/security-fix-missing',
      'build/unknown',
      'config/unreadable',
      'exec/unrestricted',
      'fleet/instance-drift',
      'jwt/credential-present',
      'jwt/legacy-pipelined-auth',
      'mta/tls-disabled',
      'oauth/incomplete',
      'operators/console-management-open',
      'operators/native-api-enabled',
      'product/v8',
      'secrets/plaintext',
      'sessions/ip-not-checked',
      'sessions/timeout-long',
      'uploads/allowlist-open',
      'urls/permission-not-blocking',
      'web/webform-ctx-enabled',
      'zones/proxy-spoofable',
      'zones/public-rights',
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
      'exec/unrestricted': 'medium',
      'fleet/instance-drift': 'high',
      'jwt/credential-present': 'high',
      'jwt/legacy-pipelined-auth': 'high',
      'mta/tls-disabled': 'medium',
      'oauth/incomplete': 'high',
      'operators/console-management-open': 'low',
      'operators/native-api-enabled': 'medium',
      'product/v8': 'info',
      'secrets/plaintext': 'high',
      'sessions/ip-not-checked': 'medium',
      'sessions/timeout-long': 'low',
      'uploads/allowlist-open': 'high',
      'urls/permission-not-blocking': 'medium',
      'web/webform-ctx-enabled': 'high',
      'zones/proxy-spoofable': 'medium',
      'zones/public-rights': 'high',
    });
  });

  it('puts every rule in a category of RULE_CATEGORIES, whatever its id says', () => {
    assert.deepEqual(RULE_CATEGORIES, ['migration', 'security', 'hardening']);
    assert.deepEqual(Object.fromEntries(RULES.map((rule) => [rule.id, rule.meta.category])), {
      'build/below-minimum': 'migration',
      'build/not-in-table': 'security',
      'build/security-fix-missing': 'security',
      'build/unknown': 'migration',
      'config/unreadable': 'migration',
      'exec/unrestricted': 'hardening',
      'fleet/instance-drift': 'migration',
      'jwt/credential-present': 'migration',
      'jwt/legacy-pipelined-auth': 'migration',
      'mta/tls-disabled': 'hardening',
      'oauth/incomplete': 'migration',
      'operators/console-management-open': 'hardening',
      'operators/native-api-enabled': 'security',
      'product/v8': 'migration',
      'secrets/plaintext': 'security',
      'sessions/ip-not-checked': 'hardening',
      'sessions/timeout-long': 'hardening',
      'uploads/allowlist-open': 'hardening',
      'urls/permission-not-blocking': 'hardening',
      'web/webform-ctx-enabled': 'hardening',
      'zones/proxy-spoofable': 'hardening',
      'zones/public-rights': 'hardening',
    });
    for (const rule of RULES) assert.ok((RULE_CATEGORIES as readonly string[]).includes(rule.meta.category), rule.id);
  });

  it('says what each rule requires: the banner (version), the configuration (config) or the other hosts (fleet)', () => {
    assert.deepEqual(Object.fromEntries(RULES.map((rule) => [rule.id, rule.meta.requires])), {
      'build/below-minimum': 'version',
      'build/not-in-table': 'version',
      'build/security-fix-missing': 'version',
      'build/unknown': 'version',
      'config/unreadable': 'config',
      'exec/unrestricted': 'config',
      'fleet/instance-drift': 'fleet',
      'jwt/credential-present': 'config',
      'jwt/legacy-pipelined-auth': 'config',
      'mta/tls-disabled': 'config',
      'oauth/incomplete': 'config',
      'operators/console-management-open': 'config',
      'operators/native-api-enabled': 'config',
      'product/v8': 'version',
      'secrets/plaintext': 'config',
      'sessions/ip-not-checked': 'config',
      'sessions/timeout-long': 'config',
      'uploads/allowlist-open': 'config',
      'urls/permission-not-blocking': 'config',
      'web/webform-ctx-enabled': 'config',
      'zones/proxy-spoofable': 'config',
      'zones/public-rights': 'config',
    });
    for (const rule of RULES) {
      assert.ok((RULE_REQUIREMENTS as readonly string[]).includes(rule.meta.requires), rule.id);
      assert.equal(isFleetRule(rule), rule.meta.requires === 'fleet', `${rule.id}: a fleet rule is one that requires 'fleet'`);
    }
  });

  it('keeps what a rule is in its meta: no rule has a `scope` or `reads` any more, and nothing in src/ reads one', () => {
    for (const rule of RULES) {
      assert.deepEqual(Object.keys(rule).sort(), ['check', 'id', 'meta'], rule.id);
      assert.deepEqual(Object.keys(rule.meta).filter((key) => key === 'scope' || key === 'reads'), [], rule.id);
    }
    const readers = sourceFiles(new URL('src/', root)).filter((file) => /\.(scope|reads)\b|^\s*(scope|reads)\??:/m.test(readFileSync(file, 'utf8')));
    assert.deepEqual(readers.map((file) => file.pathname.slice(root.pathname.length)), []);
  });

  it('gives each rule its plan role: only the JWT rules leave work for the plan', () => {
    assert.deepEqual(Object.fromEntries(RULES.filter((rule) => rule.meta.plan !== 'none').map((rule) => [rule.id, rule.meta.plan])), {
      'jwt/credential-present': 'jwt',
      'jwt/legacy-pipelined-auth': 'pipelined',
    });
  });

  it('prints the metadata with `rules --json`: the keys it always had, then category, requires and docs', () => {
    const json = JSON.parse(rulesJson()) as Record<string, unknown>[];
    assert.deepEqual(json.map((entry) => Object.keys(entry)), RULES.map(() => ['id', 'severity', 'summary', 'remediation', 'category', 'requires', 'docs']));
    assert.deepEqual(json.find((entry) => entry.id === 'secrets/plaintext'), {
      id: 'secrets/plaintext',
      severity: 'high',
      summary: 'A secret attribute is stored in clear text instead of Campaign\'s encrypted "@…" form',
      remediation: RULES.find((rule) => rule.id === 'secrets/plaintext')?.meta.remediation,
      category: 'security',
      requires: 'config',
      docs: { url: 'docs/rules/secrets/plaintext.md' },
    });
  });

  for (const rule of RULES) {
    it(`${rule.id} has its source file, a test and a doc page that names it`, () => {
      assert.ok(existsSync(new URL(`src/rules/${rule.id}.ts`, root)), 'rule file at src/rules/<id>.ts');
      assert.ok(existsSync(new URL(`test/rules/${rule.id}.test.ts`, root)), 'test file');
      assert.equal(rule.meta.docs.url, `docs/rules/${rule.id}.md`, 'meta.docs.url is the page');
      const doc = new URL(rule.meta.docs.url, root);
      assert.ok(existsSync(doc), 'doc page');
      assert.match(readFileSync(doc, 'utf8'), new RegExp(`^# ${rule.id.replace('/', '\\/')}\\n`));
      assert.match(readFileSync(new URL('docs/rules/README.md', root), 'utf8'), new RegExp(rule.id.replace('/', '\\/')));
    });
  }
});

/** Every .ts file under `dir`. */
function sourceFiles(dir: URL): URL[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(new URL(`${entry.name}/`, dir)) : entry.name.endsWith('.ts') ? [new URL(entry.name, dir)] : [],
  );
}
