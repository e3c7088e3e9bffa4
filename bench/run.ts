// Fleet benchmark (issue #5): campaign-audit against an OpenSSH fan-out, side by side, on a
// loopback OpenSSH fleet of N simulated Campaign hosts (test/helpers/sshd.ts). Rounds alternate
// A/B so that both see the same machine; figures are medians and ratios from the same run.
//
//   npm run bench -- [--sizes 50,200,1000] [--rounds 3] [--rtt 0,50] [--rtt-sizes 200,1000]
//                    [--concurrency 32] [--sweep 32,64,128] [--out bench/results/DATE.md]
//
// Needs root (it creates one Unix user per host and two cgroups, bench/accounting.ts),
// /usr/sbin/sshd, GNU time (/usr/bin/time) and parallel-ssh (Debian pssh); without parallel-ssh
// the baseline is `xargs -P 32 ssh`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startFleet, sshdUnavailable, type SshdFleet } from '../test/helpers/sshd.js';
import { writeFleetInventory } from '../test/helpers/inventory.js';
import { startLatencyProxy } from './latency-proxy.js';
import { createCpuGroups, processAccounting, type CpuGroups, type ProcessAccounting, type ProcessCounts } from './accounting.js';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = new URL('..', import.meta.url).pathname;
const CLI = join(ROOT, 'bin', 'campaign-audit.js');
const PSSH = ['/usr/bin/parallel-ssh', '/usr/bin/pssh'].find((path) => existsSync(path));

interface Sample {
  wall: number;
  /** CPU seconds of the client's cgroup (the tool and its children). */
  clientCpu: number;
  /** CPU seconds of the server's cgroup (sshd and everything it forked). */
  serverCpu: number;
  /** Peak RSS of the client's largest process (GNU time). */
  maxRssKb: number;
  /** Processes that ran on the server, by name (undefined without process accounting). */
  processes: ProcessCounts | undefined;
  exitCode: number;
}

interface Case {
  label: string;
  run(): Promise<Sample>;
}

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '50,200,1000' },
    rounds: { type: 'string', default: '3' },
    rtt: { type: 'string', default: '0,50' },
    'rtt-sizes': { type: 'string', default: '200,1000' },
    concurrency: { type: 'string', default: '32' },
    sweep: { type: 'string', default: '' },
    out: { type: 'string' },
  },
});
const numbers = (text: string): number[] => text.split(',').filter(Boolean).map(Number);
const sizes = numbers(values.sizes);
const rounds = Number(values.rounds);
const rtts = numbers(values.rtt);
const rttSizes = new Set(numbers(values['rtt-sizes']));
const concurrency = Number(values.concurrency);
const sweep = numbers(values.sweep);

/**
 * Runs a command under GNU time (peak RSS) with the command in the client cgroup: wall clock,
 * client CPU and server CPU (the sshd's group) over the run, and the server's processes.
 */
async function measure(command: string[], groups: CpuGroups, accounting: ProcessAccounting, sshdPid: number, scratch: string): Promise<Sample> {
  const timeFile = join(scratch, 'time.txt');
  const [clientBefore, serverBefore] = [await groups.client.cpuSeconds(), await groups.server.cpuSeconds()];
  await accounting.start();
  const started = performance.now();
  const exitCode = await new Promise<number>((resolve) => {
    // The shell puts itself in the client group, then becomes the command: the tool and every
    // process it starts (parallel-ssh's ssh clients) are counted there, GNU time is not.
    const enter = ['sh', '-c', `echo $$ > '${groups.client.procs}' && exec "$@"`, 'sh'];
    const child = spawn('/usr/bin/time', ['-f', '%M', '-o', timeFile, ...enter, ...command], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString();
    });
    child.on('close', (code) => {
      if (code !== 0 && code !== 1) process.stderr.write(`bench: ${command[0]} exited ${code}: ${stderr.slice(0, 500)}\n`);
      resolve(code ?? -1);
    });
  });
  const wall = (performance.now() - started) / 1000;
  // Sessions end on the server a moment after the client exits: wait for the last to be counted.
  await sleep(300);
  const processes = await accounting.stop(sshdPid);
  const [clientAfter, serverAfter] = [await groups.client.cpuSeconds(), await groups.server.cpuSeconds()];
  const maxRssKb = Number((await readFile(timeFile, 'utf8')).trim().split('\n').pop());
  return { wall, clientCpu: clientAfter - clientBefore, serverCpu: serverAfter - serverBefore, maxRssKb, processes, exitCode };
}

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function prepare(fleet: SshdFleet, scratch: string, port: number): Promise<{ inventory: string; knownHosts: string; psshHosts: string }> {
  const inventory = join(scratch, `inventory-${port}.yaml`);
  const knownHosts = join(scratch, `known_hosts-${port}`);
  const psshHosts = join(scratch, `pssh-hosts-${port}`);
  await writeFleetInventory(inventory, fleet, undefined, { port });
  await writeFile(knownHosts, `${fleet.knownHostsLine(`[127.0.0.1]:${port}`)}\n`);
  await writeFile(psshHosts, `${fleet.hosts.map((host) => `${host.user}@127.0.0.1:${port}`).join('\n')}\n`);
  return { inventory, knownHosts, psshHosts };
}

