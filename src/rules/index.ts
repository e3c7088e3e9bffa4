// The rule registry: an explicit list, sorted by id. Rule ids are public
// (docs/architecture.md#rules): never rename one. The ids themselves are declared once in RULE_IDS
// (src/model.ts); the checks below make the compiler refuse a registry that holds a rule not listed
// there, or misses one that is.
import type { RuleId } from '../model.js';
import type { Rule } from './define.js';
import buildBelowMinimum from './build/below-minimum.js';
import buildNotInTable from './build/not-in-table.js';
import buildSecurityFixMissing from './build/security-fix-missing.js';
import buildUnknown from './build/unknown.js';
import configUnreadable from './config/unreadable.js';
import execUnrestricted from './exec/unrestricted.js';
import fleetInstanceDrift from './fleet/instance-drift.js';
import jwtCredentialPresent from './jwt/credential-present.js';
import jwtLegacyPipelinedAuth from './jwt/legacy-pipelined-auth.js';
import mtaTlsDisabled from './mta/tls-disabled.js';
import oauthIncomplete from './oauth/incomplete.js';
import operatorsConsoleManagementOpen from './operators/console-management-open.js';
import operatorsNativeApiEnabled from './operators/native-api-enabled.js';
import productV8 from './product/v8.js';
import secretsPlaintext from './secrets/plaintext.js';
import sessionsIpNotChecked from './sessions/ip-not-checked.js';
import sessionsTimeoutLong from './sessions/timeout-long.js';
import uploadsAllowlistOpen from './uploads/allowlist-open.js';
import urlsPermissionNotBlocking from './urls/permission-not-blocking.js';
import webWebformCtxEnabled from './web/webform-ctx-enabled.js';
import zonesProxySpoofable from './zones/proxy-spoofable.js';
import zonesPublicRights from './zones/public-rights.js';

export const RULES = [
  buildBelowMinimum,
  buildNotInTable,
  buildSecurityFixMissing,
  buildUnknown,
  configUnreadable,
  execUnrestricted,
  fleetInstanceDrift,
  jwtCredentialPresent,
  jwtLegacyPipelinedAuth,
  mtaTlsDisabled,
  oauthIncomplete,
  operatorsConsoleManagementOpen,
  operatorsNativeApiEnabled,
  productV8,
  secretsPlaintext,
  sessionsIpNotChecked,
  sessionsTimeoutLong,
  uploadsAllowlistOpen,
  urlsPermissionNotBlocking,
  webWebformCtxEnabled,
  zonesProxySpoofable,
  zonesPublicRights,
] as const satisfies readonly Rule[];

/** The ids of the registered rules, as the compiler sees them. */
type RegisteredId = (typeof RULES)[number]['id'];
/** Compiles only when every id of RULE_IDS has a rule here (the other direction: defineRule's `Id extends RuleId`). */
const everyIdRegistered: [Exclude<RuleId, RegisteredId>] extends [never] ? true : Exclude<RuleId, RegisteredId> = true;
void everyIdRegistered;

/** Each rule by its id: a lookup that cannot miss. */
export const RULES_BY_ID: Readonly<Record<RuleId, Rule>> = Object.fromEntries(RULES.map((rule) => [rule.id, rule])) as Record<RuleId, Rule>;

/** Position of each rule in RULES (SARIF's ruleIndex). */
export const RULE_INDEX: Readonly<Record<RuleId, number>> = Object.fromEntries(RULES.map((rule, index) => [rule.id, index])) as Record<RuleId, number>;

export function ruleOf(id: RuleId): Rule {
  return RULES_BY_ID[id];
}

/** What to do about one finding: its message's own remediation when the rule has one, else the rule's. */
export function remediationOf(finding: { ruleId: RuleId; messageId?: string }): string {
  const rule = RULES_BY_ID[finding.ruleId];
  const own = finding.messageId !== undefined ? (rule.meta.remediations as Record<string, string | undefined> | undefined)?.[finding.messageId] : undefined;
  return own ?? rule.meta.remediation;
}
