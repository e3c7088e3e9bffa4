// The rule registry: an explicit list, sorted by id. Rule ids are public (DESIGN.md §6): never
// rename one.
import type { Rule } from './define.js';
import buildBelowMinimum from './build/below-minimum.js';
import buildUnknown from './build/unknown.js';
import configUnreadable from './config/unreadable.js';
import fleetInstanceDrift from './fleet/instance-drift.js';
import jwtCredentialPresent from './jwt/credential-present.js';
import jwtLegacyPipelinedAuth from './jwt/legacy-pipelined-auth.js';
import oauthIncomplete from './oauth/incomplete.js';
import operatorsNativeApiEnabled from './operators/native-api-enabled.js';
import productV8 from './product/v8.js';
import secretsPlaintext from './secrets/plaintext.js';

export const RULES: readonly Rule[] = [
  buildBelowMinimum,
  buildUnknown,
  configUnreadable,
  fleetInstanceDrift,
  jwtCredentialPresent,
  jwtLegacyPipelinedAuth,
  oauthIncomplete,
  operatorsNativeApiEnabled,
  productV8,
  secretsPlaintext,
] as Rule[];

export const RULE_IDS = RULES.map((rule) => rule.id);

export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
