// Runs a transport over many hosts with bounded concurrency. One host's failure is that host's
// status; it never stops the others (DESIGN.md §4).
import type { HostTarget, Snapshot } from '../model.js';
import { ParsedDocuments, type SharedParses } from '../parse/xml.js';
import type { Redactor } from './redact.js';
import { toSnapshot } from './snapshot.js';
import { failedHost, MAX_FILE_BYTES, type RawHost, type Transport } from './transport.js';

export interface FleetOptions {
  concurrency: number;
  commandTimeout: number;
  maxFileBytes?: number;
  redact: Redactor;
  /** Parsed trees handed on to buildFacts (see ParsedDocuments); without it, streamFleet makes one per host. */
  documents?: ParsedDocuments;
  /** Trees the per-host ParsedDocuments share between hosts (files deployed alike), within a fixed size. */
  sharedParses?: SharedParses;
  now: () => Date;
  signal?: AbortSignal;
  onHostStart?: (target: HostTarget) => void;
  onHostDone?: (snapshot: Snapshot, done: number, total: number) => void;
  /** `--verbose`: what happened on one host, step by step. */
  onLog?: (target: HostTarget, message: string) => void;
}

/** Every host's snapshot, in target order. */
export async function collectFleet(targets: readonly HostTarget[], transport: Transport, options: FleetOptions): Promise<Snapshot[]> {
  return streamFleet(targets, transport, options, (snapshot) => snapshot);
}

/**
 * Runs `take` on each host's snapshot as soon as the host is done, and keeps only what it returns
 * (in target order): a scan keeps a host's summary and findings, not its files. `documents` holds
 * the trees parsed while the snapshot was made, for buildFacts: options.documents when given,
 * else one ParsedDocuments per host (over options.sharedParses), which goes with the snapshot.
 */
export async function streamFleet<T>(
  targets: readonly HostTarget[],
  transport: Transport,
  options: FleetOptions,
  take: (snapshot: Snapshot, host: { index: number; documents: ParsedDocuments }) => T | Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(targets.length);
  const signal = options.signal ?? new AbortController().signal;
  let next = 0;
  let done = 0;
  // `take` failing (a write error) stops the scan: hosts in flight finish, no new one starts.
  let failed: { error: unknown } | undefined;

  const worker = async (): Promise<void> => {
    while (next < targets.length && failed === undefined) {
      const index = next++;
      const target = targets[index] as HostTarget;
      const documents = options.documents ?? new ParsedDocuments(options.sharedParses);
      const snapshot = await collectHost(target, transport, options, signal, documents);
      done += 1;
      options.onHostDone?.(snapshot, done, targets.length);
      try {
        results[index] = await take(snapshot, { index, documents });
      } catch (error) {
        failed ??= { error };
      }
    }
  };

  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency, targets.length)) }, () => worker());
  await Promise.all(workers);
  if (failed !== undefined) throw failed.error;
  return results;
}

/** One host's snapshot; what the transport read is not kept past it. */
async function collectHost(target: HostTarget, transport: Transport, options: FleetOptions, signal: AbortSignal, documents: ParsedDocuments): Promise<Snapshot> {
  options.onHostStart?.(target);
  const onLog = options.onLog;
  const log = onLog ? (message: string): void => onLog(target, message) : undefined;
  const started = Date.now();
  let raw: RawHost;
  try {
    raw = await transport.collect(target, {
      signal,
      maxFileBytes: options.maxFileBytes ?? MAX_FILE_BYTES,
      commandTimeout: options.commandTimeout,
      ...(log ? { log } : {}),
    });
  } catch (error) {
    // A transport bug must not sink the fleet; keep its message (never a secret: transports
    // only ever see redacted text through toSnapshot) and carry on.
    raw = failedHost('error', error instanceof Error ? error.message : String(error));
  }
  const snapshot = toSnapshot(target, raw, { kind: transport.kind, now: options.now(), redact: options.redact, documents });
  log?.(describeSnapshot(snapshot, Date.now() - started));
  return snapshot;
}

/** One `--verbose` line from the redacted snapshot: what was read, never what it said. */
function describeSnapshot(snapshot: Snapshot, ms: number): string {
  const files = snapshot.files.map((file) => `${file.path.replace(/^conf\//, '')} ${file.error !== undefined ? `(${file.error})` : `${file.size ?? '?'} B`}`);
  const pdump = snapshot.pdump !== null ? `${snapshot.pdump.split('\n').filter((line) => line.trim() !== '').length} pdump line(s)` : `no pdump${snapshot.pdumpError !== undefined ? ` (${snapshot.pdumpError})` : ''}`;
  const state = snapshot.status === 'ok' ? 'ok' : `${snapshot.status}: ${snapshot.error ?? ''}`;
  return `${state} in ${ms} ms; conf/ lists ${snapshot.confListing.length} name(s); read ${files.length > 0 ? files.join(', ') : 'no file'}; ${pdump}`;
}
