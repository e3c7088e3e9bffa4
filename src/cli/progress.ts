// Progress on stderr: one updating line on a TTY, a plain line per host otherwise, nothing
// when quiet. stdout carries only the report (docs/reports.md#exit-codes, "Streams").
import type { HostTarget, Snapshot } from '../model.js';
import { printableLine } from '../render/text.js';
import type { CliIO } from './io.js';

export interface Progress {
  /** `--verbose`: log() lines are wanted. */
  readonly verbose: boolean;
  start(total: number, what: string): void;
  hostStarted(target: HostTarget): void;
  hostDone(snapshot: Snapshot, done: number, total: number): void;
  /** One `--verbose` line about a host, timestamped; text from the host is made printable. */
  log(target: HostTarget, message: string): void;
  finish(): void;
}

/** What progress to write: the per-host lines or updating line (`enabled`), and the `--verbose` log lines. */
export interface ProgressOptions {
  enabled: boolean;
  verbose?: boolean;
}

export function createProgress(io: CliIO, { enabled, verbose = false }: ProgressOptions): Progress {
  if (!enabled && !verbose) return { verbose: false, start() {}, hostStarted() {}, hostDone() {}, log() {}, finish() {} };
  // Verbose lines are whole lines: the updating TTY line would tear them, so it gives way.
  const tty = io.isStderrTTY && !verbose;
  const started = io.now().getTime();
  let failed = 0;
  let lastLength = 0;
  const redraw = (line: string): void => {
    const padded = line.length < lastLength ? line + ' '.repeat(lastLength - line.length) : line;
    lastLength = line.length;
    io.writeErr(`\r${padded}`);
  };
  return {
    verbose,
    log(target, message) {
      if (!verbose) return;
      const seconds = ((io.now().getTime() - started) / 1000).toFixed(3);
      io.writeErr(`campaign-audit: +${seconds}s ${printableLine(target.name)}: ${printableLine(message)}\n`);
    },
    start(total, what) {
      if (!tty) io.writeErr(`campaign-audit: scanning ${total} host${total === 1 ? '' : 's'} (${what})\n`);
    },
    hostStarted() {},
    hostDone(snapshot, done, total) {
      if (snapshot.status !== 'ok') failed += 1;
      const state = snapshot.status === 'ok' ? 'ok' : `${snapshot.status}: ${printableLine(snapshot.error ?? '')}`;
      const name = printableLine(snapshot.host.name);
      if (tty) redraw(`campaign-audit: [${done}/${total}] ${failed} not scanned - last: ${name} ${snapshot.status}`.slice(0, Math.max(40, io.columns - 1)));
      else io.writeErr(`campaign-audit: [${done}/${total}] ${name} ${state}\n`);
    },
    finish() {
      if (tty && lastLength > 0) io.writeErr(`\r${' '.repeat(lastLength)}\r`);
    },
  };
}
