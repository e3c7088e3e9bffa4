// Planning at scale: a hostile server once reported 250k instances, and planning that filtered
// every finding for each instance took minutes. This checks the plan of 5,000 instances is right
// instance by instance; its speed is measured by `npm run bench:plan` (a ratio against a small
// plan timed in the same run), not asserted here: a timed test fails on a busy machine.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPlan } from '../../src/plan/build.js';
import { BUILDS } from '../helpers/fixtures.js';
import { planFleet } from '../helpers/plan-fleet.js';

describe('buildPlan at scale', () => {
  it('plans 5,000 instances with four findings each, each with only its own findings', () => {
    const large = planFleet(5000);
    const plan = buildPlan(large, BUILDS);
    assert.equal(plan.instances.length, 5000);
    for (const instance of plan.instances) {
      assert.deepEqual(instance.hosts.map((host) => host.name), ['h0']);
      // Its own four findings and its host's build finding, none of another instance's.
      assert.deepEqual(instance.findings, { 'build/below-minimum': 1, 'jwt/credential-present': 1, 'oauth/incomplete': 1, 'operators/native-api-enabled': 1, 'secrets/plaintext': 1 });
      assert.deepEqual(instance.steps.find((step) => step.id === 'cleanup')?.notes.length, 3, 'one cleanup item, its own JWT key');
    }
  });
});
