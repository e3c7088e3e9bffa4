// ScanResult → Plan. Pure: the same report and as-of date give the same plan.
// Every decision is made here (states, steps and their actions, which hosts a runner must skip,
// notices); actions.ts and notices.ts word them once, runnable.ts reads back for the runners what
// they may run, and the renderers only print the plan.
import { codeSpan, proseText } from '../render/code-spans.js';
import { recommendedBuild, versionLabel, type BuildRow, type BuildTable } from '../data/builds.js';
import type { PlanRole } from '../rules/define.js';
import { RULES_BY_ID } from '../rules/index.js';
import type { Finding, InstanceReport, ScanResult } from '../model.js';
import { daysSince } from '../dates.js';
import { JWT_TIMELINE } from '../engine/policy.js';
import { JWT_END_OF_LIFE, JWT_HARD_STOP, jwtPhase, type JwtPhaseId } from '../data/jwt-phase.js';
import { OAUTH_ID_KEYS, type InstancePlan, type InstanceState, type OAuthIds, type Plan, type PlanAction, type PlanHost, type PlanNotice, type PlanStep, type StepId } from './model.js';
import { DEFAULT_INSTALL_DIR } from '../engine/policy.js';
import { renderAction } from './actions.js';
import type { RestartModule } from './model.js';
import { planNotice } from './notices.js';
import { isBelowMinimum, isSafeAddress, isSafeRoute, isSafeWord, skipReasonOf } from './safety.js';
import { indexFindings, membersByInstance, type FindingsOf, type Member } from './fleet-index.js';
import { runnableSetOAuth } from './runnable.js';

/** What a finding means for the plan: its rule's meta.plan (see src/rules/define.ts PlanRole). */
// A rule id this version does not know (a report from a newer one) means nothing the plan acts on.
const planRole = (finding: Finding): PlanRole => (Object.hasOwn(RULES_BY_ID, finding.ruleId) ? RULES_BY_ID[finding.ruleId].meta.plan : 'none');

const isJwtLeft = (finding: Finding): boolean => planRole(finding) !== 'none';

/** The install dirs of `hosts` in words: the scanned ones, else the default (a --dir scan cannot know). */
function installDirsOf(hosts: readonly PlanHost[]): string {
  const dirs = [...new Set(hosts.map((host) => host.installDir ?? DEFAULT_INSTALL_DIR))].sort();
  return dirs.length === 0 ? DEFAULT_INSTALL_DIR : dirs.join(', ');
}

/** `builds`: the table the report was judged by (inputs/report-file.ts reportBuildTable), so the plan's target is the run's own. */
export function buildPlan(result: ScanResult, builds: BuildTable): Plan {
  const latest = recommendedBuild(builds);
  const scanned = result.hosts.filter((host) => host.status === 'ok');
  const names = [...new Set(scanned.flatMap((host) => host.instances.map((instance) => instance.name)))].sort();
  const members = membersByInstance(scanned);
  const findingsOf = indexFindings(result.findings);
  return {
    schemaVersion: 1,
    source: { generatedAt: result.generatedAt, tool: `${result.tool.name} ${result.tool.version}` },
    asOf: result.asOf,
    policy: { cutoff: result.policy.cutoff, minVersion: result.policy.minVersion, minBuild: result.policy.minBuild },
    targetRelease: { version: latest.version, build: latest.build },
    timeline: JWT_TIMELINE.map((entry) => ({ ...entry, days: daysSince(result.asOf, entry.date) })),
    phase: planPhase(result.asOf, result.policy.cutoff),
    instances: names.map((name) => planInstance(name, members.get(name) ?? [], findingsOf, result, builds, latest)),
    notScanned: result.hosts
      .filter((host) => host.status !== 'ok')
      .map((host) => ({ host: host.name, status: host.status, ...(host.error !== undefined ? { error: host.error } : {}) })),
  };
}

/**
 * The environment variable that holds an instance's client secret. One-to-one, so that one
 * instance's secret can never be sent into another's configuration: `mid_emea`, `mid.emea`,
 * `mid-emea` and `MID_EMEA` each get their own. Lowercase letters become capitals; digits and
 * `_` stay; any other character (capitals included) is spelled `_x<hex code point>_`. Plain
 * spellings hold no lowercase letter and every spelled one holds an `x`, and `_x` only ever
 * starts a spelled character, so the name reads back to exactly one instance name.
 */
export function secretVariableFor(instance: string): string {
  let name = '';
  for (const char of instance) name += /^[a-z0-9_]$/.test(char) ? char.toUpperCase() : `_x${(char.codePointAt(0) ?? 0).toString(16)}_`;
  return `CAMPAIGN_OAUTH_SECRET_${name}`;
}

