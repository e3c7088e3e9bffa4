// The migration plan (docs/reports.md#migration-plan): per Campaign instance, across all its hosts,
// ordered steps from upgrade to cleanup. Plain data; markdown, json and sh renderers read it.
import type { JwtPhaseId } from '../data/jwt-phase.js';
import type { Credential, HostRoute, Product, RuleId } from '../model.js';

export const STEP_IDS = ['upgrade', 'create-credential', 'set-oauth', 'reload', 'verify', 'cleanup'] as const;
export type StepId = (typeof STEP_IDS)[number];

export type StepStatus = 'done' | 'todo' | 'not-needed';

/** The non-secret IDs of an OAuth credential, prefilled from the scan; null where it did not show one. */
export interface OAuthIds {
  orgId: string | null;
  clientId: string | null;
  technicalAccountId: string | null;
}
export const OAUTH_ID_KEYS = ['orgId', 'clientId', 'technicalAccountId'] as const satisfies readonly (keyof OAuthIds)[];
export type OAuthIdKey = (typeof OAUTH_ID_KEYS)[number];

/** A module `nlserver restart` takes: the instance's own modules, and the shared web server. */
export type RestartModule = `wfserver@${string}` | `pipelined@${string}` | 'web@default';

/**
 * One thing a step does, decided by buildPlan; each renders to one command line (actions.ts),
 * and a runner (the sh script, an Ansible playbook) reads the kind instead of parsing text.
 */
export type PlanAction =
  /**
   * Copy a file before it changes, to `<file>.$STAMP.bak` beside it (`cp -p`); `file` is relative
   * to Campaign's install dir. STAMP is set once per run: the rollback restores that copy.
   */
  | { kind: 'backup'; file: string }
  /** The rollback: put the backup back. */
  | { kind: 'restore'; file: string }
  /** setimsoauth on one container; the secret is `$secretVariable`, never a value. */
  | { kind: 'set-oauth'; instance: string; ids: OAuthIds; secretVariable: string }
  | { kind: 'reload' }
  | { kind: 'restart'; module: RestartModule }
  /**
   * Re-read the instance file on the host: it must now hold the OAuth attributes (the client ID
   * `clientId` when known) and no private key. Reads that one file, not serverConf.xml: the
   * rescan is the full check.
   */
  | { kind: 'check-oauth'; instance: string; file: string; clientId: string | null }
  /**
   * Run where campaign-audit runs, not on a host: rescan the fleet with the scan's own source
   * `options` (null when the report does not record them), then diff the two reports.
   */
  | { kind: 'verify'; check: 'rescan'; options: string[] | null }
  | { kind: 'verify'; check: 'diff' };

export interface PlanStep {
  id: StepId;
  title: string;
  status: StepStatus;
  /** Hosts this step still has to touch (empty when done). */
  hosts: string[];
  /** Steps that must be done first. */
  requires: StepId[];
  /** What the step runs, in order; `commands` is their text. */
  actions: PlanAction[];
  /** Commands to run, as text (one per action); secrets appear only as $VARIABLES. */
  commands: string[];
  notes: string[];
}

export const INSTANCE_STATES = ['migrated', 'in-progress', 'not-started', 'unreadable', 'no-technical-account', 'out-of-scope'] as const;
export type InstanceState = (typeof INSTANCE_STATES)[number];

/** An instance's state in words, for every renderer (the Markdown plan adds what to do). */
export const INSTANCE_STATE_LABEL = {
  migrated: 'migrated',
  'in-progress': 'in progress',
  'not-started': 'not started',
  unreadable: 'configuration unreadable',
  'no-technical-account': 'no technical account',
  'out-of-scope': 'Campaign v8, out of scope',
} as const satisfies Record<InstanceState, string>;

/**
 * Why a runner must not touch a host, by itself: its steps are left to a person. `no-route`: the
 * report does not say how the scan reached it (--dir, --local, evidence, an older report);
 * `unsafe-route`: a user, key or known_hosts path of its route is unsafe on an ssh command line;
 * `unreadable`: its copy of the instance file could not be read.
 */
