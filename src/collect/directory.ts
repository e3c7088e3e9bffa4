// `--dir PATH`: offline copies, one folder per host: PATH/<host>/conf/*.xml and an optional
// PATH/<host>/pdump.txt with captured `nlserver pdump` output (README.md#scanning).
//
// A host folder is read as a host is over SSH, within the same bounds: nothing outside the
// folder (a symbolic link is followed only when it resolves inside the same host folder, so a
// `pdump.txt` linked to ~/.ssh/id_ed25519 is not read), only regular files, each within the
// 5 MiB file cap, the whole host within the 16 MiB per-host budget (MAX_OUTPUT_BYTES), at most
// MAX_INSTANCE_FILES config-*.xml files, and the command timeout. A host over a bound is that host's error, never the scan's.
//
// A host folder is read with synchronous calls, one host at a time: its few small files cost a
// quarter of the CPU that way (docs/security.md#offline-speed). The command
// timeout is checked before each file; a read that hangs (a network mount that stops answering)
// holds the scan instead of ending as that host's timeout.
import { lstatSync, readdirSync, realpathSync, statfsSync, statSync, type Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import type { HostTarget } from '../model.js';
import { describeFileError, InputError } from '../errors.js';
import { MAX_OUTPUT_BYTES, PDUMP_KEEP_BYTES } from './frames.js';
import { describeNotRegular, FileReadError, kindOf, readBoundedFileSync } from '../inputs/input-file.js';
import { overHostBounds } from './snapshot.js';
import { failedHost, isConfigFileName, NEWLINE_IN_NAME, notRegularFileError, TOO_LARGE, type CollectOptions, type RawFile, type RawHost, type Transport } from './transport.js';

const PDUMP_FILE = 'pdump.txt';

/** Why a file behind a link that leaves its host folder is not read. */
export const OUTSIDE_HOST_FOLDER = 'a symbolic link to outside the host folder; it was not read';

/**
 * Linux filesystem types (statfs f_type, from linux/magic.h and the filesystems' own headers)
 * whose reads may wait on a network or a user-space daemon: a host folder there is read with the
 * same synchronous calls, so one that stops answering holds the scan (docs/security.md#offline-speed).
 */
const REMOTE_FILESYSTEMS = new Map<number, string>([
  [0x6969, 'NFS'],
  [0x517b, 'SMB'],
  [0xfe534d42, 'SMB2'],
  [0xff534d42, 'CIFS'],
  [0x65735546, 'FUSE'],
  [0x01021997, '9P'],
  [0x00c36400, 'Ceph'],
  [0x5346414f, 'AFS'],
  [0x0bd00bd0, 'Lustre'],
  [0x47504653, 'GPFS'],
  [0x01161970, 'GFS2'],
]);

/** The name of a remote (network or FUSE) filesystem type, or undefined for a local one. */
export function remoteFilesystemName(type: number): string | undefined {
  return REMOTE_FILESYSTEMS.get(type);
}

/**
 * One warning line when --dir lies on a remote filesystem (Linux only; elsewhere, or when statfs
 * fails, nothing is said): its reads are not bounded in time.
 */
export function remoteDirectoryWarning(path: string): string | undefined {
  let type: number;
  try {
    type = Number(statfsSync(path).type);
  } catch {
    return undefined;
  }
  const name = process.platform === 'linux' ? remoteFilesystemName(type) : undefined;
  return name === undefined ? undefined : `--dir ${path} is on ${name}, a remote filesystem: host folders are read without a time limit there, so a mount that stops answering holds the scan; copy them to a local disk first (docs/collect.md)`;
}

/** Host folders under PATH, or PATH itself when it holds conf/ directly. */
export async function discoverDirectoryTargets(path: string): Promise<HostTarget[]> {
  const root = resolve(path);
  const info = await stat(root).catch(() => null);
  if (info === null) throw new InputError(`--dir ${path}: no such directory`);
  if (!info.isDirectory()) throw new InputError(`--dir ${path}: not a directory`);
  if (await isDirectory(join(root, 'conf'))) return [directoryTarget(basename(root), root)];
  const entries = await readdir(root, { withFileTypes: true }).catch((error: unknown) => {
    throw new InputError(`--dir ${path}: cannot list it: ${describeFileError(error, 'list')}`);
  });
  const hosts = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  if (hosts.length === 0) throw new InputError(`--dir ${path}: no host folders (expected ${path}/<host>/conf/*.xml)`);
  return hosts.map((name) => directoryTarget(name, join(root, name)));
}

function directoryTarget(name: string, folder: string): HostTarget {
  return { name, address: name, tags: [], installDir: folder };
}

export function createDirectoryTransport(): Transport {
  return { kind: 'dir', collect: collectDirectory };
}

/** The host is over its budget or its time: it ends as a host error. */
class HostStop extends Error {
  constructor(readonly raw: RawHost) {
    super(raw.error);
  }
}

/** What one host may still cost: bytes of names and contents, and time. */
interface HostBounds {
  folder: string;
  left: number;
  deadline: number;
  options: CollectOptions;
}

function spend(bounds: HostBounds, bytes: number): void {
  bounds.left -= bytes;
  if (bounds.left < 0) throw new HostStop(failedHost('error', `the host folder holds more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB to read (the per-host budget); nothing of it is used`));
}

function checkTime(bounds: HostBounds): void {
  if (bounds.options.signal.aborted || Date.now() >= bounds.deadline) {
    throw new HostStop(failedHost('timeout', `the host folder was not read within ${bounds.options.commandTimeout}s`));
  }
}

function collectDirectory(target: HostTarget, options: CollectOptions): Promise<RawHost> {
  return Promise.resolve(readHost(target, options));
}

function readHost(target: HostTarget, options: CollectOptions): RawHost {
  let folder: string;
  try {
    folder = realpathSync(target.installDir);
  } catch (error) {
    return failedHost('error', `cannot open the host folder: ${describeFileError(error, 'open')}`);
  }
  const bounds: HostBounds = { folder, left: MAX_OUTPUT_BYTES, deadline: Date.now() + options.commandTimeout * 1000, options };
  try {
    return readHostFolder(bounds);
  } catch (error) {
    if (error instanceof HostStop) return error.raw;
    if (error instanceof FileReadError && error.problem === 'deadline') return failedHost('timeout', `the host folder was not read within ${options.commandTimeout}s`);
    throw error;
  }
}

function readHostFolder(bounds: HostBounds): RawHost {
  const host: RawHost = { status: 'ok', confListing: [], files: [], pdump: null };
  const confProblem = readConf(bounds, host);
  // pdump.txt is read whatever happened to conf/: the banner gives the build on its own (docs/campaign.md#version-banner).
  if (confProblem !== undefined) Object.assign(host, { status: 'error', error: confProblem });
  checkTime(bounds);
  const pdump = readPdump(bounds);
  if ('text' in pdump) host.pdump = pdump.text;
  else host.pdumpError = pdump.error;
  return host;
}

/** Lists conf/ and reads its config files into `host`; returns why conf/ could not be read. */
function readConf(bounds: HostBounds, host: RawHost): string | undefined {
  const conf = locate(join(bounds.folder, 'conf'), bounds.folder);
  switch (conf.kind) {
    case 'missing':
      return 'no conf/ directory in the host folder';
    case 'outside':
      return 'conf/ is a symbolic link to outside the host folder; it was not read';
    case 'error':
      return `cannot open conf/: ${describeFileError(conf.error, 'open')}`;
    case 'other':
      return `conf/ is ${describeNotRegular(conf.word)}, not a directory`;
    case 'file':
      return 'conf/ is a file, not a directory';
  }
  let names: string[];
  try {
    names = readdirSync(conf.path);
  } catch (error) {
    return `cannot list conf/: ${describeFileError(error, 'list')}`;
  }
  host.confListing = names.filter((name) => !name.startsWith('.')).sort();
  // The SSH collector's listing counts against its output cap; so does this one.
  spend(bounds, host.confListing.reduce((total, name) => total + Buffer.byteLength(name) + 1, 0));
  // Refused before any file is read (toSnapshot would refuse it after).
  const overBound = overHostBounds(host.confListing, []);
  if (overBound !== undefined) {
    host.confListing = [];
    return overBound;
  }
  for (const name of host.confListing.filter(isConfigFileName)) {
    checkTime(bounds);
    host.files.push(readConfigFile(conf.path, name, bounds));
  }
  return undefined;
}

type Located =
  | { kind: 'file' | 'dir'; path: string; info: Stats }
  | { kind: 'missing' | 'outside' }
  /** `word` is the collector script's (`fifo`, `link-char`, `link-dangling`…), so both collectors describe a FIFO or a link to /dev/zero alike. */
  | { kind: 'other'; word: string }
  | { kind: 'error'; error: unknown };

/** Where `path` leads, confined to `folder`: its real path when that is inside the folder, else 'outside'. */
function locate(path: string, folder: string): Located {
  try {
    const link = lstatSync(path);
    if (!link.isSymbolicLink()) {
      if (link.isFile() || link.isDirectory()) return { kind: link.isFile() ? 'file' : 'dir', path, info: link };
      return { kind: 'other', word: kindOf(link) };
    }
    const real = realPathOf(path);
    if (real === null) return { kind: 'other', word: 'link-dangling' };
    const info = statSync(real);
    // What a link leads to is named first (as the SSH collector names a link to /dev/zero), then where.
    if (!info.isFile() && !info.isDirectory()) return { kind: 'other', word: `link-${kindOf(info)}` };
    if (real !== folder && !real.startsWith(folder.endsWith(sep) ? folder : `${folder}${sep}`)) return { kind: 'outside' };
    return { kind: info.isFile() ? 'file' : 'dir', path: real, info };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? { kind: 'missing' } : { kind: 'error', error };
  }
}

function readConfigFile(conf: string, name: string, bounds: HostBounds): RawFile {
  if (name.includes('\n')) return { name, size: null, error: NEWLINE_IN_NAME };
  const maxBytes = bounds.options.maxFileBytes;
  const where = locate(join(conf, name), bounds.folder);
  switch (where.kind) {
    case 'outside':
      return { name, size: null, error: OUTSIDE_HOST_FOLDER };
    case 'missing':
      return { name, size: null, error: 'the file disappeared while the folder was read' };
    case 'error':
      return { name, size: null, error: describeFileError(where.error) };
    case 'other':
      return { name, size: null, error: notRegularFileError(where.word) };
    case 'dir':
      return { name, size: null, error: notRegularFileError('dir') };
  }
  if (where.info.size > maxBytes) return { name, size: where.info.size, error: TOO_LARGE };
  // Charged before reading: a folder of sparse 5 MiB files costs nothing past the budget.
  spend(bounds, where.info.size);
  try {
    // noFollow: the real path was checked to be inside the folder; a link swapped in since is refused.
    const data = readBoundedFileSync(where.path, { cap: { kind: 'a Campaign config file', maxBytes }, noFollow: true, deadline: bounds.deadline });
    // A file that grew since it was measured is charged for what was read.
    spend(bounds, Math.max(0, data.length - where.info.size));
    return { name, size: data.length, data };
  } catch (error) {
    if (!(error instanceof FileReadError) || error.problem === 'deadline') throw error;
    return { name, size: null, error: error.problem === 'too-large' ? TOO_LARGE : error.message };
  }
}

function readPdump(bounds: HostBounds): { text: string } | { error: string } {
  const where = locate(join(bounds.folder, PDUMP_FILE), bounds.folder);
  switch (where.kind) {
    case 'missing':
      return { error: `no ${PDUMP_FILE} in the host folder` };
    case 'outside':
      return { error: `${PDUMP_FILE} is ${OUTSIDE_HOST_FOLDER}` };
    case 'error':
      return { error: `cannot read ${PDUMP_FILE}: ${describeFileError(where.error)}` };
    case 'other':
      return { error: `${PDUMP_FILE} is ${notRegularFileError(where.word)}` };
    case 'dir':
      return { error: `${PDUMP_FILE} is ${notRegularFileError('dir')}` };
  }
  spend(bounds, Math.min(where.info.size, PDUMP_KEEP_BYTES));
  try {
    const data = readBoundedFileSync(where.path, { cap: { kind: PDUMP_FILE, maxBytes: PDUMP_KEEP_BYTES }, head: true, noFollow: true, deadline: bounds.deadline });
    return { text: data.toString('utf8') };
  } catch (error) {
    if (!(error instanceof FileReadError) || error.problem === 'deadline') throw error;
    return { error: `cannot read ${PDUMP_FILE}: ${error.message}` };
  }
}

function realPathOf(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}
