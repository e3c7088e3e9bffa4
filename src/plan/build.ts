// ScanResult → Plan. Pure: the same report and as-of date give the same plan.
// Commands follow DOMAIN.md §2 (setimsoauth syntax, run as neolane on every container) and §8
// (config -reload, module restarts, verification, cleanup).
import type { PlanRole } from '../rules/define.js';
import { RULES_BY_ID } from '../rules/index.js';
import { codeSpan, proseText } from '../render/code-spans.js';
import { recommendedBuild, versionLabel, type BuildRow, type BuildTable } from '../data/builds.js';
import type { Finding, HostReport, InstanceReport, ScanResult } from '../model.js';
import { daysSince, JWT_TIMELINE } from '../engine/policy.js';
import { JWT_END_OF_LIFE, JWT_HARD_STOP, jwtPhase, type JwtPhaseId } from '../data/jwt-phase.js';
import type { InstancePlan, InstanceState, Plan, PlanHost, PlanStep, StepId } from './model.js';
import { DEFAULT_INSTALL_DIR } from '../engine/policy.js';

/** What a finding means for the plan: its rule's meta.plan (see src/rules/define.ts PlanRole). */
const planRole = (finding: Finding): PlanRole => RULES_BY_ID[finding.ruleId].meta.plan;

const isJwtLeft = (finding: Finding): boolean => planRole(finding) !== 'none';

/** The install dirs of `hosts` in words: the scanned ones, else the default (a --dir scan cannot know). */
function installDirsOf(hosts: readonly PlanHost[]): string {
  const dirs = [...new Set(hosts.map((host) => host.installDir ?? DEFAULT_INSTALL_DIR))].sort();
  return dirs.length === 0 ? DEFAULT_INSTALL_DIR : dirs.join(', ');
}

/** Characters an ID or instance name may hold to be pasted into a command line. */
const SAFE = /^[A-Za-z0-9@._-]+$/;

/**
 * A host address the sh plan may hand to ssh: a host name, an IP address (v6 with its zone) or
 * an ssh_config alias, in plain ASCII, not starting with "-". Anything else (an escape
 * sequence, a space, a bidirectional control, a look-alike letter) could make the script read,
 * or its dry run print, another host than the one it reaches.
 */
export function isSafeAddress(address: string): boolean {
  return /^[A-Za-z0-9_.:%[\]][A-Za-z0-9_.:%[\]-]*$/.test(address);
}

