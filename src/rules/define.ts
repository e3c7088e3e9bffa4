// A rule is metadata plus one pure function (STYLE.md "Rules"). `check` looks at one host
// (and, for fleet rules, the others) and returns hits; the engine renders messages, applies
// policy overrides and computes fingerprints.
import type { HostFacts, Policy, Product, Severity } from '../model.js';

export interface RuleContext {
  host: HostFacts;
  /** Every scanned host, for rules that compare hosts. */
  fleet: readonly HostFacts[];
  policy: Policy;
  /** Evaluation date, YYYY-MM-DD (UTC). */
  asOf: string;
  /** True when asOf is on or after the JWT cutoff. */
  isCutoffPassed: boolean;
  /** Whole days from the cutoff to asOf (negative before it). */
  daysSinceCutoff: number;
}

export type MessageData = Record<string, string | number>;

export interface RuleHit<M extends string> {
  messageId: M;
  data?: MessageData;
  /** Overrides the rule's default severity for this hit (e.g. critical after the cutoff). */
  severity?: Severity;
  instance?: string | null;
  file?: string | null;
  path?: string | null;
}

export interface Rule<M extends string = string> {
  id: string;
  /** Default severity; hits may raise or lower it as DESIGN.md §6 says. */
  severity: Severity;
  summary: string;
  /** Products the rule judges. v8 hosts are out of scope of the migration (DESIGN.md §6). */
  products: readonly Product[];
  /** Messages with `{placeholders}` filled from the hit's data. */
  messages: Record<M, string>;
  /** What to do about it: shown in reports and SARIF help. */
  remediation: string;
  check(context: RuleContext): readonly RuleHit<M>[];
}

/** Identity function for type inference: an unknown messageId fails to compile. */
export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}

export const ALL_PRODUCTS: readonly Product[] = ['v7', 'v8'];
export const CLASSIC_ONLY: readonly Product[] = ['v7'];