function planInstance(name: string, members: readonly Member[], findingsOf: FindingsOf, result: ScanResult, builds: BuildTable, latest: BuildRow): InstancePlan {
  const hosts: PlanHost[] = members.map(({ host, instance }) => {
    const planHost = {
      name: host.name,
      address: host.address,
      product: host.product,
      // The same label as every report ("Gold Standard 11", not "19.1.4"); null when nothing was read.
      version: host.version === null && host.build === null ? null : versionLabel(host, builds),
      build: host.build,
      credential: instance.credential,
      ...(host.installDir !== undefined ? { installDir: host.installDir } : {}),
      ...(host.route !== undefined ? { route: host.route } : {}),
    };
    return { ...planHost, skip: skipReasonOf(name, planHost, result.policy.minBuild) };
  });
  // An instance's own findings, plus host-wide ones (build, stranded keys in serverConf.xml).
  const findings = findingsOf(new Set(hosts.map((host) => host.name)), name);
  const notices: PlanNotice[] = [];
  const ids = prefillIds(members.map((member) => member.instance), notices);
  if (!isSafeWord(name)) notices.push(planNotice('unsafe-instance-name', { instance: name }));
  for (const host of hosts) {
    if (!isSafeAddress(host.address)) notices.push(planNotice('unsafe-address', { host: host.name }));
    else if (host.route !== undefined && !isSafeRoute(host.route)) notices.push(planNotice('unsafe-route', { host: host.name }));
  }
  const secretVariable = secretVariableFor(name);

  // A host whose file could not be read does not hold the others back: they are planned, it is
  // named (and skipped by the runners) until a rescan reads it.
  const readable = hosts.filter((host) => host.credential !== 'unknown');
  const unreadable = hosts.filter((host) => host.credential === 'unknown').map((host) => host.name);
  const state = stateOf(readable, findings, result.policy.minBuild);
  if (state === 'unreadable') notices.push(planNotice('unreadable', { hosts: unreadable }));
  else if (unreadable.length > 0 && state !== 'out-of-scope') notices.push(planNotice('partly-unreadable', { hosts: unreadable }));
  const credentialSource = credentialSourceOf(readable, ids, result.asOf);
  // Said only where a host still needs the credential: elsewhere there is nothing to create.
  if (credentialSource.kind === 'reuse' && readable.some((host) => host.credential !== 'oauth') && state !== 'out-of-scope' && state !== 'unreadable') {
    if (credentialSource.reason === 'in-use' && credentialSource.clientId !== null) {
      notices.push(planNotice('credential-in-use', { clientId: credentialSource.clientId, hosts: readable.filter((host) => host.credential === 'oauth').map((host) => host.name) }));
    } else if (credentialSource.reason === 'converted') notices.push(planNotice('credential-converted', { clientId: credentialSource.clientId, date: JWT_HARD_STOP }));
  }
  const context: StepContext = { name, hosts: readable, allHosts: hosts, findings, ids, secretVariable, credentialSource, result, latest };
  const steps = state === 'out-of-scope' || state === 'unreadable' ? [] : buildSteps(context);
  // A rollback only where a runner may run set-oauth: the same question the runners ask (runnable.ts).
  const runs = runnableSetOAuth(steps) !== undefined;
  return {
    instance: name,
    state,
    hosts,
    ids,
    hasMissingIds: isAnyIdMissing(ids),
    secretVariable,
    credentialSource,
    steps,
    rollback: runs ? rollbackOf(name, restartsOf(name, findings)) : [],
    findings: countByRule(findings),
    warnings: notices.map((notice) => notice.message),
    notices,
  };
}

/**
 * Create a credential, or reuse the one the instance already has: a client ID that another of
 * its hosts runs OAuth with, or, after Adobe's hard stop, the JWT credential Adobe converted
 * (same client ID: docs/campaign.md#jwt-deadlines, "Automatic conversion").
 */
function credentialSourceOf(hosts: readonly PlanHost[], ids: OAuthIds, asOf: string): InstancePlan['credentialSource'] {
  if (hosts.some((host) => host.credential === 'oauth') && ids.clientId !== null) return { kind: 'reuse', reason: 'in-use', clientId: ids.clientId };
  if (asOf >= JWT_HARD_STOP && hosts.some((host) => host.credential === 'jwt')) return { kind: 'reuse', reason: 'converted', clientId: ids.clientId };
  return { kind: 'create' };
}

/** The file setimsoauth rewrites (docs/campaign.md#technical-account). */
const instanceFile = (name: string): string => `conf/config-${name}.xml`;

