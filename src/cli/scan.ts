// The scan and demo commands: pick a source, collect, evaluate, write every requested report.
import { hostname } from 'node:os';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverDirectoryTargets, createDirectoryTransport } from '../collect/directory.js';
import { evidenceFiles, EvidenceWriter, streamEvidence } from '../collect/evidence.js';
import { streamFleet } from '../collect/fleet.js';
import { createLocalTransport } from '../collect/local.js';
import { createRedactor } from '../collect/redact.js';
import type { Transport } from '../collect/transport.js';
import { staleDays, type BuildTable } from '../data/builds.js';
import { describeFileError, InputError } from '../errors.js';
import { buildFacts } from '../parse/facts.js';
import { SharedParses, type ParsedDocuments } from '../parse/xml.js';
import { MAX_OUTPUT_BYTES } from '../collect/frames.js';
import type { HostTarget, Policy, ScanResult, Severity, Snapshot, WaiverEntry } from '../model.js';
import { DEFAULT_INSTALL_DIR, defaultPolicy, redactedAttributes } from '../engine/policy.js';
import { buildResult, exitCodeOf, EXIT_USAGE, HostJudge } from '../engine/result.js';
import { loadBuildsFile } from '../inputs/builds-file.js';
import { terminalSafe } from '../render/text.js';
import { loadPolicyFile } from '../inputs/policy-file.js';
import { readReport } from '../inputs/report-file.js';
import { loadWaivers } from '../inputs/waivers-file.js';
import type { CliIO } from './io.js';
import { checkStdoutFormats, writeReports } from './output.js';
import { todayUtc, type FormatSpec, type MinVersion } from './options.js';
import { createProgress } from './progress.js';
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
  minVersion?: MinVersion;
  failOn?: Severity | 'none';
  waivers?: string;
  baseline?: string;
  policy?: string;
  builds?: string;
  saveEvidence?: string;
  progress: boolean;
  quiet?: boolean;
  verbose?: boolean;
  debug?: boolean;
}

const DEFAULT_CONNECT_TIMEOUT = 10;

export function demoFleetPath(): string {
  return fileURLToPath(new URL('../../fixtures/demo', import.meta.url));
}

export async function runScan(io: CliIO, options: ScanCommandOptions): Promise<number> {
  // Inputs are read before any host is contacted: a typo must not cost a fleet scan.
  const policy = await buildPolicy(options);
  const waivers = options.waivers !== undefined ? await loadWaivers(options.waivers) : undefined;
  const baseline = options.baseline !== undefined ? await loadBaseline(options.baseline) : undefined;
  const formats = options.format ?? [{ format: 'table' }];
  checkStdoutFormats(formats);
  const redact = createRedactor(redactedAttributes(policy));
  if (options.quiet && (options.verbose || options.debug)) throw new InputError(`--quiet cannot be combined with ${options.debug ? '--debug' : '--verbose'}`);
  const progress = createProgress(io, options.progress && !options.quiet, options.verbose || options.debug);

  // Hosts are judged as they finish (result.ts HostJudge): a host's snapshot, parsed trees and
  // effective configuration go as soon as its findings are known, and only its summary and
  // findings stay for the fleet rules and the reports. Each file is parsed once: by the
  // collector's redaction check, which hands the tree on to buildFacts through the host's own
  // ParsedDocuments. The as-of date is fixed before the first host is judged.
  const asOf = options.asOf ?? todayUtc(io.now());
  const judge = new HostJudge({ policy, asOf });
  // Trees of files that hosts hold alike are parsed once, within one per-host budget.
  const sharedParses = new SharedParses(MAX_OUTPUT_BYTES);
  const judgeHost = (snapshot: Snapshot, index: number, documents: ParsedDocuments): void => {
    judge.add(index, buildFacts(snapshot, policy.signatures, documents));
  };
  // --save-evidence: each host's file is written as the host is done, then the snapshot goes
  // too. Its directory is made once the source is known, before any host is read.
  const saveTo = options.saveEvidence;
  let saved: EvidenceWriter | undefined;
  if (options.evidence !== undefined) {
    exclusive(options, 'evidence');
    const files = await evidenceFiles(options.evidence);
    const evidence = saveTo !== undefined ? await openEvidence(saveTo) : undefined;
    saved = evidence?.writer;
    let index = 0;
    await streamEvidence(files, redact, async (snapshot, documents) => {
      judgeHost(snapshot, index++, documents);
      if (evidence) await evidence.save(evidence.writer.reserve(snapshot.host.name), snapshot);
    }, { shared: sharedParses });
  } else {
    const { transport, targets, what } = await resolveSource(io, options);
    try {
      const evidence = saveTo !== undefined ? await openEvidence(saveTo) : undefined;
      saved = evidence?.writer;
      // File names are given in target order: they do not depend on which host finishes first.
      const paths = evidence ? targets.map((target) => evidence.writer.reserve(target.name)) : [];
      progress.start(targets.length, what);
      await streamFleet(
        targets,
        transport,
        {
          concurrency: options.concurrency,
          commandTimeout: options.commandTimeout,
          redact,
          sharedParses,
          now: () => io.now(),
          onHostStart: (target) => progress.hostStarted(target),
          onHostDone: (snapshot, done, total) => progress.hostDone(snapshot, done, total),
          ...(progress.verbose ? { onLog: (target: HostTarget, message: string) => progress.log(target, message) } : {}),
        },
        async (snapshot, { index, documents }) => {
          judgeHost(snapshot, index, documents);
          if (evidence) await evidence.save(paths[index] as string, snapshot);
        },
      );
    } catch (error) {
      // An evidence file that cannot be written stops the scan: the progress line gives way to the error.
      progress.finish();
      throw error;
    } finally {
      await transport.close?.();
    }
    progress.finish();
  }
  if (saved && !options.quiet) io.writeErr(`campaign-audit: saved ${saved.written.length} snapshot(s) to ${saveTo}\n`);

  const { hosts, findings } = judge.finish();
  const now = io.now();
  const result = buildResult(hosts, findings, {
    policy,
    asOf,
    generatedAt: now.toISOString(),
    tool: toolInfo(),
    ...(waivers ? { waivers } : {}),
    ...(baseline ? { baseline: baseline.fingerprints, baselineSource: baseline.source } : {}),
  });
  if (!options.quiet) warnAboutStaleBuilds(io, policy.builds, result.asOf);
  if (!options.quiet) warnAboutWaivers(io, result);
  return (await writeReports(io, result, formats, { quiet: options.quiet === true })) ? exitCodeOf(result) : EXIT_USAGE;
}