function baselineCommand(fleet: SshdFleet, files: { knownHosts: string; psshHosts: string }, outDir: string): string[] {
  // The same data campaign-audit reads: the config files and `nlserver pdump` after env.sh.
  const remote = 'cat nl6/conf/serverConf.xml nl6/conf/config-*.xml; . nl6/env.sh; nlserver pdump';
  const sshOptions = ['IdentityFile', fleet.clientKey, 'UserKnownHostsFile', files.knownHosts, 'StrictHostKeyChecking', 'yes', 'BatchMode', 'yes', 'LogLevel', 'ERROR', 'GlobalKnownHostsFile', '/dev/null'];
  if (PSSH) {
    const options: string[] = [];
    for (let index = 0; index < sshOptions.length; index += 2) options.push('-O', `${sshOptions[index]}=${sshOptions[index + 1]}`);
    return [PSSH, '-p', '32', '-t', '300', '-h', files.psshHosts, '-o', outDir, ...options, remote];
  }
  const ssh = ['ssh', ...sshOptions.flatMap((value, index) => (index % 2 === 0 ? ['-o', `${value}=${sshOptions[index + 1]}`] : []))];
  return ['sh', '-c', `xargs -P 32 -I{} sh -c '${ssh.join(' ')} -p "\${0##*:}" "\${0%:*}" "${remote}" > /dev/null' {} < ${files.psshHosts}`];
}

function auditCommand(files: { inventory: string; knownHosts: string }, hostConcurrency: number): string[] {
  return [process.execPath, CLI, 'scan', '--inventory', files.inventory, '--known-hosts', files.knownHosts, '--ssh-config', 'none', '--format', 'json=/dev/null', '--concurrency', String(hostConcurrency), '--quiet'];
}

interface Row {
  label: string;
  samples: Sample[];
}

const perHost = (samples: Sample[], n: number, pick: (sample: Sample) => number): number => median(samples.map(pick)) * 1000 / n;

/** "sshd 3, sh 1, head 2 …" per host, from the first sample that has process counts. */
function processNames(samples: Sample[], n: number): string {
  const counts = samples.find((sample) => sample.processes !== undefined)?.processes;
  if (counts === undefined) return 'not recorded';
  return [...counts.byName].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name, count]) => `${name} ${(count / n).toFixed(count % n === 0 ? 0 : 2)}`).join(', ');
}

function formatTable(n: number, rtt: number, rows: Row[]): string {
  const base = rows[0]!.samples;
  const baseWall = median(base.map((sample) => sample.wall));
  const baseClient = perHost(base, n, (sample) => sample.clientCpu);
  const baseServer = perHost(base, n, (sample) => sample.serverCpu);
  const lines = [
    `### N = ${n} hosts, ${rtt === 0 ? 'loopback' : `${rtt} ms RTT`}`,
    '',
    '| run | wall median (s) | spread (s) | wall ratio | client CPU ms/host | client ratio | server CPU ms/host | server ratio | peak RSS MB | server processes/host | exit codes |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const row of rows) {
    const walls = row.samples.map((sample) => sample.wall);
    const wall = median(walls);
    const client = perHost(row.samples, n, (sample) => sample.clientCpu);
    const server = perHost(row.samples, n, (sample) => sample.serverCpu);
    const processes = row.samples.some((sample) => sample.processes) ? (median(row.samples.flatMap((sample) => (sample.processes ? [sample.processes.total] : []))) / n).toFixed(1) : '–';
    lines.push(
      `| ${row.label} | ${wall.toFixed(2)} | ${Math.min(...walls).toFixed(2)}–${Math.max(...walls).toFixed(2)} | ${(wall / baseWall).toFixed(2)} | ${client.toFixed(1)} | ${(client / baseClient).toFixed(2)} | ${server.toFixed(1)} | ${(server / baseServer).toFixed(2)} | ${(median(row.samples.map((sample) => sample.maxRssKb)) / 1024).toFixed(0)} | ${processes} | ${[...new Set(row.samples.map((sample) => sample.exitCode))].join(',')} |`,
    );
  }
  lines.push('', 'Server processes per host, by name:', '');
  for (const row of rows) lines.push(`- ${row.label}: ${processNames(row.samples, n)}`);
  return lines.join('\n');
}