/** The modules that read the technical account (docs/campaign.md#after-setimsoauth): pipelined where the scan found it. */
function restartsOf(name: string, findings: readonly Finding[]): RestartModule[] {
  const hasPipelined = findings.some((finding) => planRole(finding) === 'pipelined');
  return [`wfserver@${name}`, ...(hasPipelined ? [`pipelined@${name}` as const] : []), 'web@default'];
}

/** What undoes set-oauth on one host: the backup back, then the same reload and restarts. */
function rollbackOf(name: string, restarts: readonly RestartModule[]): PlanAction[] {
  return [{ kind: 'restore', file: instanceFile(name) }, { kind: 'reload' }, ...restarts.map((module): PlanAction => ({ kind: 'restart', module }))];
}

/** The IDs the hosts agree on and that are safe in a command line; a notice for each that is not. */
function prefillIds(instances: readonly InstanceReport[], notices: PlanNotice[]): OAuthIds {
  const ids: OAuthIds = { orgId: null, clientId: null, technicalAccountId: null };
  for (const id of OAUTH_ID_KEYS) {
    const values = [...new Set(instances.map((instance) => instance[id]).filter((value): value is string => value !== undefined))];
    if (values.length > 1) notices.push(planNotice('ids-disagree', { id, values }));
    const [value] = values;
    if (value !== undefined && !isSafeWord(value)) notices.push(planNotice('id-unsafe', { id }));
    else ids[id] = value ?? null;
  }
  return ids;
}

const isAnyIdMissing = (ids: OAuthIds): boolean => OAUTH_ID_KEYS.some((id) => ids[id] === null);

function stateOf(hosts: readonly PlanHost[], findings: readonly Finding[], minBuild: number): InstanceState {
  if (hosts.length === 0) return 'unreadable';
  if (hosts.every((host) => host.product === 'v8')) return 'out-of-scope';
  const hasJwtLeft = findings.some(isJwtLeft);
  if (hosts.every((host) => host.credential === 'none') && !hasJwtLeft) return 'no-technical-account';
  const isMigrated = (host: PlanHost): boolean => host.credential === 'oauth';
  const isCurrent = (host: PlanHost): boolean => host.product === 'v8' || (host.build !== null && host.build >= minBuild);
  if (hosts.every(isMigrated) && hosts.every(isCurrent) && !hasJwtLeft) return 'migrated';
  return hosts.some(isMigrated) ? 'in-progress' : 'not-started';
}

/** What buildSteps reads: `hosts` are the readable ones, `allHosts` every host of the instance. */
interface StepContext {
  name: string;
  hosts: readonly PlanHost[];
  allHosts: readonly PlanHost[];
  findings: readonly Finding[];
  ids: OAuthIds;
  secretVariable: string;
  credentialSource: InstancePlan['credentialSource'];
  result: ScanResult;
  latest: BuildRow;
}

/** What the steps are decided from, worked out once from the context and shared by every step. */
interface StepFacts {
  /** The instance name may go on a command line: else no step writes a command with it. */
  isSafe: boolean;
  /** Readable hosts below the policy's minimum build. */
  below: readonly PlanHost[];
  /** The instance uses a technical account (a credential on a host, or JWT left in a file). */
  needsAccount: boolean;
  /** Readable hosts still to be set to OAuth (none when the instance needs no account). */
  notOAuth: readonly PlanHost[];
  /** The JWT leftovers the cleanup step removes. */
  cleanupFindings: readonly Finding[];
  restarts: readonly RestartModule[];
  hasPipelined: boolean;
  /** The instance file setimsoauth rewrites. */
  file: string;
}

type StepDraft = Omit<PlanStep, 'commands'>;

function stepFacts({ name, hosts, findings, result }: StepContext): StepFacts {
  const needsAccount = hosts.some((host) => host.credential !== 'none') || findings.some(isJwtLeft);
  const restarts = restartsOf(name, findings);
  return {
    isSafe: isSafeWord(name),
    below: hosts.filter((host) => isBelowMinimum(host, result.policy.minBuild)),
    needsAccount,
    // Every container of an instance that uses a technical account needs the OAuth one, including
    // those that have none yet (docs/campaign.md#technical-account: setims*auth runs on every container).
    notOAuth: needsAccount ? hosts.filter((host) => host.credential !== 'oauth') : [],
    cleanupFindings: findings.filter(isJwtLeft),
    restarts,
    hasPipelined: restarts.includes(`pipelined@${name}`),
    file: instanceFile(name),
  };
}

