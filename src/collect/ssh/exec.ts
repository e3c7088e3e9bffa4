// The one remote command per host and how its run becomes a RawHost. The command string is
// fixed; the only values in it are the positional arguments, each single-quoted, so the login
// shell (bash, dash, busybox ash…) hands them to `sh -s` unchanged. The script goes on stdin.
// ssh.ts passes its ssh2 client in; this module does not import ssh2 itself.
import type { Duplex, Readable } from 'node:stream';
import type { HostTarget } from '../../model.js';
import { interpretCollectorRun, OutputSink } from '../frames.js';
import { collectorArguments, newFrameMarker } from '../local.js';
import { COLLECTOR_SCRIPT } from '../script.js';
import { oneLine } from './failure.js';
import { failedHost, type CollectOptions, type RawHost } from '../transport.js';
import { shellQuote } from '../../render/shell.js';

/** The parts of an ssh2 exec channel used here. */
export interface ExecChannel extends Duplex {
  stderr: Readable;
  signal(name: string): unknown;
  close(): unknown;
}

/** The parts of an authenticated ssh2 Client used here. */
export interface ExecClient {
  exec(command: string, callback: (error: Error | undefined, channel: ExecChannel) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  end(): unknown;
}

// Shell quoting is shared with the plan's sh script (src/render/shell.ts); still exported from here.
export { shellQuote };

/** `sh -s -- DIR MARKER CAP`, each value single-quoted: the collector as a shell command line. */
export function collectorShellCommand(installDir: string, marker: string, maxFileBytes: number): string {
  const [, , ...values] = collectorArguments(installDir, marker, maxFileBytes);
  return `sh -s -- ${values.map(shellQuote).join(' ')}`;
}

/** The one command run per host: `[sudo -n -u USER] sh -s -- DIR MARKER CAP`, the script on stdin. */
export function collectorCommand(installDir: string, marker: string, maxFileBytes: number, become?: string): string {
  const sh = collectorShellCommand(installDir, marker, maxFileBytes);
  // `exec`: the login shell becomes the collector instead of forking it (one process less per host).
  return become === undefined ? `exec ${sh}` : `exec sudo -n -u ${shellQuote(become)} ${sh}`;
}

const aborters = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Runs `stop` when the signal aborts. One listener per signal however many hosts run at once:
 * the fleet shares one signal, and a listener per host trips MaxListenersExceededWarning.
 */
function onAbort(signal: AbortSignal, stop: () => void): () => void {
  if (signal.aborted) {
    stop();
    return () => undefined;
  }
  let stops = aborters.get(signal);
  if (!stops) {
    const all = new Set<() => void>();
    signal.addEventListener('abort', () => all.forEach((each) => each()), { once: true });
    aborters.set(signal, all);
    stops = all;
  }
  const registered = stops;
  registered.add(stop);
  return () => registered.delete(stop);
}

/** A sudo that wants a password (or a tty) said so on stderr; nothing was collected. */
const SUDO_PASSWORD = /password is required|a terminal is required|no tty present|must have a tty/i;

/**
 * @param killRemote asks the server to kill the command (an SSH `signal` request; OpenSSH
 *   answers with killpg on the command's process group), so a hung `nlserver pdump` does not
 *   outlive a timeout on the audited host.
 */
export function runCollector(client: ExecClient, target: HostTarget, options: CollectOptions, killRemote: (channel: ExecChannel) => void): Promise<RawHost> {
  const marker = newFrameMarker();
  const command = collectorCommand(target.installDir, marker, options.maxFileBytes, target.become);
  return new Promise((resolve) => {
    // `stop` is defined below; the sink only calls it once the output runs over its cap.
    const output = new OutputSink(() => stop());
    let stderr = '';
    let exitCode: number | null = null;
    let exitSignal: string | null = null;
    let timedOut = false;
    let connectionLost = false;
    let done = false;
    let channel: ExecChannel | undefined;

    const finish = (): void => {
      if (done) return;
      done = true;
      options.log?.(`collector ended: ${timedOut ? 'timed out' : exitSignal !== null ? `signal ${exitSignal}` : exitCode !== null ? `exit ${exitCode}` : 'no exit status'}, ${output.size} bytes of output${output.overflow ? ' (over the cap)' : ''}`);
      clearTimeout(timer);
      fallbacks.forEach(clearTimeout);
      unwatch();
      if (timedOut) {
        resolve(failedHost('timeout', `collector did not finish within ${options.commandTimeout}s`));
        return;
      }
      if (connectionLost && exitCode === null && exitSignal === null && !output.overflow) {
        resolve(failedHost('error', `connection lost while the collector was running (after ${output.size} bytes)`));
        return;
      }
      let stdout = output.buffer();
      // A login shell's rc file may print before the script starts: skip to the first frame.
      const hello = stdout.indexOf(`${marker} HELLO `);
      if (hello > 0) stdout = stdout.subarray(hello);
      const raw = interpretCollectorRun({ stdout, stderr, exitCode, exitSignal, overflow: output.overflow }, marker, options.maxFileBytes);
      if (target.become !== undefined && raw.status === 'error' && raw.confListing.length === 0 && raw.files.length === 0 && SUDO_PASSWORD.test(stderr)) {
        resolve(failedHost('error', `sudo -n -u ${target.become} asks for a password; allow NOPASSWD for the collector or drop --become`));
        return;
      }
      resolve(raw);
    };
    const fallbacks: NodeJS.Timeout[] = [];
    const stop = (): void => {
      try {
        if (channel) killRemote(channel);
        channel?.close();
      } catch {
        // the channel may already be gone
      }
      client.end();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
      // Do not wait for a server that ignores the close.
      fallbacks.push(setTimeout(finish, 1000));
    }, options.commandTimeout * 1000);
    const unwatch = onAbort(options.signal, stop);
    client.on('close', () => {
      connectionLost = true;
      // The channel normally closes right after; make sure the host is settled either way.
      fallbacks.push(setTimeout(finish, 50));
    });

    const cannotStart = (error: Error): void => {
      done = true;
      clearTimeout(timer);
      unwatch();
      resolve(failedHost('error', oneLine(`cannot start the collector: ${error.message}`)));
    };
    options.log?.(`exec: ${command} (the collector script, ${COLLECTOR_SCRIPT.length} bytes, on stdin)`);
    try {
      client.exec(command, (error, stream) => {
        if (error) {
          cannotStart(error);
          return;
        }
        channel = stream;
        stream.on('data', (chunk: Buffer) => output.push(chunk));
        stream.stderr.on('data', (chunk: Buffer) => {
          if (stderr.length < 4096) stderr += chunk.toString('utf8');
        });
        stream.on('exit', (code: number | null, signal?: string) => {
          exitCode = typeof code === 'number' ? code : null;
          exitSignal = typeof signal === 'string' ? signal : null;
        });
        stream.on('close', finish);
        stream.on('error', () => undefined);
        stream.end(COLLECTOR_SCRIPT);
      });
    } catch (error) {
      // ssh2 throws when the connection went away between login and exec.
      cannotStart(error as Error);
    }
  });
}
