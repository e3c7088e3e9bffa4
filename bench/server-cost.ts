// Where a host's server CPU goes (issue #22): runs one way of reading a host against every host of
// a loopback fleet and reports the server cgroup's CPU per host, for several ways side by side,
// alternating rounds. Each way differs from the next in one thing (the client library, the
// command, the script on stdin, an algorithm), so the difference between two rows is that thing.
//
//   node --import tsx bench/server-cost.ts [--hosts 50] [--rounds 3] [--concurrency 8] [--ways a,b]
//     [--host-keys ed25519|debian] [--before DIR]
// --host-keys debian gives the fleet's sshd the host keys a Debian server generates (RSA 3072,
// ECDSA P-256, Ed25519) instead of one Ed25519 key. --before DIR adds the way
// 'campaign-audit scan (before)': the same scan with the checkout in DIR (built), for a
// before/after in one run.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import ssh2 from 'ssh2';
import type { ConnectConfig } from 'ssh2';
import { startFleet, type SshdFleet } from '../test/helpers/sshd.js';
import { writeFleetInventory } from '../test/helpers/inventory.js';
import { collectorCommand } from '../src/collect/ssh/exec.js';
import { COLLECTOR_SCRIPT } from '../src/collect/script.js';
import { newFrameMarker } from '../src/collect/local.js';
import { createCpuGroups, processAccounting } from './accounting.js';

const { values } = parseArgs({
  options: {
    hosts: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '8' },
    ways: { type: 'string', default: '' },
    'host-keys': { type: 'string', default: 'ed25519' },
    before: { type: 'string' },
  },
});

const CAP = 5 * 1024 * 1024 + 1;
const CAT = 'cat nl6/conf/serverConf.xml nl6/conf/config-*.xml; . nl6/env.sh; nlserver pdump';

interface Way {
  /** Runs against one host and resolves when the session is over. */
  run(fleet: SshdFleet, user: string): Promise<void>;
}

function openssh(command: string, stdin?: string): Way['run'] {
  return (fleet, user) =>
    new Promise((resolve) => {
      const child = spawn('ssh', ['-p', String(fleet.port), '-i', fleet.clientKey, '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR', ...(stdin === undefined ? ['-n'] : []), `${user}@127.0.0.1`, command], { stdio: [stdin === undefined ? 'ignore' : 'pipe', 'ignore', 'inherit'] });
      child.stdin?.end(stdin);
      child.on('close', () => resolve());
    });
}

function library(command: () => string, stdin: string | undefined, algorithms?: ConnectConfig['algorithms'], end: 'close' | 'exit' = 'close'): Way['run'] {
  return (fleet, user) =>
    new Promise((resolve, reject) => {
      const client = new ssh2.Client();
      client.on('error', reject);
      client.on('ready', () => {
        client.exec(command(), (error, stream) => {
          if (error) return reject(error);
          stream.on('data', () => undefined);
          stream.stderr.on('data', () => undefined);
          if (end === 'exit') stream.on('exit', () => client.end());
          stream.on('close', () => client.end());
          stream.end(stdin);
        });
      });
      client.on('close', () => resolve());
      client.connect({ host: '127.0.0.1', port: fleet.port, username: user, privateKey: clientKey, hostVerifier: () => true, ...(algorithms ? { algorithms } : {}) });
    });
}

const collector = (): string => collectorCommand('nl6', newFrameMarker(), CAP - 1);
let clientKey = Buffer.alloc(0);
let knownHosts = '';

function whole(command: (fleet: SshdFleet) => string[], env: Record<string, string> = {}): (fleet: SshdFleet) => Promise<void> {
  return (fleet) =>
    new Promise((resolve) => {
      const child = spawn(command(fleet)[0]!, command(fleet).slice(1), { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } });
      child.on('close', () => resolve());
    });
}
const C = values.concurrency;
const fleetWays: Record<string, (fleet: SshdFleet) => Promise<void>> = {
  'campaign-audit scan': whole((fleet) => scanCommand(ROOT, fleet)),
  ...(values.before ? { 'campaign-audit scan (before)': whole((fleet) => scanCommand(values.before as string, fleet)) } : {}),
  'parallel-ssh': whole((fleet) => ['/usr/bin/parallel-ssh', '-p', C, '-t', '300', '-h', join(fleet.dir, 'bench-pssh'), '-o', join(fleet.dir, 'bench-pssh-out'), '-O', `IdentityFile=${fleet.clientKey}`, '-O', `UserKnownHostsFile=${knownHosts}`, '-O', 'GlobalKnownHostsFile=/dev/null', '-O', 'StrictHostKeyChecking=yes', '-O', 'BatchMode=yes', '-O', 'LogLevel=ERROR', CAT]),
};
const ROOT = new URL('..', import.meta.url).pathname;