/** A step not needed by the instance at all, else to do or done. */
const stepStatus = (isTodo: boolean, isNeeded = true): PlanStep['status'] => (!isNeeded ? 'not-needed' : isTodo ? 'todo' : 'done');

/** The steps in the order a person follows them (STEP_IDS), each decided from the same facts. */
function buildSteps(context: StepContext): PlanStep[] {
  const facts = stepFacts(context);
  return [upgradeStep(context, facts), createCredentialStep(context, facts), setOAuthStep(context, facts), reloadStep(facts), verifyStep(context, facts), cleanupStep(context, facts)].map(withCommands);
}

function upgradeStep({ result, latest }: StepContext, { below }: StepFacts): StepDraft {
  const { minBuild, minVersion } = result.policy;
  return {
    id: 'upgrade',
    title: `Upgrade every container to ${minVersion} (build ${minBuild}) or later; recommended: ${latest.version} (build ${latest.build})`,
    status: stepStatus(below.length > 0),
    hosts: below.map((host) => host.name),
    requires: [],
    actions: [],
    notes: below.map((host) => `${proseText(host.name)}: ${host.build === null ? 'build unknown (check it by hand)' : `build ${host.build}${host.version ? ` (${proseText(host.version)})` : ''}`} → ${latest.build}`),
  };
}

function createCredentialStep({ secretVariable, credentialSource }: StepContext, { needsAccount, notOAuth }: StepFacts): StepDraft {
  const reuse = credentialSource.kind === 'reuse';
  const reused = reuse ? (credentialSource.clientId === null ? 'the existing credential' : `the existing credential (client ${codeSpan(credentialSource.clientId)})`) : '';
  return {
    id: 'create-credential',
    title: reuse
      ? `Reuse ${reused} in Adobe Developer Console: do not create another OAuth Server-to-Server credential`
      : 'Create the OAuth Server-to-Server credential in Adobe Developer Console (same project and product profiles as the JWT credential)',
    status: stepStatus(notOAuth.length > 0, needsAccount),
    hosts: [],
    requires: [],
    actions: [],
    notes: [
      reuse
        ? credentialSource.reason === 'in-use'
          ? 'Another host of this instance already runs OAuth with it: every container of an instance must use the same credential.'
          : `Adobe converted the Service Account (JWT) credential to OAuth Server-to-Server on or before ${JWT_HARD_STOP}; it keeps the client ID and technical account.`
        : 'Copy the client ID, technical account ID and IMS org ID; keep the client secret out of files and tickets.',
      `Export the client secret as ${secretVariable} in the shell that runs the next step.`,
    ],
  };
}

function setOAuthStep({ name, ids, secretVariable }: StepContext, { isSafe, needsAccount, notOAuth, file }: StepFacts): StepDraft {
  return {
    id: 'set-oauth',
    title: 'Back up the instance file, then set the OAuth credential on every container, as neolane, one host at a time',
    status: stepStatus(notOAuth.length > 0, needsAccount),
    hosts: notOAuth.map((host) => host.name),
    requires: ['upgrade', 'create-credential'],
    // No action for an unsafe name: its unsafe-instance-name notice tells the runners to leave it to a person.
    actions: isSafe && notOAuth.length > 0 ? [{ kind: 'backup', file }, { kind: 'set-oauth', instance: name, ids, secretVariable }] : [],
    notes: [
      `Run on each host listed, as the neolane user, in Campaign's install dir (${installDirsOf(notOAuth)}) after sourcing its env.sh, with STAMP=$(date -u +%Y%m%dT%H%M%SZ) set once: the backup keeps the file as it was, for the rollback.`,
      ...(isAnyIdMissing(ids) ? ['Fill in the <placeholders> from the Developer Console credential.'] : ['IDs prefilled from the scan: check them against the Developer Console credential.']),
    ],
  };
}

// The reload step's modules (web, wfserver, pipelined) are an assumption: docs/campaign.md#after-setimsoauth.
function reloadStep({ isSafe, needsAccount, notOAuth, restarts, hasPipelined }: StepFacts): StepDraft {
  return {
    id: 'reload',
    title: 'Reload the configuration and restart the modules that use the technical account',
    status: stepStatus(notOAuth.length > 0, needsAccount),
    hosts: notOAuth.map((host) => host.name),
    requires: ['set-oauth'],
    actions: isSafe ? [{ kind: 'reload' }, ...restarts.map((module): PlanAction => ({ kind: 'restart', module }))] : [],
    notes: [
      'Adobe\'s page "Create your Adobe technical account" (https://experienceleague.adobe.com/en/docs/campaign-classic/using/integrating-with-adobe-experience-cloud/oauth-technical-account) does not say which modules to restart; web, wfserver and pipelined read the technical account.',
      ...(hasPipelined ? [] : ['campaign-audit cannot see which modules a host runs: restart pipelined@<instance> too where Triggers run.']),
    ],
  };
}

