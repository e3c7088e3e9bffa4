// Snapshots → ScanResult (docs/reports.md#json--f-json), and the exit code as one pure function of
// the result (docs/reports.md#exit-codes: 0 pass, 1 gate failed, 3 scan incomplete; 2 is decided
// by the CLI).
import { compareFindings, countBySeverity, evaluateFleet, evaluateHost, judgementOf, summarizeHost, summarizeInstance, type EvaluateOptions } from './evaluate.js';
import type { Judgement } from '../rules/define.js';
import { isShipped } from '../data/build-types.js';
import { staleBuildData } from '../data/builds.js';
import { DEFAULT_CHECKS, type BuildDataSummary, type Finding, type FingerprintInfo, type HostFacts, type HostReport, type HostSummary, type Policy, type ScanResult, type Verdict } from '../model.js';
import { gatingFindings, summarizeCategories } from './categories.js';
import { isBaselineOverridden, type GateSettings } from './policy.js';
import { applyWaivers, type Waiver } from './waivers.js';

export interface ResultOptions {
  policy: Policy;
  asOf: string;
  generatedAt: string;
  tool: { name: string; version: string };
  /** From --waivers: matching findings stay listed, marked, and do not gate. */
  waivers?: readonly Waiver[];
  /** Fingerprints of the --baseline report: only findings absent from it gate. */
  baseline?: ReadonlySet<string>;
  /** Which report the baseline is, for the verdict's words: its file name and generatedAt. */
  baselineSource?: { file: string; generatedAt: string };
  /** How the report's secret values were fingerprinted (its key id). */
  fingerprints?: FingerprintInfo;
}

/**
 * Judges a fleet one host at a time, in any order: each host's facts go through the host rules
 * as soon as they are built, and only its summary and findings are kept (a few KiB), so the
 * facts (parsed files, effective configuration per instance) and the snapshot they came from
 * can go. The fleet rules run on the summaries at the end. Hosts are placed by index, so the
 * result is the same whatever order they finish in, and the same as evaluate() on all facts.
 */
export class HostJudge {
  readonly #options: EvaluateOptions;
  readonly #judgement: Judgement;
  readonly #hosts: HostSummary[] = [];
  readonly #findings: Finding[][] = [];

  constructor(options: EvaluateOptions) {
    this.#options = { policy: options.policy, asOf: options.asOf, ...(options.rules ? { rules: options.rules } : {}) };
    this.#judgement = judgementOf(this.#options);
  }

  add(index: number, facts: HostFacts): void {
    // Copied, not referenced: a value read from a file (a client id, a path, a build) is a slice
    // of the file's text to V8, and a slice keeps its whole text alive, so without the copy each
    // host kept its files until the report (docs/security.md#7-bounded-cost-every-input-has-a-bound-and-a-host-over-one-is-that-hosts-error).
    this.#findings[index] = structuredClone(evaluateHost(facts, this.#options, this.#judgement));
    this.#hosts[index] = structuredClone(summarizeHost(facts));
  }

