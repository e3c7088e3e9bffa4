// The scan and demo commands: pick a source, collect, evaluate, write every requested report.
import { hostname } from 'node:os';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverDirectoryTargets, createDirectoryTransport, remoteDirectoryWarning } from '../collect/directory.js';
import { evidenceFiles, evidenceSnapshots, EvidenceWriter } from '../collect/evidence.js';
import { fleetSnapshots } from '../collect/fleet.js';
import { MAX_OUTPUT_BYTES } from '../collect/frames.js';
import { createLocalTransport } from '../collect/local.js';
import { createRedactor, type Redactor } from '../collect/redact.js';
import type { Transport } from '../collect/transport.js';
import { SHIPPED_BUILDS, staleBuildData, type BuildTable } from '../data/builds.js';
import { audit, type SnapshotSource, type SourcedSnapshot } from '../engine/audit.js';
import { keyedFingerprinter } from '../engine/fingerprint.js';
import { loadFingerprintKey, type LoadedKey } from '../inputs/fingerprint-key.js';
import { DEFAULT_INSTALL_DIR, redactedAttributes, type PolicySettings } from '../engine/policy.js';
import { exitCodeOf, EXIT_PASS, EXIT_USAGE, type IncompleteOutcome } from '../engine/result.js';
import { renderDryRun } from './dry-run.js';
import { describeFileError, InputError } from '../errors.js';
import { loadPolicy } from '../inputs/policy.js';
import { readReport } from '../inputs/report-file.js';
import { loadWaivers } from '../inputs/waivers-file.js';
import type { HostRoute, HostTarget, RuleCategory, ScanResult, ScanSource as ReportSource, Snapshot, WaiverEntry } from '../model.js';
import { SharedParses } from '../parse/xml.js';
import { printableLine, terminalSafe } from '../render/text.js';
import type { CliIO } from './io.js';
import { checkStdoutFormats, writeReports } from './output.js';
import { todayUtc, type FormatSpec, type GateFlag } from './options.js';
import { createProgress, type Progress } from './progress.js';
import type { SshSourceOptions } from './ssh-source.js';
import { toolInfo } from './tool.js';

export interface ScanCommandOptions extends Partial<SshSourceOptions> {
  targets: string[];
  dir?: string;
  evidence?: string;
  local?: boolean;
  installDir?: string;
  concurrency: number;
  commandTimeout: number;
  format?: FormatSpec[];
  asOf?: string;
  cutoff?: string;
  /** --min-version as written; resolved once every build row is merged. */
  minVersion?: string;
  failOn?: GateFlag;
  /** --checks: the categories whose rules run. */
  checks?: RuleCategory[];
  /** --incomplete: the exit of a scan that could not read every host. */
  incomplete?: IncompleteOutcome;
  waivers?: string;
  baseline?: string;
  policy?: string;
  builds?: string;
  saveEvidence?: string;
  /** --fingerprint-key FILE (else CAMPAIGN_AUDIT_FINGERPRINT_KEY, else the default key file). */
  fingerprintKey?: string;
  /** The demo command: the demo fleet's public key unless --fingerprint-key names one. */
  demoKey?: boolean;
  progress: boolean;
  quiet?: boolean;
  verbose?: boolean;
  debug?: boolean;
  /** --dry-run: resolve every host and print what would run there; contact none. */
  dryRun?: boolean;
}

const DEFAULT_CONNECT_TIMEOUT = 10;

export function demoFleetPath(): string {
  return fileURLToPath(new URL('../../fixtures/demo', import.meta.url));
}

