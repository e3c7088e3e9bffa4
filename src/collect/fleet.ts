// Runs a transport over many hosts with bounded concurrency. One host's failure is that host's
// status; it never stops the others (DESIGN.md §4).
import type { HostTarget, Snapshot } from '../model.js';
import type { Redactor } from './redact.js';
import { toSnapshot } from './snapshot.js';
import { failedHost, MAX_FILE_BYTES, type RawHost, type Transport } from './transport.js';

export interface FleetOptions {
  concurrency: number;
  commandTimeout: number;
  maxFileBytes?: number;
  redact: Redactor;
  now: () => Date;
  signal?: AbortSignal;
  onHostStart?: (target: HostTarget) => void;
  onHostDone?: (snapshot: Snapshot, done: number, total: number) => void;
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
      let raw: RawHost;
      try {
        raw = await transport.collect(target, {
          signal,
          maxFileBytes: options.maxFileBytes ?? MAX_FILE_BYTES,
          commandTimeout: options.commandTimeout,
        });
      } catch (error) {
        // A transport bug must not sink the fleet; keep its message (never a secret: transports
        // only ever see redacted text through toSnapshot) and carry on.
        raw = failedHost('error', error instanceof Error ? error.message : String(error));
      }
      const snapshot = toSnapshot(target, raw, { kind: transport.kind, now: options.now(), redact: options.redact });
      results[index] = snapshot;
      done += 1;
      options.onHostDone?.(snapshot, done, targets.length);
    }
  };

  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency, targets.length)) }, () => worker());
  await Promise.all(workers);
  return results;
}
