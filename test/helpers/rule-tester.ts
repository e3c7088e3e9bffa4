// RuleTester in the style of ESLint's: valid cases produce no finding, invalid ones produce
// exactly the listed findings, judged on what a program reads (rule id, messageId, data,
// severity, host, instance, file, path), never on the prose. The prose is checked only for
// being complete: every placeholder filled. Each rule is also held to its `meta.requires`: a
// rule that requires only the `version` finds the same findings (by fingerprint) on a host
// whose configuration could not be collected (status `error`, no files, no instances) but
// whose banner was read; any other rule finds nothing on a host with status `error`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate } from '../../src/engine/evaluate.js';
import { RULE_CATEGORIES, type Finding, type HostFacts, type MessageData, type Policy, type RuleId, type Severity } from '../../src/model.js';
import type { Rule } from '../../src/rules/define.js';
import { factsOf, POLICY, type HostSpec } from './fixtures.js';

export interface RuleCase {
  name: string;
  hosts: HostSpec | HostSpec[];
  asOf?: string;
  policy?: Partial<Policy>;
}

export interface ExpectedFinding<M extends string = string> {
  messageId: M;
  severity: Severity;
  /** The finding's data, compared whole. Each messageId must be checked with its data in at least one case. */
  data?: MessageData;
  host?: string;
  instance?: string | null;
  file?: string | null;
  path?: string | null;
}

export interface InvalidRuleCase<M extends string = string> extends RuleCase {
  findings: ExpectedFinding<M>[];
}

function factsOfCase(testCase: RuleCase): HostFacts[] {
  const specs = Array.isArray(testCase.hosts) ? testCase.hosts : [testCase.hosts];
  return specs.map((spec, index) => factsOf({ name: spec.name ?? `host-${index + 1}`, ...spec }));
}

function run(rule: Rule, testCase: RuleCase, adjust: (host: HostFacts) => HostFacts = (host) => host): Finding[] {
  const facts = factsOfCase(testCase).map(adjust);
  // Every category runs here, hardening (opt-in in a scan) included: the case chooses the rule.
  const policy = { ...POLICY, checks: RULE_CATEGORIES, ...testCase.policy };
  return evaluate(facts, { policy, asOf: testCase.asOf ?? '2026-11-27', rules: [rule] });
}

/** What a finding says to a program, for a readable diff when a case fails. */
function summary(finding: Finding): Record<string, unknown> {
  const { ruleId, messageId, data, severity, host, instance, file, path } = finding;
  return { ruleId, messageId, data, severity, host, instance, file, path };
}

export function testRule<Id extends RuleId, M extends string>(rule: Rule<Id, M>, cases: { valid: RuleCase[]; invalid: InvalidRuleCase<NoInfer<M>>[] }): void {
  describe(rule.id, () => {
    for (const testCase of cases.valid) {
      it(`valid: ${testCase.name}`, () => {
        assert.deepEqual(run(rule, testCase).map(summary), []);
      });
    }
    for (const testCase of cases.invalid) {
      it(`invalid: ${testCase.name}`, () => {
        const findings = run(rule, testCase);
        assert.equal(findings.length, testCase.findings.length, `findings: ${JSON.stringify(findings.map(summary), null, 1)}`);
        testCase.findings.forEach((expected, index) => {
          const actual = findings[index];
          assert.ok(actual);
          assert.equal(actual.ruleId, rule.id);
          assert.equal(actual.messageId, expected.messageId, 'messageId');
          assert.equal(actual.severity, expected.severity, 'severity');
          if (expected.data !== undefined) assert.deepEqual(actual.data, expected.data, 'data');
          if (expected.host !== undefined) assert.equal(actual.host, expected.host, 'host');
          if (expected.instance !== undefined) assert.equal(actual.instance, expected.instance, 'instance');
          if (expected.file !== undefined) assert.equal(actual.file, expected.file, 'file');
          if (expected.path !== undefined) assert.equal(actual.path, expected.path, 'path');
          assert.doesNotMatch(actual.message, /\{\w+\}/, 'every placeholder filled');
          assert.match(actual.fingerprint, /^[0-9a-f]{16}$/);
        });
      });
    }
    it(`judges a host without its configuration as it requires (${rule.meta.requires})`, () => {
      const failed = (host: HostFacts): HostFacts => ({ ...host, status: 'error', error: 'no serverConf.xml or config-*.xml in conf/' });
      const bannerOnly = (host: HostFacts): HostFacts => ({ ...failed(host), files: [], instances: [] });
      for (const testCase of cases.invalid) {
        if (rule.meta.requires === 'version') {
          const withBanner = new Set(factsOfCase(testCase).filter((host) => host.version !== null).map((host) => host.name));
          const expected = run(rule, testCase).filter((finding) => withBanner.has(finding.host));
          assert.deepEqual(run(rule, testCase, bannerOnly).map((finding) => finding.fingerprint), expected.map((finding) => finding.fingerprint), testCase.name);
        } else {
          assert.deepEqual(run(rule, testCase, failed).map(summary), [], testCase.name);
        }
      }
    });
    it('checks every message of the rule with its data', () => {
      const checked = new Set(cases.invalid.flatMap((testCase) => testCase.findings.filter((expected) => expected.data !== undefined).map((expected) => expected.messageId)));
      assert.deepEqual([...checked].sort(), Object.keys(rule.meta.messages).sort());
    });
  });
}
