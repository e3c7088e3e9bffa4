// CPU accounting for the fleet benchmark (issue #22). On one machine that runs both the client
// and the sshd serving every simulated host, a process's own rusage misses what it cost the other
// side, and sshd's cutime misses sessions not yet reaped. So each side gets a cgroup: the fleet's
// sshd and everything it forks in one, the client (campaign-audit or parallel-ssh, and its ssh
// children) in the other; a cgroup's CPU counter includes processes still running and those that
// already exited. cgroup v2 where mounted (cpu.stat usage_usec), else v1 cpuacct (cpuacct.usage).
//
// Which processes ran on the server comes from BSD process accounting (acct(2)): one record per
// exiting process with its name, parent and CPU time, so a `head` that lives a millisecond is
// counted too, which sampling cgroup.procs would miss. The records of the sshd's descendants are
// kept; the rest of the machine's are ignored. acct(2) is called through python3 (Node has no
// binding); without it, or with a kernel built without it, the process columns say so.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface CpuGroup {
  /** For a shell: `echo $$ > PROCS` puts the shell (and what it execs and forks) in the group. */
  procs: string;
  /** CPU seconds of every process that was in the group, running or exited. */
  cpuSeconds(): Promise<number>;
  add(pid: number): Promise<void>;
}

export interface CpuGroups {
  version: 'v2' | 'v1 cpuacct';
  server: CpuGroup;
  client: CpuGroup;
  remove(): Promise<void>;
}

class CgroupError extends Error {}

/** Where cgroup2 is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid host), and cpuacct v1. */
async function mounts(): Promise<{ v2?: string; cpuacct?: string }> {
  const found: { v2?: string; cpuacct?: string } = {};
  for (const line of (await readFile('/proc/mounts', 'utf8')).split('\n')) {
    const [, path = '', type, options = ''] = line.split(' ');
    if (type === 'cgroup2' && found.v2 === undefined) found.v2 = path;
    if (type === 'cgroup' && options.split(',').includes('cpuacct') && found.cpuacct === undefined) found.cpuacct = path;
  }
  return found;
}

function group(dir: string, read: () => Promise<number>): CpuGroup {
  const procs = join(dir, 'cgroup.procs');
  return { procs, cpuSeconds: read, add: (pid) => writeFile(procs, `${pid}\n`) };
}

/** Two fresh groups, `server` and `client`, under a parent named after this process. */
export async function createCpuGroups(): Promise<CpuGroups> {
  const { v2, cpuacct } = await mounts();
  const base = v2 ?? cpuacct;
  if (base === undefined) throw new CgroupError('bench: no cgroup v2 or v1 cpuacct mount (mount | grep cgroup); cannot account CPU per side');
  const parent = join(base, `campaign-audit-bench-${process.pid}`);
  try {
    await mkdir(join(parent, 'server'), { recursive: true });
    await mkdir(join(parent, 'client'), { recursive: true });
  } catch (error) {
    throw new CgroupError(`bench: cannot create cgroups under ${base} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); run as root`);
  }
  const v2Cpu = (dir: string) => async () => Number(/^usage_usec (\d+)$/m.exec(await readFile(join(dir, 'cpu.stat'), 'utf8'))?.[1] ?? NaN) / 1e6;
  const v1Cpu = (dir: string) => async () => Number((await readFile(join(dir, 'cpuacct.usage'), 'utf8')).trim()) / 1e9;
  const read = v2 !== undefined ? v2Cpu : v1Cpu;
  const server = join(parent, 'server');
  const client = join(parent, 'client');
  return {
    version: v2 !== undefined ? 'v2' : 'v1 cpuacct',
    server: group(server, read(server)),
    client: group(client, read(client)),
    // A group can be removed once empty; the caller stops sshd first. Leftovers are only named.
    remove: async () => {
      for (const dir of [server, client, parent]) await rmdir(dir).catch(() => process.stderr.write(`bench: could not remove ${dir}\n`));
    },
  };
}

export interface ProcessCounts {
  /** Processes per name (`sh (fork)` for a fork that did not exec), over the whole run. */
  byName: Map<string, number>;
  total: number;
}

export interface ProcessAccounting {
  available: boolean;
  /** Starts recording into a fresh file. */
  start(): Promise<void>;
  /** Stops recording and counts the processes whose ancestry reaches `rootPid`. */
  stop(rootPid: number): Promise<ProcessCounts | undefined>;
}

const ACCT = 'import ctypes, os, sys\nlibc = ctypes.CDLL(None, use_errno=True)\nif libc.acct(sys.argv[1].encode() if len(sys.argv) > 1 else None) != 0:\n    sys.exit(os.strerror(ctypes.get_errno()))\n';

function acct(file?: string): string | undefined {
  const result = spawnSync('python3', ['-c', ACCT, ...(file !== undefined ? [file] : [])], { encoding: 'utf8' });
  if (result.error) return result.error.message;
  return result.status === 0 ? undefined : result.stderr.trim() || `exit ${result.status}`;
}

// struct acct_v3 (linux/acct.h): 64 bytes; flag, version (3), tty, exitcode, uid, gid, pid, ppid, …, comm[16] at 48.
const RECORD = 64;
const AFORK = 0x01;

export function processAccounting(file: string): ProcessAccounting {
  let available = existsSync('/usr/bin/python3');
  let running = false;
  return {
    get available() {
      return available;
    },
    async start() {
      if (!available) return;
      await writeFile(file, '', { mode: 0o600 });
      const error = acct(file);
      if (error !== undefined) {
        available = false;
        process.stderr.write(`bench: process accounting unavailable (${error}); the process columns stay empty\n`);
        return;
      }
      running = true;
    },
    async stop(rootPid) {
      if (!running) return undefined;
      acct();
      running = false;
      const data = await readFile(file);
      const parent = new Map<number, number>();
      const records: { pid: number; name: string }[] = [];
      for (let at = 0; at + RECORD <= data.length; at += RECORD) {
        if (data[at + 1] !== 3) continue;
        const pid = data.readUInt32LE(at + 16);
        const ppid = data.readUInt32LE(at + 20);
        const comm = data.subarray(at + 48, at + 64);
        const name = comm.subarray(0, comm.indexOf(0) < 0 ? 16 : comm.indexOf(0)).toString('latin1');
        parent.set(pid, ppid);
        records.push({ pid, name: (data[at]! & AFORK) !== 0 ? `${name} (fork)` : name });
      }
      const descends = (pid: number): boolean => {
        for (let hop = 0, at: number | undefined = pid; hop < 64 && at !== undefined && at > 1; hop += 1) {
          at = parent.get(at);
          if (at === rootPid) return true;
        }
        return false;
      };
      const byName = new Map<string, number>();
      let total = 0;
      for (const record of records) {
        if (!descends(record.pid)) continue;
        byName.set(record.name, (byName.get(record.name) ?? 0) + 1);
        total += 1;
      }
      return { byName, total };
    },
  };
}
