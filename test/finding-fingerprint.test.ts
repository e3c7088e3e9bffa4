// Finding fingerprints are a contract: waivers and baselines hold them. These values were
// computed before findingFingerprint took named fields, and must never change.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { findingFingerprint } from '../src/engine/evaluate.js';

it('keeps the fingerprint of a finding whatever the shape of its arguments', () => {
  assert.equal(findingFingerprint({ ruleId: 'jwt/credential-present', host: 'web1', instance: 'prod', file: 'conf/config-prod.xml', path: 'serverconf/shared/ims' }), '5c962f792b803dd9');
  assert.equal(findingFingerprint({ ruleId: 'build/unknown', host: 'web1', instance: null, file: null, path: null }), 'a33667292fa1b461');
  // The same value in another field is another finding.
  assert.equal(findingFingerprint({ ruleId: 'jwt/credential-present', host: 'web1', instance: null, file: 'conf/config-prod.xml', path: null }), '97dd2a259e6087ee');
  assert.notEqual(findingFingerprint({ ruleId: 'jwt/credential-present', host: 'web1', instance: null, file: null, path: 'conf/config-prod.xml' }), '97dd2a259e6087ee');
});
