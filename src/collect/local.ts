// `--local`: audits this machine's own installation by running the same collector script
// the SSH transport sends, with the local `sh`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { HostTarget } from '../model.js';
import { describeFileError } from '../errors.js';
import { interpretCollectorRun, OutputSink } from './frames.js';
import { COLLECTOR_SCRIPT } from './script.js';
import type { CollectOptions, RawHost, Transport } from './transport.js';

export function newFrameMarker(): string {
  return `CA-${randomBytes(16).toString('hex')}`;
}

/** argv for `sh -s`: the script comes on stdin, values only as positional parameters. */
export function collectorArguments(installDir: string, marker: string, maxFileBytes: number): string[] {
  return ['-s', '--', installDir, marker, String(maxFileBytes + 1)];
}

export interface LocalShell {
  /** The shell command, e.g. ['sh'] or ['busybox', 'sh']. */
  command: readonly [string, ...string[]];
  env?: NodeJS.ProcessEnv;
}

export function createLocalTransport(shell: LocalShell = { command: ['sh'] }): Transport {
  return {
    kind: 'local',
    collect: (target, options) => collectLocal(shell, target, options),
  };
}

function collectLocal(shell: LocalShell, target: HostTarget, options: CollectOptions): Promise<RawHost> {
  const marker = newFrameMarker();
  const [program, ...prefix] = shell.command;
  return new Promise((resolve) => {
    const child = spawn(program, [...prefix, ...collectorArguments(target.installDir, marker, options.maxFileBytes)], {
      env: shell.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group, so a hung `nlserver pdump` is killed along with the shell.
      detached: true,
    });
    let stderr = '';
    let timedOut = false;
    const stop = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.commandTimeout * 1000);
    options.signal.addEventListener('abort', stop, { once: true });

    const stdout = new OutputSink(stop);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    child.stdin.on('error', () => undefined); // the shell may exit before reading all of the script
    child.stdin.end(COLLECTOR_SCRIPT);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ status: 'error', error: `cannot run ${program}: ${describeFileError(error, 'run')}`, confListing: [], files: [], pdump: null });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', stop);
      if (timedOut) {
        resolve({ status: 'timeout', error: `collector did not finish within ${options.commandTimeout}s`, confListing: [], files: [], pdump: null });
        return;
      }
      resolve(interpretCollectorRun({ stdout: stdout.buffer(), stderr, exitCode: code, exitSignal: signal, overflow: stdout.overflow }, marker, options.maxFileBytes));
    });
  });
}
