// A rule is metadata plus one pure function (STYLE.md "Rules"). `check` looks at one host
// and returns hits; the engine renders messages, applies policy overrides and computes
// fingerprints. A fleet rule (`scope: 'fleet'`) compares hosts: it runs once every host is
// done, on their summaries (HostSummary: name, status, build, instances' credentials…), never
// on their files or effective configuration, which a scan lets go as each host finishes.
//
// A new rule: `export default defineRule({ id, severity, summary, products, messages,
// remediation, check })` in src/rules/<id>.ts, its id in RULE_IDS (src/model.ts), one line in
// src/rules/index.ts, a test (test/rules/<id>.test.ts) and a doc page (docs/rules/<id>.md).
// Each hit names one of the rule's `messages` by id, with the `data` that fills it; a hit may
// set its own severity (DESIGN.md §6: critical after the cutoff, medium when overridden…).
import type { HostFacts, HostSummary, InstanceSummary, MessageData, Policy, Product, RuleId, Severity } from '../model.js';

export type { MessageData } from '../model.js';

/** What every rule is judged against besides its host. */
export interface Judgement {
  policy: Policy;
  /** Evaluation date, YYYY-MM-DD (UTC). */
  asOf: string;
  /** True when asOf is on or after the JWT cutoff. */
  isCutoffPassed: boolean;
  /** Whole days from the cutoff to asOf (negative before it). */
  daysSinceCutoff: number;
}

/** A host rule's view: one host, whole (files, effective configuration per instance). */
export interface RuleContext extends Judgement {
  host: HostFacts;
}

/** A fleet rule's view: one host and the others, as summaries only. */
export interface FleetRuleContext extends Judgement {
  host: HostSummary;
  /** Every scanned host, for rules that compare hosts. */
  fleet: readonly HostSummary[];
  /** Every scanned host's instances by instance name, in fleet order; built once per evaluation. */
  instancesByName: ReadonlyMap<string, readonly FleetInstance[]>;
}

export interface FleetInstance {
  host: HostSummary;
  instance: InstanceSummary;
}

export interface RuleHit<M extends string> {
  messageId: M;
  /** Fills the message's `{placeholders}`; kept in the finding as `data`. */
  data?: MessageData;
  /** Overrides the rule's default severity for this hit (e.g. critical after the cutoff). */
  severity?: Severity;
  instance?: string | null;
  file?: string | null;
  path?: string | null;
}

interface RuleBase<Id extends RuleId, M extends string> {
  id: Id;
  /** Default severity; hits may raise or lower it as DESIGN.md §6 says. */
  severity: Severity;
  summary: string;
  /** Products the rule judges. v8 hosts are out of scope of the migration (DESIGN.md §6). */
  products: readonly Product[];
  /**
   * `version`: the rule reads only the pdump banner (host.version), so it also judges a host
   * whose configuration could not be collected (empty, unreadable or missing conf/, DOMAIN.md
   * §10). Other rules judge only hosts whose status is `ok`.
   */
  reads?: 'version';
  /** Messages with `{placeholders}` filled from the hit's data. */
  messages: Record<M, string>;
  /** What to do about it: shown in reports and SARIF help. */
  remediation: string;
  /** A different remediation for some messages (a stranded key is removed, not migrated); see remediationOf. */
  remediations?: Partial<Record<M, string>>;
}

/** Judges one host on its own, as soon as it is collected. */
export interface HostRule<Id extends RuleId = RuleId, M extends string = string> extends RuleBase<Id, M> {
  scope?: 'host';
  check(context: RuleContext): readonly RuleHit<NoInfer<M>>[];
}

/** Compares hosts: runs once all are collected, on their summaries. */
export interface FleetRule<Id extends RuleId = RuleId, M extends string = string> extends RuleBase<Id, M> {
  scope: 'fleet';
  check(context: FleetRuleContext): readonly RuleHit<NoInfer<M>>[];
}

export type Rule<Id extends RuleId = RuleId, M extends string = string> = HostRule<Id, M> | FleetRule<Id, M>;

export function isFleetRule(rule: Rule): rule is FleetRule {
  return rule.scope === 'fleet';
}

/**
 * Identity function for type inference: the id stays a literal (an id missing from RULE_IDS
 * fails to compile) and an unknown messageId in a hit fails to compile.
 */
export function defineRule<Id extends RuleId, M extends string>(rule: Rule<Id, M>): Rule<Id, M> {
  return rule;
}

export const ALL_PRODUCTS: readonly Product[] = ['v7', 'v8'];
export const CLASSIC_ONLY: readonly Product[] = ['v7'];