/** `builds`: the table the report was judged by (buildTableOf), so the plan's target is the run's own. */
export function buildPlan(result: ScanResult, builds: BuildTable): Plan {
  const latest = recommendedBuild(builds);
  const scanned = result.hosts.filter((host) => host.status === 'ok');
  const names = [...new Set(scanned.flatMap((host) => host.instances.map((instance) => instance.name)))].sort();
  return {
    schemaVersion: 1,
    source: { generatedAt: result.generatedAt, tool: `${result.tool.name} ${result.tool.version}` },
    asOf: result.asOf,
    policy: { cutoff: result.policy.cutoff, minVersion: result.policy.minVersion, minBuild: result.policy.minBuild },
    targetRelease: { version: latest.version, build: latest.build },
    timeline: JWT_TIMELINE.map((entry) => ({ ...entry, days: daysSince(result.asOf, entry.date) })),
    phase: planPhase(result.asOf, result.policy.cutoff),
    instances: names.map((name) => planInstance(name, scanned, result, builds)),
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

function planInstance(name: string, scanned: readonly HostReport[], result: ScanResult, builds: BuildTable): InstancePlan {
  const members = scanned.flatMap((host) => {
    const instance = host.instances.find((candidate) => candidate.name === name);
    return instance ? [{ host, instance }] : [];
  });
  const hosts: PlanHost[] = members.map(({ host, instance }) => ({
    name: host.name,
    address: host.address,
    product: host.product,
    // The same label as every report ("Gold Standard 11", not "19.1.4"); null when nothing was read.
    version: host.version === null && host.build === null ? null : versionLabel(host, builds),
    build: host.build,
    credential: instance.credential,
    ...(host.installDir !== undefined ? { installDir: host.installDir } : {}),
  }));
  const hostNames = new Set(hosts.map((host) => host.name));
  // An instance's own findings, plus host-wide ones (build, stranded keys in serverConf.xml).
  const findings = result.findings.filter((finding) => !finding.waived && hostNames.has(finding.host) && (finding.instance === name || finding.instance === null));
  const warnings: string[] = [];
  const ids = prefillIds(members.map((member) => member.instance), warnings);
  if (!SAFE.test(name)) warnings.push(`Instance name ${codeSpan(name)} holds characters that are unsafe in a command line; its commands are left for you to write.`);
  for (const host of hosts) {
    if (!isSafeAddress(host.address)) warnings.push(`The address of host ${proseText(host.name)} holds characters that are unsafe in a command line; the sh script skips it, run its steps by hand.`);
  }
  const secretVariable = secretVariableFor(name);

  const state = stateOf(hosts, findings, result.policy.minBuild);
  if (state === 'unreadable') {
    const files = hosts.filter((host) => host.credential === 'unknown').map((host) => host.name);
    warnings.push(`The configuration of this instance could not be read on ${files.map(proseText).join(', ')} (see config/unreadable); fix the file and rescan before planning.`);
  }
  const steps = state === 'out-of-scope' || state === 'unreadable' ? [] : buildSteps(name, hosts, findings, ids, secretVariable, result, recommendedBuild(builds));
  return {
    instance: name,
    state,
    hosts,
    ids,
    secretVariable,
    steps,
    findings: countByRule(findings),
    warnings,
  };
}

function prefillIds(instances: readonly InstanceReport[], warnings: string[]): InstancePlan['ids'] {
  const pick = (key: 'orgId' | 'clientId' | 'technicalAccountId', label: string): string | null => {
    const values = [...new Set(instances.map((instance) => instance[key]).filter((value): value is string => value !== undefined))];
    if (values.length > 1) warnings.push(`The hosts disagree on the ${label} (${values.map(codeSpan).join(', ')}); check the Developer Console credential before running setimsoauth.`);
    const [value] = values;
    if (value !== undefined && !SAFE.test(value)) {
      warnings.push(`The ${label} read from the configuration holds unexpected characters; it was not copied into commands.`);
      return null;
    }
    return value ?? null;
  };
  return { orgId: pick('orgId', 'IMS Org ID'), clientId: pick('clientId', 'client ID'), technicalAccountId: pick('technicalAccountId', 'technical account ID') };
}

function stateOf(hosts: readonly PlanHost[], findings: readonly Finding[], minBuild: number): InstanceState {
  if (hosts.every((host) => host.product === 'v8')) return 'out-of-scope';
  if (hosts.some((host) => host.credential === 'unknown')) return 'unreadable';
  const hasJwtLeft = findings.some(isJwtLeft);
  if (hosts.every((host) => host.credential === 'none') && !hasJwtLeft) return 'no-technical-account';
  const isMigrated = (host: PlanHost): boolean => host.credential === 'oauth';
  const isCurrent = (host: PlanHost): boolean => host.product === 'v8' || (host.build !== null && host.build >= minBuild);
  if (hosts.every(isMigrated) && hosts.every(isCurrent) && !hasJwtLeft) return 'migrated';
  return hosts.some(isMigrated) ? 'in-progress' : 'not-started';
}

function buildSteps(name: string, hosts: readonly PlanHost[], findings: readonly Finding[], ids: InstancePlan['ids'], secretVariable: string, result: ScanResult, latest: BuildRow): PlanStep[] {
  const { minBuild, minVersion } = result.policy;
  const isSafe = SAFE.test(name);
  const below = hosts.filter((host) => host.product !== 'v8' && (host.build === null || host.build < minBuild));
  const needsAccount = hosts.some((host) => host.credential !== 'none') || findings.some(isJwtLeft);
  // Every container of an instance that uses a technical account needs the OAuth one, including
  // those that have none yet (DOMAIN.md §2: setims*auth runs on every container).
  const notOAuth = needsAccount ? hosts.filter((host) => host.credential !== 'oauth') : [];
  const cleanupFindings = findings.filter(isJwtLeft);
  const hasPipelined = findings.some((finding) => planRole(finding) === 'pipelined');
  const status = (isTodo: boolean, isNeeded = true): PlanStep['status'] => (!isNeeded ? 'not-needed' : isTodo ? 'todo' : 'done');

  const oauthIds = `${ids.orgId ?? '<IMS_ORG_ID>'}/${ids.clientId ?? '<CLIENT_ID>'}/${ids.technicalAccountId ?? '<TECHNICAL_ACCOUNT_ID>'}`;
  const setOAuthCommand = `nlserver config -instance:${name} -setimsoauth:${oauthIds}/$${secretVariable}`;
  // The reload step's modules (web, wfserver, pipelined) are an inference: DOMAIN.md §8 (Low).
  const steps: PlanStep[] = [
    {
      id: 'upgrade',
      title: `Upgrade every container to ${minVersion} (build ${minBuild}) or later; recommended: ${latest.version} (build ${latest.build})`,
      status: status(below.length > 0),
      hosts: below.map((host) => host.name),
      requires: [],
      commands: [],
      notes: below.map((host) => `${proseText(host.name)}: ${host.build === null ? 'build unknown (check it by hand)' : `build ${host.build}${host.version ? ` (${proseText(host.version)})` : ''}`} → ${latest.build}`),
    },
    {
      id: 'create-credential',
      title: 'Create the OAuth Server-to-Server credential in Adobe Developer Console (same project and product profiles as the JWT credential)',
      status: status(notOAuth.length > 0, needsAccount),
      hosts: [],
      requires: [],
      commands: [],
      notes: ['Copy the client ID, technical account ID and IMS org ID; keep the client secret out of files and tickets.', `Export the client secret as ${secretVariable} in the shell that runs the next step.`],
    },
    {
      id: 'set-oauth',
      title: 'Set the OAuth credential on every container, as neolane',
      status: status(notOAuth.length > 0, needsAccount),
      hosts: notOAuth.map((host) => host.name),
      requires: ['upgrade', 'create-credential'],
      commands: isSafe && notOAuth.length > 0 ? [setOAuthCommand] : [],
      notes: [
        `Run on each host listed, as the neolane user, after sourcing env.sh in Campaign's install dir (${installDirsOf(notOAuth)}).`,
        ...(ids.clientId === null || ids.technicalAccountId === null || ids.orgId === null ? ['Fill in the <placeholders> from the Developer Console credential.'] : ['IDs prefilled from the scan: check them against the Developer Console credential.']),
      ],
    },
    {
      id: 'reload',
      title: 'Reload the configuration and restart the modules that use the technical account',
      status: status(notOAuth.length > 0, needsAccount),
      hosts: notOAuth.map((host) => host.name),
      requires: ['set-oauth'],
      commands: isSafe ? ['nlserver config -reload', `nlserver restart wfserver@${name}`, ...(hasPipelined ? [`nlserver restart pipelined@${name}`] : []), 'nlserver restart web@default'] : [],
      notes: ['Adobe\'s page "Create your Adobe technical account" (https://experienceleague.adobe.com/en/docs/campaign-classic/using/integrating-with-adobe-experience-cloud/oauth-technical-account) does not say which modules to restart; web, wfserver and pipelined read the technical account.'],
    },
    {
      id: 'verify',
      title: 'Verify: rescan, then check the deliverabilityUpdate workflow and pipelined status',
      status: status(notOAuth.length > 0 || below.length > 0 || cleanupFindings.length > 0),
      hosts: hosts.map((host) => host.name),
      requires: ['reload'],
      commands: ['campaign-audit scan --inventory <the inventory of this scan> -f json=after.json', 'campaign-audit diff <this report> after.json'],
      notes: [
        'Rescan with the same inventory or targets, so hosts keep their names (fingerprints, waivers and baselines depend on them).',
        'Restart the deliverabilityUpdate workflow and check its log; for Triggers, check http://<host>:7781/pipelined/status.',
      ],
    },
    {
      id: 'cleanup',
      title: 'Remove the JWT private key and the retired pipelined authentication, then delete the JWT credential in Developer Console',
      status: status(cleanupFindings.length > 0 || notOAuth.some((host) => host.credential === 'jwt')),
      hosts: [...new Set(cleanupFindings.map((finding) => finding.host))],
      requires: ['verify'],
      commands: [],
      notes: [
        ...cleanupFindings.map((finding) => `${proseText(finding.host)}: ${finding.file === null || finding.file === undefined ? '?' : codeSpan(finding.file)}${finding.path === null || finding.path === undefined ? '' : ` ${codeSpan(finding.path)}`}`),
        'Back up each file first; edit by hand (the plan never rewrites a server file), then `nlserver config -reload`' + (hasPipelined && isSafe ? ` and \`nlserver restart pipelined@${name}\`.` : '.'),
        'In Developer Console, delete the Service Account (JWT) credential once the OAuth one is verified.',
      ],
    },
  ];
  return steps;
}

/** What is true at the as-of date (DOMAIN.md §6, §10), in the words the runbook opens with. */
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
