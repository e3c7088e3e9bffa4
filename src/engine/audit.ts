// The audit core: snapshots in, a ScanResult out. Every source of snapshots — SSH, offline
// copies (--dir), this machine (--local), saved evidence — is an async iterable of hosts, and
// every caller (the CLI, the package API, the tests) judges them here, the one way:
// snapshot → facts → host rules → summary, then the fleet rules and the result.
import { buildFacts } from '../parse/facts.js';
import { fingerprintInfo, type Fingerprinter } from './fingerprint.js';
import type { ParsedDocuments } from '../parse/xml.js';
import type { ScanResult, Snapshot } from '../model.js';
import { buildResult, HostJudge, type ResultOptions } from './result.js';

/** One host as a source yields it. */
export interface SourcedSnapshot {
  /**
   * Its place in the fleet (the order of the targets, or of the evidence files): hosts are
   * reported in this order whatever order they finish in. A source yields each index once,
   * from 0 up without gaps, in any order.
   */
  index: number;
  snapshot: Snapshot;
  /** Trees the source parsed while redacting, so that the facts do not parse them again. */
  documents?: ParsedDocuments;
}

export type SnapshotSource = AsyncIterable<SourcedSnapshot>;

export interface AuditOptions extends Omit<ResultOptions, 'generatedAt' | 'fingerprints'> {
  /** The fingerprinter the source redacted with: facts tell its form, the result names its key. */
  fingerprints: Fingerprinter;
  /** The clock: the result's generatedAt is read once the last host is judged. */
  now: () => Date;
  /**
   * Called with each host once it is judged, before the next one is taken (--save-evidence
   * writes it): a throw stops the audit, and the source stops starting new hosts.
   */
  onHost?: (host: SourcedSnapshot) => void | Promise<void>;
}

/**
 * Judges a fleet as its hosts come: each host's facts go through the host rules at once and only
 * its summary and findings are kept (HostJudge), so memory does not grow with the size of the
 * hosts' files. The fleet rules run on the summaries at the end.
 */
export async function audit(source: SnapshotSource, options: AuditOptions): Promise<ScanResult> {
  const { now, onHost, fingerprints, ...resultOptions } = options;
  const judge = new HostJudge(resultOptions);
  const context = { ...resultOptions.policy, fingerprints };
  for await (const host of source) {
    judge.add(host.index, buildFacts(host.snapshot, context, host.documents));
    await onHost?.(host);
  }
  const { hosts, findings } = judge.finish();
  return buildResult(hosts, findings, { ...resultOptions, generatedAt: now().toISOString(), fingerprints: fingerprintInfo(fingerprints) });
}

/** A source of snapshots already in memory (a test's hand-made hosts, the package API's callers). */
export async function* snapshotsOf(snapshots: Iterable<Snapshot>): SnapshotSource {
  let index = 0;
  for (const snapshot of snapshots) yield { index: index++, snapshot };
}
