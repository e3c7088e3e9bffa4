// A rule is metadata plus one pure function, after ESLint's `meta` + `create`: `meta` says what
// the rule is (category, severity, summary, products, messages, remediation, what it requires,
// its role in the plan), `check` looks at a host and returns hits; the engine renders messages,
// applies policy overrides and computes fingerprints. What a rule requires decides when it runs:
// `version` rules judge any host whose pdump banner was read, `config` rules only hosts scanned
// `ok`, and `fleet` rules compare hosts once every host is done, on their summaries
// (HostSummary: name, status, build, instances' credentials…), never on their files or
// effective configuration, which a scan lets go as each host finishes.
//
// A new rule: `export default defineRule({ id, meta: { category, severity, summary, products,
// requires, plan, messages, remediation }, check })` in src/rules/<id>.ts (the folder is part
// of the id, which never changes, so it need not name the category: `secrets/plaintext` is a
// security rule), its id in RULE_IDS (src/model.ts), one line in src/rules/index.ts, a test
// (test/rules/<id>.test.ts) and a doc page (docs/rules/<id>.md), then `npm run docs:rules` to
// add it to the rule tables of README.md and docs/rules/README.md. Its doc link (`meta.docs`)
// is derived from the id here, not written in the rule. Each hit names one of the rule's
// `messages` by id, with the `data` that fills it; a hit may set its own severity (critical
// after the cutoff, medium when a key is not effective: docs/rules/README.md#severities), said
// in words by `meta.severityNote`.
import type { HostFacts, HostSummary, InstanceSummary, MessageData, Policy, Product, RuleCategory, RuleId, Severity } from '../model.js';

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
  /** Every host the hit concerns, for a fleet rule whose finding spans hosts (Finding.hosts); the judged host must be the first. */
  hosts?: readonly string[];
}


// Declared in src/model.ts, below the policy and the reports that gate by category.
export { RULE_CATEGORIES, type RuleCategory } from '../model.js';

/**
 * What a rule needs of a host, which decides when the engine runs it:
 * - `version`: only the pdump banner (host.version), so it also judges a host whose status is
 *   `error` (empty, unreadable or missing conf/) but whose banner was read;
 * - `config`: the host's files or effective configuration, so it judges only hosts scanned `ok`;
 * - `fleet`: compares hosts, so it runs once every host is judged, on their summaries.
 */
export const RULE_REQUIREMENTS = ['version', 'config', 'fleet'] as const;
export type RuleRequirement = (typeof RULE_REQUIREMENTS)[number];
export type HostRequirement = Exclude<RuleRequirement, 'fleet'>;

/**
 * What a rule's findings mean to the migration plan: `jwt`, a JWT key is left to remove;
 * `pipelined`, the retired pipelined authentication is left; `none`, nothing the plan acts on.
 */
export const PLAN_ROLES = ['jwt', 'pipelined', 'none'] as const;
export type PlanRole = (typeof PLAN_ROLES)[number];

/**
 * How a category's verdict line counts a rule's findings ("3 instances on JWT", "8 hosts miss
 * APSB26-142"): distinct hosts, distinct instances (by name, across hosts) or findings. `{count}`
 * is the count; any other `{key}` is every distinct value of that key in the findings' data.
 */
export interface RuleTally {
  unit: 'host' | 'instance' | 'finding';
  one: string;
  other: string;
}

/** Where a rule is documented. */
export interface RuleDocs {
  /** The rule's page, relative to the package root: docs/rules/<id>.md (ruleDocs). */
  url: string;
}

/** The metadata a rule file writes: everything the engine, the reports and the docs say about the rule. */
export interface RuleMetaDefinition<M extends string = string, R extends RuleRequirement = RuleRequirement> {
  category: RuleCategory;
  /** Default severity; hits may raise or lower it (docs/rules/README.md#severities). */
  severity: Severity;
  /** When hits change the severity, in words for the rule tables ("critical when …"). */
  severityNote?: string;
  summary: string;
  /** Products the rule judges. v8 hosts are out of scope of the migration (docs/rules/README.md). */
  products: readonly Product[];
  /** What the rule reads of a host, so when it runs (RULE_REQUIREMENTS). */
  requires: R;
  /** What its findings mean to the migration plan (PLAN_ROLES). */
  plan: PlanRole;
  /** Messages with `{placeholders}` filled from the hit's data. */
  messages: Record<M, string>;
  /** How the verdict counts its findings (RuleTally). */
  tally: RuleTally;
  /** What to do about it: shown in reports and SARIF help. */
  remediation: string;
  /** A different remediation for some messages (a stranded key is removed, not migrated); see remediationOf. */
  remediations?: Partial<Record<M, string>>;
}

/** A registered rule's metadata: what its file writes, plus what defineRule derives from its id. */
export interface RuleMeta<M extends string = string, R extends RuleRequirement = RuleRequirement> extends RuleMetaDefinition<M, R> {
  docs: RuleDocs;
}

/** A rule that judges one host on its own, as soon as it is collected, as its file writes it. */
export interface HostRuleDefinition<Id extends RuleId = RuleId, M extends string = string> {
  id: Id;
  meta: RuleMetaDefinition<M, HostRequirement>;
  check(context: RuleContext): readonly RuleHit<NoInfer<M>>[];
}

/** A rule that compares hosts, as its file writes it: runs once all are collected, on their summaries. */
export interface FleetRuleDefinition<Id extends RuleId = RuleId, M extends string = string> {
  id: Id;
  meta: RuleMetaDefinition<M, 'fleet'>;
  check(context: FleetRuleContext): readonly RuleHit<NoInfer<M>>[];
}

export interface HostRule<Id extends RuleId = RuleId, M extends string = string> extends HostRuleDefinition<Id, M> {
  meta: RuleMeta<M, HostRequirement>;
}

export interface FleetRule<Id extends RuleId = RuleId, M extends string = string> extends FleetRuleDefinition<Id, M> {
  meta: RuleMeta<M, 'fleet'>;
}

export type Rule<Id extends RuleId = RuleId, M extends string = string> = HostRule<Id, M> | FleetRule<Id, M>;

export function isFleetRule(rule: Rule): rule is FleetRule {
  return rule.meta.requires === 'fleet';
}

/** A rule's doc page, from its id: the one place that says where rule pages are. */
export function ruleDocs(id: RuleId): RuleDocs {
  return { url: `docs/rules/${id}.md` };
}

/**
 * For type inference: the id stays a literal (an id missing from RULE_IDS fails to compile), an
 * unknown messageId in a hit fails to compile, and `requires: 'fleet'` types `check`'s context
 * as FleetRuleContext (RuleContext otherwise). It returns the rule as written, with one field
 * added: `meta.docs`, derived from the id (ruleDocs).
 */
export function defineRule<Id extends RuleId, M extends string>(rule: FleetRuleDefinition<Id, M>): FleetRule<Id, M>;
export function defineRule<Id extends RuleId, M extends string>(rule: HostRuleDefinition<Id, M>): HostRule<Id, M>;
export function defineRule(rule: HostRuleDefinition | FleetRuleDefinition): Rule {
  // The overloads above carry the types; spreading a union loses the tie between `requires` and `check`.
  return { ...rule, meta: { ...rule.meta, docs: ruleDocs(rule.id) } } as Rule;
}

export const ALL_PRODUCTS: readonly Product[] = ['v7', 'v8'];
export const CLASSIC_ONLY: readonly Product[] = ['v7'];
export const V8_ONLY: readonly Product[] = ['v8'];