export async function runScan(io: CliIO, options: ScanCommandOptions): Promise<number> {
  // Inputs are read before any host is contacted: a typo must not cost a fleet scan.
  const policy = await loadPolicy({ policyFile: options.policy, buildsFile: options.builds, flags: flagSettings(options) }, SHIPPED_BUILDS);
  const waivers = options.waivers !== undefined ? await loadWaivers(options.waivers) : undefined;
  const baseline = options.baseline !== undefined ? await loadBaseline(options.baseline) : undefined;
  const formats = options.format ?? [{ format: 'table' }];
  checkStdoutFormats(formats);
  if (options.quiet && (options.verbose || options.debug)) throw new InputError(`--quiet cannot be combined with ${options.debug ? '--debug' : '--verbose'}`);
  if (options.dryRun) return dryRun(io, options);
  const progress = createProgress(io, { enabled: options.progress && !options.quiet, verbose: options.verbose === true || options.debug === true });
  // The as-of date is fixed before the first host is judged.
  const asOf = options.asOf ?? todayUtc(io.now());
  const source = await openSource(io, options, progress);

  // --save-evidence: each host's file is written as the host is judged, then the snapshot goes
  // too. Its directory is made once the source is known, before any host is read; file names
  // follow the target order, whatever order hosts finish in.
  const saveTo = options.saveEvidence;
  let result: ScanResult;
  let saved: EvidenceWriter | undefined;
  try {
    const { fingerprints } = await fingerprintKeyOf(io, options);
    const evidence = saveTo !== undefined ? await openEvidence(saveTo, fingerprints.keyId) : undefined;
    saved = evidence?.writer;
    const paths = evidence ? source.hostNames.map((name) => evidence.writer.reserve(name)) : [];
    if (source.hostNames.length > 0) progress.start(source.hostNames.length, source.what);
    result = await audit(source.snapshots(createRedactor(redactedAttributes(policy), fingerprints)), {
      policy,
      fingerprints,
      asOf,
      now: () => io.now(),
      tool: toolInfo(),
      ...(waivers ? { waivers } : {}),
      ...(baseline ? { baseline: baseline.fingerprints, baselineSource: baseline.source } : {}),
      ...(evidence
        ? { onHost: ({ index, snapshot }: SourcedSnapshot) => evidence.save(paths[index] ?? evidence.writer.reserve(snapshot.host.name), snapshot) }
        : {}),
    });
  } catch (error) {
    // An evidence file that cannot be written stops the scan: the progress line gives way to the error.
    progress.finish();
    throw error;
  } finally {
    await source.close();
  }
  progress.finish();
  result = withSource(result, source);
  if (saved && !options.quiet) io.writeErr(`campaign-audit: saved ${saved.written.length} snapshot(s) to ${printableLine(saveTo ?? '')}\n`);
  if (!options.quiet) warnAboutStaleBuilds(io, policy.builds, result.asOf);
  if (!options.quiet) warnAboutWaivers(io, result);
  return (await writeReports(io, result, formats, { quiet: options.quiet === true, builds: policy.builds })) ? exitCodeOf(result, options.incomplete !== undefined ? { incomplete: options.incomplete } : {}) : EXIT_USAGE;
}

/**
 * The demo fleet's fingerprint key: public, so the demo's fingerprints are the same everywhere
 * (its secrets are made up). Never used for a real scan.
 */
export const DEMO_FINGERPRINT_KEY = 'campaign-audit demo fleet: a public key for made-up secrets';

/** The key of this run (inputs/fingerprint-key.ts); says so once when it had to be created. */
async function fingerprintKeyOf(io: CliIO, options: ScanCommandOptions): Promise<LoadedKey> {
  if (options.demoKey === true && options.fingerprintKey === undefined) {
    return { fingerprints: keyedFingerprinter(Buffer.from(DEMO_FINGERPRINT_KEY, 'utf8')), from: 'the demo key' };
  }
  const key = await loadFingerprintKey({ file: options.fingerprintKey, env: io.env });
  if (key.created !== undefined && !options.quiet) {
    io.writeErr(
      `campaign-audit: created the fingerprint key ${terminalSafe(key.created)} (key id ${key.fingerprints.keyId}); reports compare only under the same key: give CI and colleagues the same one (docs/security.md)\n`,
    );
  }
  return key;
}

/** The flags' layer of the policy (resolvePolicy: the most specific word wins). */
function flagSettings(options: ScanCommandOptions): PolicySettings {
  return {
    ...(options.cutoff !== undefined ? { cutoff: options.cutoff } : {}),
    ...(options.failOn?.failOn !== undefined ? { failOn: options.failOn.failOn } : {}),
    ...(options.failOn !== undefined && Object.keys(options.failOn.categories).length > 0 ? { categories: options.failOn.categories } : {}),
    ...(options.checks !== undefined ? { checks: options.checks } : {}),
    ...(options.minVersion !== undefined ? { minVersion: { text: options.minVersion, fail: (message: string) => new InputError(`--min-version: ${message}`) } } : {}),
  };
}

/** The --save-evidence directory, made before any host is contacted; a write error is one line and exit 2. */
async function openEvidence(dir: string, fingerprintKeyId: string): Promise<{ writer: EvidenceWriter; save: (file: string, snapshot: Snapshot) => Promise<void> }> {
  const failed = (error: unknown): never => {
    if (error instanceof InputError) throw error;
    throw new InputError(`--save-evidence ${dir}: ${describeFileError(error, 'write')}`);
  };
  const writer = await EvidenceWriter.open(dir).catch(failed);
  // Each file names the key its fingerprints were made under, so a replay with another key is refused.
  return { writer, save: (file, snapshot) => writer.write(file, { ...snapshot, fingerprintKeyId }).catch(failed) };
}

