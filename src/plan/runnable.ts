// What a runner (the sh script, the Ansible playbook) may run for an instance, and which hosts it
// must leave to a person and why. Nothing is decided here: buildPlan already wrote the set-oauth
// action only where a runner may use it, a notice where it would not, and each host's skip
// reason; this reads those back in one place, so that every runner prints the same answer and
// none of them works it out again.
import { isHostAction } from './actions.js';
import type { InstancePlan, PlanAction, PlanHost, PlanStep, SkipReason } from './model.js';

export type SetOAuthAction = Extract<PlanAction, { kind: 'set-oauth' }>;

/** A host of the set-oauth step: run over the route the scan recorded, or left to a person for `skip`. */
export type RunnerHost = { host: PlanHost & { route: NonNullable<PlanHost['route']> }; skip: null } | { host: PlanHost; skip: SkipReason };

export type InstanceRun =
  /** set-oauth is done or not needed (or the instance has no steps): nothing for a runner. */
  | { kind: 'nothing' }
  /** set-oauth is to do, but buildPlan left its commands to a person; `reason` is the notice that says why. */
  | { kind: 'by-hand'; reason: 'unsafe-instance-name' }
  /** The host actions in order (backup, set-oauth, reload, restarts, check) and the set-oauth step's hosts, in its order. */
  | { kind: 'run'; setOAuth: SetOAuthAction; hostActions: PlanAction[]; hosts: RunnerHost[] };

/**
 * The set-oauth action of `steps` when a runner may run it: its step is to do and buildPlan wrote
 * the action. buildPlan asks the same question of the steps it has just made (is there a rollback?).
 */
export function runnableSetOAuth(steps: readonly PlanStep[]): SetOAuthAction | undefined {
  const step = steps.find((entry) => entry.id === 'set-oauth');
  if (step === undefined || step.status !== 'todo') return undefined;
  return step.actions.find((action): action is SetOAuthAction => action.kind === 'set-oauth');
}

const hasRoute = (host: PlanHost): host is PlanHost & { route: NonNullable<PlanHost['route']> } => host.route !== undefined;

/** A host's skip reason as buildPlan gave it; a host without a route is never reached, whatever the report says. */
function runnerHost(host: PlanHost): RunnerHost {
  if (host.skip !== null) return { host, skip: host.skip };
  return hasRoute(host) ? { host, skip: null } : { host, skip: 'no-route' };
}

export function instanceRunOf(instance: InstancePlan): InstanceRun {
  const step = instance.steps.find((entry) => entry.id === 'set-oauth');
  if (step === undefined || step.status !== 'todo') return { kind: 'nothing' };
  if (instance.notices.some((notice) => notice.code === 'unsafe-instance-name')) return { kind: 'by-hand', reason: 'unsafe-instance-name' };
  const setOAuth = runnableSetOAuth(instance.steps);
  if (setOAuth === undefined) return { kind: 'nothing' };
  const hostActions = instance.steps.filter((entry) => entry.id === 'set-oauth' || entry.id === 'reload' || entry.id === 'verify').flatMap((entry) => entry.actions.filter(isHostAction));
  const hosts = step.hosts.flatMap((name) => {
    const host = instance.hosts.find((entry) => entry.name === name);
    return host === undefined ? [] : [runnerHost(host)];
  });
  return { kind: 'run', setOAuth, hostActions, hosts };
}
