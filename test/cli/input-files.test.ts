// Every file the CLI reads, given a FIFO, a device, a directory or too much: one line, exit 2,
// quickly. The real binary runs under a kill timer, because the failure this guards against is a
// hang (a FIFO as --policy, --inventory, --waivers, --baseline, plan FILE, --known-hosts, an
// evidence entry or an Include waited for a writer forever; /dev/zero cost 3 s and 600 MB).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureBuilt, ROOT } from '../helpers/cli-process.js';

/** Far above the ~1 s a refused input takes on a busy machine, far below "forever". */
const KILL_AFTER_MS = 60_000;

interface Run {
  code: number | null;
  stderr: string;
  killed: boolean;
}

function runWithin(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'campaign-audit.js'), ...args], { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, KILL_AFTER_MS);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, killed });
    });
  });
}

describe('input files that are not regular files, or too large', () => {
  let dir: string;
  let fifo: string;
  let report: string;
  let home: string;
  before(async () => {
    ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'input-files-'));
    fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    home = join(dir, 'home');
    await mkdir(join(home, '.ssh'), { recursive: true });
    await mkdir(join(dir, 'evidence'));
    execFileSync('mkfifo', [join(dir, 'evidence', 'host.json')]);
    await writeFile(join(dir, 'include.conf'), `Include ${fifo}\n`);
    await writeFile(join(dir, 'known_hosts'), '');
    await writeFile(join(dir, 'big-policy.yaml'), `${'# padding to grow the file\n'.repeat(100_000)}failOn: high\n`);
    report = join(dir, 'report.json');
    execFileSync(process.execPath, [join(ROOT, 'bin', 'campaign-audit.js'), 'demo', '--no-progress', '-f', `json=${report}`], { cwd: ROOT });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const demo = ['scan', '--dir', 'fixtures/demo', '--no-progress'];
  const ssh = ['scan', '127.0.0.1:1', '--no-progress', '--connect-timeout', '1'];
  const cases: [string, () => string[], RegExp][] = [
    ['--policy FIFO', () => [...demo, '--policy', fifo], /^campaign-audit: --policy \S+: not a regular file: a FIFO \(named pipe\); it was not read$/],
    ['--policy /dev/zero', () => [...demo, '--policy', '/dev/zero'], /^campaign-audit: --policy \/dev\/zero: not a regular file: a character device; it was not read$/],
    ['--policy directory', () => [...demo, '--policy', dir], /^campaign-audit: --policy \S+: not a regular file: a directory; it was not read$/],
    ['--policy over its cap', () => [...demo, '--policy', join(dir, 'big-policy.yaml')], /^campaign-audit: --policy \S+: larger than 256 KiB, the limit for a policy file$/],
    ['--waivers FIFO', () => [...demo, '--waivers', fifo], /^campaign-audit: --waivers \S+: not a regular file: a FIFO/],
    ['--baseline FIFO', () => [...demo, '--baseline', fifo], /^campaign-audit: --baseline \S+: not a regular file: a FIFO/],
    ['--inventory FIFO', () => ['scan', '--inventory', fifo, '--no-progress'], /^campaign-audit: --inventory \S+: not a regular file: a FIFO/],
    ['plan FIFO', () => ['plan', fifo], /^campaign-audit: plan \S+: not a regular file: a FIFO/],
    ['convert FIFO', () => ['convert', fifo, '-f', 'json'], /^campaign-audit: convert \S+: not a regular file: a FIFO/],
    ['diff REPORT FIFO', () => ['diff', report, fifo], /^campaign-audit: diff \S+: not a regular file: a FIFO/],
    ['--evidence DIR holding a FIFO', () => ['scan', '--evidence', join(dir, 'evidence'), '--no-progress'], /^campaign-audit: --evidence \S+host\.json: not a regular file: a FIFO/],
    ['--known-hosts FIFO', () => [...ssh, '--ssh-config', 'none', '--known-hosts', fifo], /^campaign-audit: cannot read known_hosts file \S+: not a regular file: a FIFO/],
    ['--ssh-config FIFO', () => [...ssh, '--ssh-config', fifo], /^campaign-audit: ssh config \S+: not a regular file: a FIFO/],
    ['an Include of a FIFO', () => [...ssh, '--ssh-config', join(dir, 'include.conf'), '--known-hosts', join(dir, 'known_hosts')], /^campaign-audit: ssh config \S+fifo: not a regular file: a FIFO/],
  ];
  for (const [what, args, expected] of cases) {
    it(`${what}: one line, exit 2, no hang`, async () => {
      const run = await runWithin(args(), { HOME: home });
      assert.equal(run.killed, false, `still running after ${KILL_AFTER_MS / 1000} s`);
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stderr.split('\n').filter((line) => line !== '').length, 1, run.stderr);
      assert.match(run.stderr.trim(), expected);
    });
  }
});
