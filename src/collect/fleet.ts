// Runs a transport over many hosts with bounded concurrency. One host's failure is that host's
// status; it never stops the others (DESIGN.md §4).
import type { HostTarget, Snapshot } from '../model.js';
import type { ParsedDocuments } from '../parse/xml.js';
import type { Redactor } from './redact.js';
import { toSnapshot } from './snapshot.js';
import { failedHost, MAX_FILE_BYTES, type RawHost, type Transport } from './transport.js';

export interface FleetOptions {
  concurrency: number;
  commandTimeout: number;
  maxFileBytes?: number;
  redact: Redactor;
  /** The scan's hand-off of parsed trees to buildFacts (see ParsedDocuments). */
  documents?: ParsedDocuments;
  now: () => Date;
  signal?: AbortSignal;
  onHostStart?: (target: HostTarget) => void;
  onHostDone?: (snapshot: Snapshot, done: number, total: number) => void;
  /** `--verbose`: what happened on one host, step by step. */
  onLog?: (target: HostTarget, message: string) => void;
}

export async function collectFleet(targets: readonly HostTarget[], transport: Transport, options: FleetOptions): Promise<Snapshot[]> {
  const results: Snapshot[] = new Array<Snapshot>(targets.length);
  const signal = options.signal ?? new AbortController().signal;
  let next = 0;
  let done = 0;

  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const index = next++;
      const target = targets[index] as HostTarget;
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
      const snapshot = toSnapshot(target, raw, { kind: transport.kind, now: options.now(), redact: options.redact, ...(options.documents ? { documents: options.documents } : {}) });
      results[index] = snapshot;
      log?.(describeSnapshot(snapshot, Date.now() - started));
      done += 1;
      options.onHostDone?.(snapshot, done, targets.length);
    }
  };

  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency, targets.length)) }, () => worker());
  await Promise.all(workers);
  return results;
}

/** One `--verbose` line from the redacted snapshot: what was read, never what it said. */
function describeSnapshot(snapshot: Snapshot, ms: number): string {
  const files = snapshot.files.map((file) => `${file.path.replace(/^conf\//, '')} ${file.error !== undefined ? `(${file.error})` : `${file.size ?? '?'} B`}`);
  const pdump = snapshot.pdump !== null ? `${snapshot.pdump.split('\n').filter((line) => line.trim() !== '').length} pdump line(s)` : `no pdump${snapshot.pdumpError !== undefined ? ` (${snapshot.pdumpError})` : ''}`;
  const state = snapshot.status === 'ok' ? 'ok' : `${snapshot.status}: ${snapshot.error ?? ''}`;
  return `${state} in ${ms} ms; conf/ lists ${snapshot.confListing.length} name(s); read ${files.length > 0 ? files.join(', ') : 'no file'}; ${pdump}`;
}