/** The --baseline report's fingerprints, and its name and date for the verdict line. */
async function loadBaseline(path: string): Promise<{ fingerprints: Set<string>; source: { file: string; generatedAt: string } }> {
  const report = await readReport(path, '--baseline');
  return { fingerprints: new Set(report.findings.map((finding) => finding.fingerprint)), source: { file: basename(path), generatedAt: report.generatedAt } };
}

/** The build data a scan would use: shipped, then the policy's builds:, then --builds (the `builds` command). */
export async function loadBuildsTable(options: { policy?: string; builds?: string }): Promise<BuildTable> {
  return (await loadPolicy({ policyFile: options.policy, buildsFile: options.builds }, SHIPPED_BUILDS)).builds;
}

/** One line when the build data is older than STALE_AFTER_DAYS at the as-of date, in the verdict's words. */
function warnAboutStaleBuilds(io: CliIO, table: BuildTable, asOf: string): void {
  const stale = staleBuildData(table.checkedAt, asOf);
  if (stale !== undefined) io.writeErr(`campaign-audit: warning: ${stale.text}\n`);
}

/** Expired and unmatched waivers are worth a line on stderr, not only a line in the report. */
function warnAboutWaivers(io: CliIO, result: ScanResult): void {
  for (const waiver of result.waivers?.expired ?? []) {
    io.writeErr(`campaign-audit: waiver expired on ${waiver.expires} and no longer applies: ${describeWaiver(waiver)}\n`);
  }
  for (const waiver of result.waivers?.unmatched ?? []) {
    io.writeErr(`campaign-audit: waiver matches no finding: ${describeWaiver(waiver)}\n`);
  }
}

/** Waiver fields come from a YAML file: printable and on one line before they reach a terminal. */
function describeWaiver(waiver: WaiverEntry): string {
  const { fingerprint, ruleId, host, instance } = terminalSafe(waiver);
  return fingerprint !== undefined ? `fingerprint ${fingerprint}` : `${ruleId} on ${host}${instance !== undefined ? ` (instance ${instance})` : ''}`;
}

type SourceName = 'dir' | 'evidence' | 'local' | 'targets';

/** --dir, --evidence, --local and SSH targets are different sources: one at a time. */
function exclusive(options: ScanCommandOptions, chosen: SourceName): void {
  const given: SourceName[] = [];
  if (options.dir !== undefined) given.push('dir');
  if (options.evidence !== undefined) given.push('evidence');
  if (options.local) given.push('local');
  if (options.targets.length > 0 || options.inventory !== undefined) given.push('targets');
  const others = given.filter((name) => name !== chosen);
  if (others.length > 0) {
    const label = (name: SourceName): string => (name === 'targets' ? 'SSH targets/--inventory' : `--${name}`);
    throw new InputError(`${label(chosen)} cannot be combined with ${others.map(label).join(', ')}`);
  }
}

/**
 * The report records how each SSH host was reached and the source options (docs/reports.md):
 * the plan rebuilds the route and repeats the options for its rescan. Added here, at the edge
 * that resolved them, after the audit: the engine judges hosts, not connections.
 */
function withSource(result: ScanResult, source: ScanSource): ScanResult {
  const hosts = result.hosts.map((host) => {
    const route = source.routes.get(host.name);
    if (route === undefined) return host;
    const { instances, ...rest } = host;
    return { ...rest, route, instances };
  });
  return { ...result, hosts, ...(source.report !== undefined ? { source: source.report } : {}) };
}

/** The options that chose the hosts and how to reach them, as typed; timeouts and output options are not part of it. */
function sourceOptions(options: ScanCommandOptions): ReportSource | undefined {
  // The demo's folder is inside the tool's own install: a rescan of it means nothing.
  if (options.dir === demoFleetPath()) return undefined;
  if (options.evidence !== undefined) return { kind: 'evidence', options: ['--evidence', options.evidence] };
  if (options.dir !== undefined) return { kind: 'dir', options: ['--dir', options.dir] };
  const installDir = options.installDir !== undefined ? ['--install-dir', options.installDir] : [];
  if (options.local) return { kind: 'local', options: ['--local', ...installDir] };
  const flag = (name: string, value: string | number | undefined): string[] => (value === undefined ? [] : [name, String(value)]);
  return {
    kind: 'ssh',
    options: [
      ...flag('--inventory', options.inventory),
      ...(options.tag ?? []).flatMap((tag) => ['--tag', tag]),
      ...flag('--user', options.user),
      ...flag('--port', options.port),
      ...flag('--identity', options.identity),
      ...flag('--jump', options.jump),
      ...flag('--become', options.become),
      ...installDir,
      ...flag('--known-hosts', options.knownHosts),
      ...flag('--ssh-config', options.sshConfig),
      ...flag('--passphrase-env', options.passphraseEnv),
      // A rescan checks host keys strictly: accept-new recorded them during this scan.
      ...(options.targets.length > 0 ? ['--', ...options.targets] : []),
    ],
  };
}