  /** Every host's summary in fleet order and every finding, sorted. */
  finish(): { hosts: HostSummary[]; findings: Finding[] } {
    const hosts = Array.from(this.#hosts, (host, index) => {
      if (host === undefined) throw new Error(`host ${index} was never judged`);
      return host;
    });
    const findings = this.#findings.flat();
    findings.push(...evaluateFleet(hosts, this.#options, this.#judgement));
    return { hosts, findings: findings.sort(compareFindings) };
  }
}

export function buildResult(facts: readonly HostSummary[], evaluated: Finding[], options: ResultOptions): ScanResult {
  const hosts = facts.map(toHostReport);
  const scanned = hosts.filter((host) => host.status === 'ok').length;
  const waived = options.waivers ? applyWaivers(evaluated, options.waivers, options.asOf) : undefined;
  const baseline = options.baseline;
  const findings = (waived?.findings ?? evaluated).map((finding) => (baseline ? { ...finding, baseline: baseline.has(finding.fingerprint) } : finding));
  const open = findings.filter((finding) => !finding.waived);
  const { policy } = options;
  const baselined = open.filter((finding) => isAccepted(finding, policy)).length;
  // Absent means DEFAULT_CHECKS (docs/reports.md#categories), as in reports written before hardening existed.
  const isDefaultChecks = policy.checks.length === DEFAULT_CHECKS.length && DEFAULT_CHECKS.every((category) => policy.checks.includes(category));
  const checks = isDefaultChecks ? undefined : [...policy.checks];
  const stale = staleBuildData(policy.builds.checkedAt, options.asOf);
  return {
    schemaVersion: 1,
    tool: options.tool,
    generatedAt: options.generatedAt,
    asOf: options.asOf,
    policy: {
      cutoff: policy.cutoff,
      minVersion: policy.minVersion,
      minBuild: policy.minBuild,
      failOn: policy.failOn,
      ...(checks ? { checks } : {}),
      ...(Object.keys(policy.categories).length > 0 ? { categories: structuredClone(policy.categories) } : {}),
      ...(policy.alwaysGate !== 'none' ? { alwaysGate: policy.alwaysGate } : {}),
      ...(policy.rulesOff.length > 0 ? { rulesOff: [...policy.rulesOff] } : {}),
      ...(policy.checks.includes('hardening') ? { hardening: structuredClone(policy.hardening) } : {}),
    },
    summary: {
      hosts: hosts.length,
      scanned,
      notScanned: hosts.length - scanned,
      findings: countBySeverity(open),
      waived: findings.length - open.length,
      ...(baseline ? { baselined } : {}),
      ...(baseline && options.baselineSource ? { baseline: { ...options.baselineSource, accepted: baselined } } : {}),
      gating: gatingFindings(open, policy).length,
      verdict: verdictOf(open, hosts.length - scanned, policy),
      categories: summarizeCategories({ findings: open, hosts, gate: policy, checks }),
      ...(stale ? { staleBuildData: stale } : {}),
    },
    hosts,
    findings,
    ...(waived ? { waivers: waived.report } : {}),
    buildData: summarizeBuildData(policy),
    ...(options.fingerprints ? { fingerprints: options.fingerprints } : {}),
  };
}

function summarizeBuildData({ builds }: Policy): BuildDataSummary {
  const rows = builds.rows.filter((row) => !isShipped(row.origin)).map(({ origin: _origin, ...row }) => row);
  const bulletins = builds.bulletins.filter((bulletin) => !isShipped(bulletin.origin)).map(({ origin: _origin, ...bulletin }) => bulletin);
  return {
    checkedAt: builds.checkedAt,
    rows: builds.rows.length,
    extraRows: rows.length,
    files: [...builds.files],
    ...(rows.length > 0 || bulletins.length > 0 ? { added: { builds: rows, bulletins } } : {}),
  };
}

function toHostReport(host: HostSummary): HostReport {
  return {
    name: host.name,
    address: host.address,
    status: host.status,
    ...(host.error !== undefined ? { error: host.error } : {}),
    product: host.version?.product ?? null,
    version: host.version?.version ?? null,
    build: host.version?.build ?? null,
    sha: host.version?.sha ?? null,
    tags: host.tags,
    ...(host.installDir !== undefined ? { installDir: host.installDir } : {}),
    instances: host.instances.map(summarizeInstance),
  };
}

export { gatingFindings } from './categories.js';

/** An open finding the baseline accepts: in the baseline report and below the policy's alwaysGate. */
export function isAccepted(finding: Pick<Finding, 'baseline' | 'waived' | 'severity'>, gate: GateSettings): boolean {
  return !finding.waived && finding.baseline === true && !isBaselineOverridden(finding.severity, gate);
}

export function verdictOf(openFindings: readonly Finding[], notScanned: number, gate: GateSettings): Verdict {
  if (gatingFindings(openFindings, gate).length > 0) return 'fail';
  return notScanned > 0 ? 'incomplete' : 'pass';
}

export const EXIT_PASS = 0;
export const EXIT_GATE_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INCOMPLETE = 3;

/** What an incomplete scan exits with (--incomplete, docs/reports.md#exit-codes): 0, 1 or 3 (the default). */
export const INCOMPLETE_OUTCOMES = ['pass', 'fail', 'error'] as const;
export type IncompleteOutcome = (typeof INCOMPLETE_OUTCOMES)[number];

const INCOMPLETE_EXIT = { pass: EXIT_PASS, fail: EXIT_GATE_FAILED, error: EXIT_INCOMPLETE } as const satisfies Record<IncompleteOutcome, number>;

export function exitCodeOf(result: ScanResult, options: { incomplete?: IncompleteOutcome } = {}): number {
  switch (result.summary.verdict) {
    case 'fail':
      return EXIT_GATE_FAILED;
    case 'incomplete':
      return INCOMPLETE_EXIT[options.incomplete ?? 'error'];
    case 'pass':
      return EXIT_PASS;
  }
}