/** The --save-evidence directory, made before any host is contacted; a write error is one line and exit 2. */
async function openEvidence(dir: string): Promise<{ writer: EvidenceWriter; save: (file: string, snapshot: Snapshot) => Promise<void> }> {
  const failed = (error: unknown): never => {
    throw new InputError(`--save-evidence ${dir}: ${describeFileError(error, 'write')}`);
  };
  const writer = await EvidenceWriter.open(dir).catch(failed);
  return { writer, save: (file, snapshot) => writer.write(file, snapshot).catch(failed) };
}

/** The --baseline report's fingerprints, and its name and date for the verdict line. */
async function loadBaseline(path: string): Promise<{ fingerprints: Set<string>; source: { file: string; generatedAt: string } }> {
  const report = await readReport(path, '--baseline');
  return { fingerprints: new Set(report.findings.map((finding) => finding.fingerprint)), source: { file: basename(path), generatedAt: report.generatedAt } };
}

/** Defaults, then the --policy file, then flags: the most specific word wins. */
async function buildPolicy(options: ScanCommandOptions): Promise<Policy> {
  const policy = options.policy !== undefined ? await loadPolicyFile(options.policy, defaultPolicy()) : defaultPolicy();
  if (options.builds !== undefined) policy.builds = await loadBuildsFile(options.builds, policy.builds);
  if (options.cutoff !== undefined) policy.cutoff = options.cutoff;
  if (options.failOn !== undefined) policy.failOn = options.failOn;
  if (options.minVersion) {
    policy.minVersion = options.minVersion.minVersion;
    policy.minBuild = options.minVersion.minBuild;
  }
  return policy;
}

/** The build data a scan would use: shipped, then the policy's builds:, then --builds (the `builds` command). */
export async function loadBuildsTable(options: { policy?: string; builds?: string }): Promise<BuildTable> {
  return (await buildPolicy({ targets: [], concurrency: 1, commandTimeout: 1, progress: false, ...options })).builds;
}

/** One line when the build data is older than STALE_AFTER_DAYS at the as-of date: newer builds and bulletins may be missing. */
function warnAboutStaleBuilds(io: CliIO, table: BuildTable, asOf: string): void {
  const days = staleDays(table, asOf);
  if (days === null) return;
  io.writeErr(`campaign-audit: warning: the build data was last checked on ${table.checkedAt}, ${days} days before ${asOf}; newer builds and security bulletins may be missing (update campaign-audit or add rows with --builds FILE)\n`);
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

async function resolveSource(io: CliIO, options: ScanCommandOptions): Promise<{ transport: Transport; targets: HostTarget[]; what: string }> {
  if (options.dir !== undefined) {
    exclusive(options, 'dir');
    return { transport: createDirectoryTransport(), targets: await discoverDirectoryTargets(options.dir), what: `offline copies in ${options.dir}` };
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