function scanCommand(checkout: string, fleet: SshdFleet): string[] {
  return [process.execPath, join(checkout, 'bin', 'campaign-audit.js'), 'scan', '--inventory', join(fleet.dir, 'bench-inventory.yaml'), '--known-hosts', knownHosts, '--ssh-config', 'none', '--format', 'json=/dev/null', '--concurrency', C, '--quiet'];
}

/** sshd_config lines for the host keys of --host-keys debian (Ed25519 is the fleet's own). */
function debianHostKeys(dir: string): string[] {
  return [
    ['rsa', '3072'],
    ['ecdsa', '256'],
  ].map(([type, bits]) => {
    const path = join(dir, `ssh_host_${type}_key`);
    const made = spawnSync('/usr/bin/ssh-keygen', ['-q', '-t', type!, '-b', bits!, '-N', '', '-f', path], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`ssh-keygen -t ${type}: ${made.stderr}`);
    return `HostKey ${path}`;
  });
}

const ways: Record<string, Way['run']> = {
  'openssh cat': openssh(CAT),
  'openssh sh -s collector': openssh(collector(), COLLECTOR_SCRIPT),
  'ssh2 cat': library(() => CAT, undefined),
  'ssh2 sh -s collector': library(collector, COLLECTOR_SCRIPT),
  'ssh2 collector, aes128-ctr': library(collector, COLLECTOR_SCRIPT, { cipher: ['aes128-ctr'] }),
  'ssh2 collector, chacha20': library(collector, COLLECTOR_SCRIPT, { cipher: ['chacha20-poly1305@openssh.com'] }),
  'ssh2 collector, ecdh-nistp256': library(collector, COLLECTOR_SCRIPT, { kex: ['ecdh-sha2-nistp256'] }),
};

async function main(): Promise<void> {
  const chosen = values.ways ? values.ways.split(',') : [...Object.keys(fleetWays), ...Object.keys(ways)];
  if (values['host-keys'] !== 'ed25519' && values['host-keys'] !== 'debian') throw new Error('--host-keys: ed25519 or debian');
  const keyDir = mkdtempSync(join(tmpdir(), 'ca-bench-hostkeys-'));
  const fleet = await startFleet({ hosts: Number(values.hosts), sshdConfig: values['host-keys'] === 'debian' ? debianHostKeys(keyDir) : [] });
  clientKey = readFileSync(fleet.clientKey);
  knownHosts = join(fleet.dir, 'bench_known_hosts');
  await writeFile(knownHosts, `${fleet.knownHostsLine(`[127.0.0.1]:${fleet.port}`)}\n`);
  await writeFleetInventory(join(fleet.dir, 'bench-inventory.yaml'), fleet);
  await writeFile(join(fleet.dir, 'bench-pssh'), `${fleet.hosts.map((host) => `${host.user}@127.0.0.1:${fleet.port}`).join('\n')}\n`);
  const groups = await createCpuGroups();
  const accounting = processAccounting(join(fleet.dir, 'acct'));
  const results = new Map<string, number[]>(chosen.map((name) => [name, []]));
  try {
    await groups.server.add(fleet.pid);
    for (let round = 0; round < Number(values.rounds); round += 1) {
      const order = round % 2 === 0 ? chosen : [...chosen].reverse();
      for (const name of order) {
        const before = await groups.server.cpuSeconds();
        const started = performance.now();
        if (round === 0) await accounting.start();
        const queue = [...fleet.hosts];
        if (fleetWays[name]) await fleetWays[name](fleet);
        else await Promise.all(Array.from({ length: Number(values.concurrency) }, async () => {
          for (let host = queue.shift(); host; host = queue.shift()) await ways[name]!(fleet, host.user);
        }));
        await new Promise((resolve) => setTimeout(resolve, 300));
        const counts = round === 0 ? await accounting.stop(fleet.pid) : undefined;
        const cpu = ((await groups.server.cpuSeconds()) - before) * 1000 / fleet.hosts.length;
        results.get(name)!.push(cpu);
        process.stderr.write(`${name}: ${cpu.toFixed(1)} ms/host server, ${((performance.now() - started) / 1000).toFixed(1)} s${counts ? `; ${[...counts.byName].map(([n, c]) => `${n} ${c / fleet.hosts.length}`).join(', ')}` : ''}\n`);
      }
    }
  } finally {
    await fleet.stop();
    await groups.remove();
    rmSync(keyDir, { recursive: true, force: true });
  }
  for (const [name, list] of results) {
    const sorted = [...list].sort((a, b) => a - b);
    process.stdout.write(`| ${name} | ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} | ${sorted.map((value) => value.toFixed(1)).join(', ')} |\n`);
  }
}

await main();
