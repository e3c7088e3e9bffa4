// Runs a transport over many hosts with bounded concurrency. One host's failure is that host's
// status; it never stops the others (docs/ssh.md#statuses-and-exit-codes).
import type { SnapshotSource, SourcedSnapshot } from '../engine/audit.js';
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
  /** Parsed trees handed on to buildFacts (see ParsedDocuments); without it, each host gets its own. */
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

/**
 * The fleet as a snapshot source (engine/audit.ts): at most `concurrency` hosts in flight, each
 * yielded as soon as it is done, with its place in the target order. A host waits for the
 * consumer to take it before its worker starts another, so at most `concurrency` snapshots are
 * held at once. When the consumer stops (a --save-evidence write failed), no new host starts and
 * the hosts in flight finish before the source ends. `documents` of each host: options.documents
 * when given, else one ParsedDocuments per host (over options.sharedParses), which goes with it.
 */
export async function* fleetSnapshots(targets: readonly HostTarget[], transport: Transport, options: FleetOptions): SnapshotSource {
  const signal = options.signal ?? new AbortController().signal;
  const ready: { host: SourcedSnapshot; taken: () => void }[] = [];
  let wake: (() => void) | undefined;
  let stopped = false;
  let next = 0;
  let done = 0;

  const worker = async (): Promise<void> => {
    while (!stopped && next < targets.length) {
      const index = next++;
      const target = targets[index] as HostTarget;
      const documents = options.documents ?? new ParsedDocuments(options.sharedParses);
      const snapshot = await collectHost(target, transport, options, signal, documents);
      done += 1;
      options.onHostDone?.(snapshot, done, targets.length);
      // The consumer has stopped: nobody will take this host, so do not wait for it.
      if (stopped) return;
      await new Promise<void>((taken) => {
        ready.push({ host: { index, snapshot, documents }, taken });
        wake?.();
      });
    }
  };

  let ended: { error?: unknown } | undefined;
  const workers = Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, targets.length)) }, () => worker()));
  void workers.then(
    () => (ended = {}),
    (error: unknown) => (ended = { error }),
  ).finally(() => wake?.());
  try {
    for (;;) {
      const item = ready.shift();
      if (item !== undefined) {
        try {
          yield item.host;
        } finally {
          item.taken();
        }
        continue;
      }
      if (ended !== undefined) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    stopped = true;
    for (const item of ready.splice(0)) item.taken();
    await workers.catch(() => undefined);
  }
  if (ended?.error !== undefined) throw ended.error;
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