/** Where the snapshots come from, and what the progress line and --save-evidence need of it. */
interface ScanSource {
  /**
   * The hosts, redacted with `redact`. The source is resolved first (targets, inventory, evidence
   * files), so a bad input fails before the fingerprint key is read or made.
   */
  snapshots(redact: Redactor): SnapshotSource;
  /** The source as the report records it, and each SSH host's route by name. */
  report: ReportSource | undefined;
  routes: ReadonlyMap<string, HostRoute>;
  /** In words, for the progress line. */
  what: string;
  /** The hosts' names in order, when known before the first is read (not for evidence). */
  hostNames: readonly string[];
  close(): Promise<void>;
}

async function openSource(io: CliIO, options: ScanCommandOptions, progress: Progress): Promise<ScanSource> {
  // Trees of files that hosts hold alike are parsed once, within one per-host budget.
  const sharedParses = new SharedParses(MAX_OUTPUT_BYTES);
  if (options.evidence !== undefined) {
    exclusive(options, 'evidence');
    const files = await evidenceFiles(options.evidence);
    return { report: sourceOptions(options), routes: new Map(), snapshots: (redact) => evidenceSnapshots(files, redact, { shared: sharedParses }), what: `evidence in ${options.evidence}`, hostNames: [], close: async () => {} };
  }
  const { transport, targets, what } = await resolveTransport(io, options);
  const snapshots = (redact: Redactor): SnapshotSource => fleetSnapshots(targets, transport, {
    concurrency: options.concurrency,
    commandTimeout: options.commandTimeout,
    redact,
    sharedParses,
    now: () => io.now(),
    onHostStart: (target) => progress.hostStarted(target),
    onHostDone: (snapshot, done, total) => progress.hostDone(snapshot, done, total),
    ...(progress.verbose ? { onLog: (target: HostTarget, message: string) => progress.log(target, message) } : {}),
  });
  const routes = new Map(targets.flatMap((target) => (target.route !== undefined ? [[target.name, target.route] as const] : [])));
  return { report: sourceOptions(options), routes, snapshots, what, hostNames: targets.map((target) => target.name), close: async () => transport.close?.() };
}

/**
 * --dry-run: the hosts resolved exactly as the scan would (its inputs already read and checked),
 * then what would run on each. No connection, no known_hosts entry, no key file, no evidence.
 */
async function dryRun(io: CliIO, options: ScanCommandOptions): Promise<number> {
  if (options.evidence !== undefined) throw new InputError('--dry-run shows what a scan would run on hosts; --evidence reads saved snapshots and runs nothing');
  const { transport, targets, what } = await resolveTransport(io, options);
  try {
    io.writeOut(renderDryRun(transport.kind === 'dir' || transport.kind === 'local' ? transport.kind : 'ssh', targets, what, { root: options.dir, agent: Boolean(io.env.SSH_AUTH_SOCK) }));
  } finally {
    await transport.close?.();
  }
  return EXIT_PASS;
}

async function resolveTransport(io: CliIO, options: ScanCommandOptions): Promise<{ transport: Transport; targets: HostTarget[]; what: string }> {
  if (options.dir !== undefined) {
    exclusive(options, 'dir');
    const targets = await discoverDirectoryTargets(options.dir);
    const remote = remoteDirectoryWarning(options.dir);
    if (remote !== undefined) io.writeErr(`campaign-audit: warning: ${terminalSafe(remote)}\n`);
    return { transport: createDirectoryTransport(), targets, what: `offline copies in ${options.dir}` };
  }
  if (options.local) {
    exclusive(options, 'local');
    const installDir = options.installDir ?? DEFAULT_INSTALL_DIR;
    return { transport: createLocalTransport(), targets: [{ name: hostname(), address: 'localhost', tags: [], installDir }], what: `local install ${installDir}` };
  }
  if (options.targets.length > 0 || options.inventory !== undefined) {
    exclusive(options, 'targets');
    // Loaded on demand: ssh2 and the SSH plumbing cost start-up time that offline scans never need.
    const { resolveSshSource } = await import('./ssh-source.js');
    return resolveSshSource(io, {
      ...options,
      connectTimeout: options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT,
      hostKeyPolicy: options.hostKeyPolicy ?? 'strict',
    });
  }
  throw new InputError('nothing to scan: give SSH targets, --inventory FILE, --dir PATH, --local or --evidence PATH');
}
