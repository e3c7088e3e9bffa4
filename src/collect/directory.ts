// `--dir PATH`: offline copies, one folder per host: PATH/<host>/conf/*.xml and an optional
// PATH/<host>/pdump.txt with captured `nlserver pdump` output (DESIGN.md §2).
import { constants } from 'node:fs';
import { lstat, open, readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { HostTarget } from '../model.js';
import { InputError } from '../errors.js';
import { isConfigFileName, NEWLINE_IN_NAME, notRegularFileError, TOO_LARGE, type CollectOptions, type RawFile, type RawHost, type Transport } from './transport.js';

const PDUMP_FILE = 'pdump.txt';
const PDUMP_KEEP_BYTES = 16 * 1024;

/** Host folders under PATH, or PATH itself when it holds conf/ directly. */
export async function discoverDirectoryTargets(path: string): Promise<HostTarget[]> {
  const root = resolve(path);
  const info = await stat(root).catch(() => null);
  if (info === null) throw new InputError(`--dir ${path}: no such directory`);
  if (!info.isDirectory()) throw new InputError(`--dir ${path}: not a directory`);
  if (await isDirectory(join(root, 'conf'))) return [directoryTarget(basename(root), root)];
  const entries = await readdir(root, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`--dir ${path}: cannot list (${error.code ?? error.message})`);
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

async function collectDirectory(target: HostTarget, options: CollectOptions): Promise<RawHost> {
  const conf = join(target.installDir, 'conf');
  const host: RawHost = { status: 'ok', confListing: [], files: [], pdump: null };
  let names: string[];
  try {
    names = await readdir(conf);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ...host, status: 'error', error: code === 'ENOENT' ? 'no conf/ directory in the host folder' : `cannot list conf/ (${code})` };
  }
  host.confListing = names.filter((name) => !name.startsWith('.')).sort();
  for (const name of host.confListing.filter(isConfigFileName)) {
    host.files.push(await readConfigFile(join(conf, name), name, options.maxFileBytes));
  }
  try {
    // A FIFO here blocked the scan for good (open waits for a writer): check before opening.
    const pdumpPath = join(target.installDir, PDUMP_FILE);
    const kind = await notRegularKind(pdumpPath);
    if (kind === null) host.pdump = (await readHead(pdumpPath, PDUMP_KEEP_BYTES)).toString('utf8');
    else host.pdumpError = `${PDUMP_FILE} is ${notRegularFileError(kind)}`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    host.pdumpError = code === 'ENOENT' ? `no ${PDUMP_FILE} in the host folder` : `cannot read ${PDUMP_FILE} (${code})`;
  }
  return host;
}

async function readConfigFile(path: string, name: string, maxBytes: number): Promise<RawFile> {
  if (name.includes('\n')) return { name, size: null, error: NEWLINE_IN_NAME };
  try {
    const kind = await notRegularKind(path);
    if (kind !== null) return { name, size: null, error: notRegularFileError(kind) };
    const info = await stat(path);
    if (info.size > maxBytes) return { name, size: info.size, error: TOO_LARGE };
    const data = await readHead(path, maxBytes + 1);
    if (data.length > maxBytes) return { name, size: data.length, error: TOO_LARGE };
    return { name, size: data.length, data };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { name, size: null, error: code === 'EACCES' ? 'permission denied' : `read failed (${code ?? 'unknown error'})` };
  }
}

/** Reads at most `limit` bytes, so a huge or endless file costs no more than the cap. */
async function readHead(path: string, limit: number): Promise<Buffer> {
  // O_NONBLOCK: should a FIFO replace the file after the check, open returns instead of waiting.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < limit) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, limit - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, total);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/**
 * null for a regular file (or a symlink to one); else the collector script's word for what it
 * is, so both collectors describe a FIFO or a link to /dev/zero alike (transport.ts).
 */
async function notRegularKind(path: string): Promise<string | null> {
  const link = await lstat(path);
  const info = link.isSymbolicLink() ? await stat(path).catch(() => null) : link;
  if (info?.isFile()) return null;
  const kind = info === null ? 'dangling' : info.isFIFO() ? 'fifo' : info.isCharacterDevice() ? 'char' : info.isBlockDevice() ? 'block' : info.isDirectory() ? 'dir' : info.isSocket() ? 'socket' : 'other';
  return link.isSymbolicLink() ? `link-${kind}` : kind;
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}
