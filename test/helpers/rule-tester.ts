// RuleTester in the style of ESLint's: valid cases produce no finding, invalid ones produce
// exactly the listed findings (severity, host, instance, file, path; not prose).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate } from '../../src/evaluate.js';
import type { Policy, Severity } from '../../src/model.js';
import { defaultPolicy } from '../../src/policy.js';
import type { Rule } from '../../src/rules/define.js';
import { factsOf, type HostSpec } from './fixtures.js';

export interface RuleCase {
  name: string;
  hosts: HostSpec | HostSpec[];
  asOf?: string;
  policy?: Partial<Policy>;
}

export interface ExpectedFinding {
  severity: Severity;
  host?: string;
  instance?: string | null;
  file?: string | null;
  path?: string | null;
  /** A fragment the rendered message must contain (placeholders filled, no `{`). */
  messageIncludes?: string;
}

export interface InvalidRuleCase extends RuleCase {
  findings: ExpectedFinding[];
}

function run(rule: Rule, testCase: RuleCase) {
  const specs = Array.isArray(testCase.hosts) ? testCase.hosts : [testCase.hosts];
  const facts = specs.map((spec, index) => factsOf({ name: spec.name ?? `host-${index + 1}`, ...spec }));
  const policy = { ...defaultPolicy(), ...testCase.policy };
  return evaluate(facts, { policy, asOf: testCase.asOf ?? '2026-11-27', rules: [rule] });
}

export function testRule(rule: Rule, cases: { valid: RuleCase[]; invalid: InvalidRuleCase[] }): void {
  describe(rule.id, () => {
    for (const testCase of cases.valid) {
      it(`valid: ${testCase.name}`, () => {
        assert.deepEqual(run(rule, testCase).map((finding) => `${finding.ruleId} ${finding.message}`), []);
      });
    }
    for (const testCase of cases.invalid) {
      it(`invalid: ${testCase.name}`, () => {
        const findings = run(rule, testCase);
        assert.equal(findings.length, testCase.findings.length, `findings: ${JSON.stringify(findings, null, 1)}`);
        testCase.findings.forEach((expected, index) => {
          const actual = findings[index];
          assert.ok(actual);
          assert.equal(actual.ruleId, rule.id);
          assert.equal(actual.severity, expected.severity, 'severity');
          if (expected.host !== undefined) assert.equal(actual.host, expected.host, 'host');
          if (expected.instance !== undefined) assert.equal(actual.instance, expected.instance, 'instance');
          if (expected.file !== undefined) assert.equal(actual.file, expected.file, 'file');
          if (expected.path !== undefined) assert.equal(actual.path, expected.path, 'path');
          if (expected.messageIncludes !== undefined) assert.ok(actual.message.includes(expected.messageIncludes), actual.message);
          assert.doesNotMatch(actual.message, /\{\w+\}/, 'every placeholder filled');
          assert.match(actual.fingerprint, /^[0-9a-f]{16}$/);
        });
      });
    }
  });
}