function verifyStep({ name, allHosts, ids, result }: StepContext, { isSafe, below, notOAuth, cleanupFindings, file }: StepFacts): StepDraft {
  return {
    id: 'verify',
    title: 'Verify: re-read each host\'s instance file, rescan, then check the deliverabilityUpdate workflow and pipelined status',
    status: stepStatus(notOAuth.length > 0 || below.length > 0 || cleanupFindings.length > 0),
    hosts: allHosts.map((host) => host.name),
    requires: ['reload'],
    actions: [
      ...(isSafe && notOAuth.length > 0 ? [{ kind: 'check-oauth', instance: name, file, clientId: ids.clientId } as const] : []),
      { kind: 'verify', check: 'rescan', options: result.source?.options ?? null },
      { kind: 'verify', check: 'diff' },
    ],
    notes: [
      'On each host after its restarts: the first command must succeed (the file holds the OAuth attributes and no private key); if not, roll back that host (see Rollback) before going on.',
      'Then, where campaign-audit runs: rescan with the scan\'s own source options, so hosts keep their names (fingerprints, waivers and baselines depend on them), and diff the two reports.',
      'Restart the deliverabilityUpdate workflow and check its log; for Triggers, check http://<host>:7781/pipelined/status.',
    ],
  };
}

function cleanupStep({ name }: StepContext, { isSafe, notOAuth, cleanupFindings, hasPipelined }: StepFacts): StepDraft {
  const restartPipelined: PlanAction = { kind: 'restart', module: `pipelined@${name}` };
  return {
    id: 'cleanup',
    title: 'Remove the JWT private key and the retired pipelined authentication, then delete the JWT credential in Developer Console',
    status: stepStatus(cleanupFindings.length > 0 || notOAuth.some((host) => host.credential === 'jwt')),
    hosts: [...new Set(cleanupFindings.map((finding) => finding.host))],
    requires: ['verify'],
    actions: [],
    notes: [
      ...cleanupFindings.map((finding) => `${proseText(finding.host)}: ${finding.file === null || finding.file === undefined ? '?' : codeSpan(finding.file)}${finding.path === null || finding.path === undefined ? '' : ` ${codeSpan(finding.path)}`}`),
      `Back up each file first; edit by hand (the plan never rewrites a server file), then \`${renderAction({ kind: 'reload' })}\`${hasPipelined && isSafe ? ` and \`${renderAction(restartPipelined)}\`.` : '.'}`,
      'In Developer Console, delete the Service Account (JWT) credential only once the OAuth one is proven in use on every host: until then both coexist, and the JWT one is the way back.',
    ],
  };
}

/** The step with its actions' text, keys in the order of PlanStep (spelled out: object rest is slow at 250k instances). */
function withCommands(step: StepDraft): PlanStep {
  return { id: step.id, title: step.title, status: step.status, hosts: step.hosts, requires: step.requires, actions: step.actions, commands: step.actions.map(renderAction), notes: step.notes };
}

/** What is true at the as-of date (docs/campaign.md#jwt-deadlines), in the words the runbook opens with. */
function planPhase(asOf: string, cutoff: string): Plan['phase'] {
  const phase = jwtPhase(asOf, cutoff);
  const urgency: Record<JwtPhaseId, string> = {
    'before-cutoff': `Migrate every instance before ${cutoff} (${-phase.daysSinceCutoff} days left).`,
    overdue: `The cutoff ${cutoff} passed ${phase.daysSinceCutoff} days ago: the migration is overdue.`,
    'end-of-life': `Service Account (JWT) credentials reached end of life on ${JWT_END_OF_LIFE}; they stop working when their certificate expires, at the latest on ${JWT_HARD_STOP} (in ${phase.daysToHardStop} days). Migrate now.`,
    stopped: `Since ${JWT_HARD_STOP} a Service Account (JWT) key no longer works: on an instance still configured with one, the integrations that use the technical account (Triggers, Analytics, Experience Cloud services) are broken until OAuth Server-to-Server is set with -setimsoauth. Treat every instance still on JWT as an outage.`,
  };
  return { id: phase.id, summary: phase.summary, text: urgency[phase.id] };
}

function countByRule(findings: readonly Finding[]): InstancePlan['findings'] {
  const counts: InstancePlan['findings'] = {};
  for (const finding of findings) counts[finding.ruleId] = (counts[finding.ruleId] ?? 0) + 1;
  return counts;
}

export type { StepId };