async function benchSize(n: number, scratch: string, groups: CpuGroups, accounting: ProcessAccounting): Promise<string[]> {
  const sections: string[] = [];
  const setupStarted = performance.now();
  const fleet = await startFleet({ hosts: n });
  process.stderr.write(`bench: fleet of ${n} ready in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s\n`);
  try {
    // Sessions forked from here on are in the server group, with the listener itself.
    const { pid } = fleet;
    await groups.server.add(pid);
    for (const rtt of rtts) {
      if (rtt > 0 && !rttSizes.has(n)) continue;
      const proxy = rtt > 0 ? await startLatencyProxy(fleet.port, rtt / 2) : undefined;
      try {
        const files = await prepare(fleet, scratch, proxy?.port ?? fleet.port);
        const outDir = join(scratch, 'pssh-out');
        const run = (command: string[]) => measure(command, groups, accounting, pid, scratch);
        const cases: Case[] = [
          {
            label: PSSH ? 'baseline: parallel-ssh -p 32' : 'baseline: xargs -P 32 ssh',
            run: async () => {
              await rm(outDir, { recursive: true, force: true });
              return run(baselineCommand(fleet, files, outDir));
            },
          },
          ...(sweep.length > 0 ? sweep : [concurrency]).map((value) => ({ label: `campaign-audit --concurrency ${value}`, run: () => run(auditCommand(files, value)) })),
        ];
        const rows: Row[] = cases.map((entry) => ({ label: entry.label, samples: [] }));
        for (let round = 0; round < rounds; round += 1) {
          // Alternate the order each round so neither side always runs on a warmer machine.
          const order = round % 2 === 0 ? cases.map((_, index) => index) : cases.map((_, index) => index).reverse();
          for (const index of order) {
            const sample = await cases[index]!.run();
            rows[index]!.samples.push(sample);
            process.stderr.write(`bench: N=${n} rtt=${rtt} round ${round + 1} ${cases[index]!.label}: ${sample.wall.toFixed(2)} s wall, client ${(sample.clientCpu * 1000 / n).toFixed(1)} ms/host, server ${(sample.serverCpu * 1000 / n).toFixed(1)} ms/host\n`);
          }
        }
        sections.push(formatTable(n, rtt, rows));
      } finally {
        await proxy?.close();
      }
    }
  } finally {
    await fleet.stop();
  }
  return sections;
}

async function main(): Promise<void> {
  const unavailable = sshdUnavailable();
  if (unavailable) throw new Error(`bench: ${unavailable}`);
  if (!existsSync('/usr/bin/time')) throw new Error('bench: needs GNU time (apt-get install time)');
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('bench: run `npm run build` first');
  const scratch = join(ROOT, 'bench', 'results', 'tmp');
  await mkdir(scratch, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  const groups = await createCpuGroups();
  const accounting = processAccounting(join(scratch, 'acct'));
  const sections: string[] = [];
  const load = (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
  try {
    for (const n of sizes) sections.push(...(await benchSize(n, scratch, groups, accounting)));
  } finally {
    await groups.remove();
    await rm(scratch, { recursive: true, force: true });
  }
  const loadAfter = (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
  const report = [
    `# Fleet benchmark, ${date}`,
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${rounds} rounds, A/B alternating; one loopback sshd serves every host.`,
    `Baseline: ${PSSH ? 'parallel-ssh -p 32' : 'xargs -P 32 ssh'} running \`cat\` of the same config files and \`nlserver pdump\`; campaign-audit: \`scan --inventory … --format json=/dev/null\`.`,
    `CPU per side from two cgroups (${groups.version}): server = the fleet's sshd and everything it forked (sessions, shells, nlserver), client = the tool and its children (parallel-ssh's ssh clients); ratios are to the baseline's medians in the same run. Peak RSS: the client's largest process (GNU time). Server processes: every process the sshd's sessions ran, from process accounting${accounting.available ? '' : ' (not available on this machine)'}.`,
    `Load average (1, 5, 15 min) before: ${load}; after: ${loadAfter}.`,
    `Reproduce: \`npm run build && npm run bench -- --sizes ${values.sizes} --rounds ${rounds} --rtt ${values.rtt}\``,
    '',
    ...sections.flatMap((section) => [section, '']),
  ].join('\n');
  const out = values.out ?? join(ROOT, 'bench', 'results', `${date}.md`);
  await writeFile(out, report);
  process.stdout.write(`${report}\nbench: written to ${out}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
