// Fleet benchmark (issue #5): campaign-audit against an OpenSSH fan-out, side by side, on a
// loopback OpenSSH fleet of N simulated Campaign hosts (test/helpers/sshd.ts). Rounds alternate
// A/B so that both see the same machine; figures are medians and ratios from the same run.
//
//   npm run bench -- [--sizes 50,200,1000] [--rounds 3] [--rtt 0,50] [--rtt-sizes 200,1000]
//                    [--concurrency 32] [--sweep 32,64,128] [--out bench/results/DATE.md]
//
// Needs root (it creates one Unix user per host), /usr/sbin/sshd, GNU time (/usr/bin/time) and
// parallel-ssh (Debian pssh); without parallel-ssh the baseline is `xargs -P 32 ssh`.
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

const ROOT = new URL('..', import.meta.url).pathname;
const CLI = join(ROOT, 'bin', 'campaign-audit.js');
const PSSH = ['/usr/bin/parallel-ssh', '/usr/bin/pssh'].find((path) => existsSync(path));

interface Sample {
  wall: number;
  userCpu: number;
  systemCpu: number;
  maxRssKb: number;
  sshdCpu: number;
  processes: number;
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

/** Total CPU seconds of sshd and everything it forked and reaped (sessions, shells, nlserver). */
async function sshdCpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[11..14] = utime stime cutime cstime (proc(5) fields 14-17), in clock ticks.
  const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
  return ticks / 100;
}

/** Processes created on this machine since boot (/proc/stat), to count forks per scan. */
async function processesCreated(): Promise<number> {
  return Number(/^processes (\d+)$/m.exec(await readFile('/proc/stat', 'utf8'))?.[1] ?? 0);
}

/** Runs a command under GNU time: wall clock, client CPU (with children), peak RSS. */
async function measure(command: string[], pid: number, scratch: string): Promise<Sample> {
  const timeFile = join(scratch, 'time.txt');
  const [cpuBefore, processesBefore] = [await sshdCpuSeconds(pid), await processesCreated()];
  const started = performance.now();
  const exitCode = await new Promise<number>((resolve) => {
    const child = spawn('/usr/bin/time', ['-f', '%U %S %M', '-o', timeFile, ...command], { stdio: ['ignore', 'ignore', 'pipe'] });
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
  const [cpuAfter, processesAfter] = [await sshdCpuSeconds(pid), await processesCreated()];
  const [userCpu = 0, systemCpu = 0, maxRssKb = 0] = (await readFile(timeFile, 'utf8')).trim().split('\n').pop()!.split(' ').map(Number);
  return { wall, userCpu, systemCpu, maxRssKb, sshdCpu: cpuAfter - cpuBefore, processes: processesAfter - processesBefore - 2, exitCode };
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

function formatTable(n: number, rtt: number, rows: Row[]): string {
  const baseline = median(rows[0]!.samples.map((sample) => sample.wall));
  const lines = [
    `### N = ${n} hosts, ${rtt === 0 ? 'loopback' : `${rtt} ms RTT`}`,
    '',
    '| run | wall median (s) | spread (s) | ratio to baseline | client CPU ms/host | peak RSS MB | sshd CPU s | processes/host | exit codes |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const row of rows) {
    const walls = row.samples.map((sample) => sample.wall);
    const wall = median(walls);
    const cpu = median(row.samples.map((sample) => (sample.userCpu + sample.systemCpu) * 1000 / n));
    lines.push(
      `| ${row.label} | ${wall.toFixed(2)} | ${Math.min(...walls).toFixed(2)}–${Math.max(...walls).toFixed(2)} | ${(wall / baseline).toFixed(2)} | ${cpu.toFixed(1)} | ${(median(row.samples.map((sample) => sample.maxRssKb)) / 1024).toFixed(0)} | ${median(row.samples.map((sample) => sample.sshdCpu)).toFixed(2)} | ${(median(row.samples.map((sample) => sample.processes)) / n).toFixed(1)} | ${[...new Set(row.samples.map((sample) => sample.exitCode))].join(',')} |`,
    );
  }
  return lines.join('\n');
}

async function benchSize(n: number, scratch: string): Promise<string[]> {
  const sections: string[] = [];
  const setupStarted = performance.now();
  const fleet = await startFleet({ hosts: n });
  process.stderr.write(`bench: fleet of ${n} ready in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s\n`);
  try {
    const { pid } = fleet;
    for (const rtt of rtts) {
      if (rtt > 0 && !rttSizes.has(n)) continue;
      const proxy = rtt > 0 ? await startLatencyProxy(fleet.port, rtt / 2) : undefined;
      try {
        const files = await prepare(fleet, scratch, proxy?.port ?? fleet.port);
        const outDir = join(scratch, 'pssh-out');
        const cases: Case[] = [
          {
            label: PSSH ? 'baseline: parallel-ssh -p 32' : 'baseline: xargs -P 32 ssh',
            run: async () => {
              await rm(outDir, { recursive: true, force: true });
              return measure(baselineCommand(fleet, files, outDir), pid, scratch);
            },
          },
          ...(sweep.length > 0 ? sweep : [concurrency]).map((value) => ({ label: `campaign-audit --concurrency ${value}`, run: () => measure(auditCommand(files, value), pid, scratch) })),
        ];
        const rows: Row[] = cases.map((entry) => ({ label: entry.label, samples: [] }));
        for (let round = 0; round < rounds; round += 1) {
          // Alternate the order each round so neither side always runs on a warmer machine.
          const order = round % 2 === 0 ? cases.map((_, index) => index) : cases.map((_, index) => index).reverse();
          for (const index of order) {
            const sample = await cases[index]!.run();
            rows[index]!.samples.push(sample);
            process.stderr.write(`bench: N=${n} rtt=${rtt} round ${round + 1} ${cases[index]!.label}: ${sample.wall.toFixed(2)} s\n`);
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
  const sections: string[] = [];
  for (const n of sizes) sections.push(...(await benchSize(n, scratch)));
  await rm(scratch, { recursive: true, force: true });
  const report = [
    `# Fleet benchmark, ${date}`,
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${rounds} rounds, A/B alternating; one loopback sshd serves every host.`,
    `Baseline: ${PSSH ? 'parallel-ssh -p 32' : 'xargs -P 32 ssh'} running \`cat\` of the same config files and \`nlserver pdump\`; campaign-audit: \`scan --inventory … --format json=/dev/null\`.`,
    'Client CPU and peak RSS from GNU time (children included); sshd CPU is sshd and everything it forked (the server-side floor on this machine); processes/host counts every process created on the machine during the run.',
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