export const SKIP_REASONS = ['unsafe-instance-name', 'unsafe-address', 'below-minimum', 'unreadable', 'no-route', 'unsafe-route', 'unsafe-install-dir'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Something a person must know before following an instance's steps. */
export const NOTICE_CODES = ['ids-disagree', 'id-unsafe', 'unsafe-instance-name', 'unsafe-address', 'unsafe-route', 'unreadable', 'partly-unreadable', 'credential-in-use', 'credential-converted'] as const;
export type NoticeCode = (typeof NOTICE_CODES)[number];

/** What each notice code says, as values (notices.ts words them). */
export interface NoticeArgs {
  'ids-disagree': { id: OAuthIdKey; values: string[] };
  'id-unsafe': { id: OAuthIdKey };
  'unsafe-instance-name': { instance: string };
  'unsafe-address': { host: string };
  'unsafe-route': { host: string };
  unreadable: { hosts: string[] };
  /** Some hosts could not be read: the others are planned, these are left out of the runners. */
  'partly-unreadable': { hosts: string[] };
  /** Another host of the instance already runs OAuth with this client ID: reuse that credential. */
  'credential-in-use': { clientId: string; hosts: string[] };
  /** After Adobe's hard stop the JWT credential was converted to OAuth (same client ID): reuse it. */
  'credential-converted': { clientId: string | null; date: string };
}

/** A notice as data, with its text rendered once (the same text as `warnings`). */
export interface PlanNoticeOf<C extends NoticeCode> {
  code: C;
  args: NoticeArgs[C];
  message: string;
}
export type PlanNotice = { [C in NoticeCode]: PlanNoticeOf<C> }[NoticeCode];

export interface PlanHost {
  name: string;
  address: string;
  product: Product | null;
  version: string | null;
  build: number | null;
  credential: Credential;
  /** Campaign's install dir on the host when the scan ran there; else the default is assumed. */
  installDir?: string;
  /** How the scan reached the host (the report's hosts[].route); runners rebuild exactly this. */
  route?: HostRoute;
  /** Why a runner must leave this host to a person; null when it may run the host's steps. */
  skip: SkipReason | null;
}

export interface InstancePlan {
  instance: string;
  state: InstanceState;
  hosts: PlanHost[];
  /** Non-secret IDs prefilled from the scan; null where the scan did not show one. */
  ids: OAuthIds;
  /** An ID is null: the set-oauth command holds <placeholders> to fill in before it runs. */
  hasMissingIds: boolean;
  /** Environment variable that must hold the OAuth client secret when the steps run. */
  secretVariable: string;
  /**
   * Where the OAuth credential comes from: a new one, or the one already in use for the
   * instance (`in-use`: another host runs OAuth with this client ID; `converted`: Adobe
   * converted the JWT credential at the hard stop).
   */
  credentialSource: { kind: 'create' } | { kind: 'reuse'; reason: 'in-use' | 'converted'; clientId: string | null };
  steps: PlanStep[];
  /** What undoes the set-oauth and reload steps on one host, in order (empty when they do not run). */
  rollback: PlanAction[];
  /** Open findings on this instance's hosts, by rule id. */
  findings: Partial<Record<RuleId, number>>;
  /** The notices' text, in order. */
  warnings: string[];
  notices: PlanNotice[];
}

export interface Plan {
  schemaVersion: 1;
  source: { generatedAt: string; tool: string };
  asOf: string;
  policy: { cutoff: string; minVersion: string; minBuild: number };
  targetRelease: { version: string; build: number };
  /** Adobe's JWT timeline against the as-of date; days > 0 means the date has passed. */
  timeline: { date: string; event: string; days: number }[];
  /** Where the JWT timeline stands at the as-of date, and what that means for the runbook. */
  phase: { id: JwtPhaseId; summary: string; text: string };
  instances: InstancePlan[];
  /** Hosts the scan could not read: their instances are unknown. */
  notScanned: { host: string; status: string; error?: string }[];
}
