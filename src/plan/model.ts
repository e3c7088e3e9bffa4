// The migration plan (DESIGN.md §8): per Campaign instance, across all its hosts, ordered steps
// from upgrade to cleanup. Plain data; markdown, json and sh renderers read it.
import type { JwtPhaseId } from '../data/jwt-phase.js';
import type { Credential, Product, RuleId } from '../model.js';

export const STEP_IDS = ['upgrade', 'create-credential', 'set-oauth', 'reload', 'verify', 'cleanup'] as const;
export type StepId = (typeof STEP_IDS)[number];

export type StepStatus = 'done' | 'todo' | 'not-needed';

export interface PlanStep {
  id: StepId;
  title: string;
  status: StepStatus;
  /** Hosts this step still has to touch (empty when done). */
  hosts: string[];
  /** Steps that must be done first. */
  requires: StepId[];
  /** Commands to run, as text; secrets appear only as $VARIABLES. */
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

export interface PlanHost {
  name: string;
  address: string;
  product: Product | null;
  version: string | null;
  build: number | null;
  credential: Credential;
}

export interface InstancePlan {
  instance: string;
  state: InstanceState;
  hosts: PlanHost[];
  /** Non-secret IDs prefilled from the scan; null where the scan did not show one. */
  ids: { orgId: string | null; clientId: string | null; technicalAccountId: string | null };
  /** Environment variable that must hold the OAuth client secret when the steps run. */
  secretVariable: string;
  steps: PlanStep[];
  /** Open findings on this instance's hosts, by rule id. */
  findings: Partial<Record<RuleId, number>>;
  warnings: string[];
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
