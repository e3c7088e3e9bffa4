// The one way the tool reads a local file: inventory, waivers, policy, build data, reports,
// evidence, ssh_config and its Includes, known_hosts, identity files and --dir offline copies.
// Each read opens without blocking (a FIFO's open waits for a writer), checks on the open
// descriptor that it is a regular file (no race between a check and the open), reads at most
// its kind's cap and gives up after a deadline. Problems come back in words, never a raw code.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { describeFileError, InputError } from '../errors.js';
import { JSON_LIMITS, parseJsonBounded, type JsonLimits } from './json.js';
import { fileError } from './issues.js';
import { parseYaml, type ParsedYaml } from './yaml.js';
import { MAX_XML_BYTES } from '../parse/xml.js';
import { printableLine } from '../render/text.js';

const KiB = 1024;
const MiB = 1024 * KiB;

export interface FileCap {
  /** The kind of file, as a message names it: "an inventory". */
  kind: string;
  maxBytes: number;
}

/** Size caps per kind of input file (docs/security.md, "Input files"). */
export const FILE_CAPS = {
  /** Thousands of hosts fit in a few hundred kB. */
  inventory: { kind: 'an inventory', maxBytes: 1 * MiB },
  waivers: { kind: 'a waivers file', maxBytes: 1 * MiB },
  policy: { kind: 'a policy file', maxBytes: 256 * KiB },
  builds: { kind: 'a build data file', maxBytes: 1 * MiB },
  /** Any YAML input without a kind of its own. */
  yaml: { kind: 'a YAML input file', maxBytes: 1 * MiB },
  /**
   * Every report the tool writes, it reads back (convert, diff, trend, --baseline): a report is
   * written as one JavaScript string, and V8 holds at most 2^29 - 24 characters (512 MiB) in one,
   * so no scan writes a longer one (and a longer file could not be decoded into one either). A host at every bound (200 instances) takes about 320 kB, a
   * 10,000-host fleet of a few instances each about 30 MB; 64 MiB once refused what the scan of
   * 200 such hosts had written.
   */
  report: { kind: 'a JSON report', maxBytes: 2 ** 29 - 24 },
  /** One host's snapshot is at most the 16 MiB per-host budget, about twice that as JSON. */
  evidence: { kind: 'an evidence file', maxBytes: 64 * MiB },
  sshConfig: { kind: 'an ssh_config file', maxBytes: 1 * MiB },
  knownHosts: { kind: 'a known_hosts file', maxBytes: 16 * MiB },
  /** An OpenSSH RSA 16384-bit private key is 12 kB. */
  identity: { kind: 'an identity (private key) file', maxBytes: 256 * KiB },
  config: { kind: 'a Campaign config file', maxBytes: MAX_XML_BYTES },
} as const satisfies Record<string, FileCap>;

/** A local file that takes longer than this is abandoned (a hung network mount). */
export const READ_DEADLINE_MS = 30_000;

/** What a config file name points to when it is not a regular file; `link-` when through a symlink. */
export const NOT_REGULAR: Record<string, string> = {
  fifo: 'a FIFO (named pipe)',
  char: 'a character device',
  block: 'a block device',
  dir: 'a directory',
  socket: 'a socket',
  dangling: 'nothing (a dangling link)',
};

/** `fifo` → "a FIFO (named pipe)", `link-char` → "a symbolic link to a character device". */
export function describeNotRegular(kind: string): string {
  const isLink = kind.startsWith('link-');
  const what = NOT_REGULAR[isLink ? kind.slice(5) : kind] ?? 'neither a file nor a directory';
  return isLink ? `a symbolic link to ${what}` : what;
}

export type FileProblem = 'missing' | 'not-regular' | 'too-large' | 'deadline' | 'not-text' | 'io';

/** Why a file was not read, in words (no path: callers say which file). */
export class FileReadError extends Error {
  constructor(
    readonly problem: FileProblem,
    message: string,
    /** The fs error code behind an `io` or `missing` problem. */
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface ReadOptions {
  cap: FileCap;
  /** Keep the first cap.maxBytes bytes of a larger file instead of refusing it. */
  head?: boolean;
  /** Refuse a symbolic link as the last path component (O_NOFOLLOW). */
  noFollow?: boolean;
  /** Absolute time (ms since the epoch) after which the read is abandoned; default now + READ_DEADLINE_MS. */
  deadline?: number;
}

/** Reads a regular file within its cap and deadline, or throws a FileReadError. */
export async function readBoundedFile(path: string, options: ReadOptions): Promise<Buffer> {
  const started = Date.now();
  const deadline = options.deadline ?? started + READ_DEADLINE_MS;
  if (deadline <= started) throw new FileReadError('deadline', 'not read: no time was left for it');
  let isLate = false;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        isLate = true;
        reject(new FileReadError('deadline', `not read within ${Math.max(1, Math.round((deadline - started) / 1000))} s`));
      },
      Math.max(0, deadline - started),
    );
  });
  const work = readWithin(path, options, () => isLate);
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
    // A read abandoned at the deadline still ends (and closes its descriptor) on its own.
    work.catch(() => undefined);
    late.catch(() => undefined);
  }
}

/**
 * open(2) flags for a bounded read. O_NONBLOCK: opening a FIFO returns at once instead of waiting
 * for a writer; it changes nothing for a regular file. Neither flag exists on Windows, where a
 * FIFO cannot be named so.
 */
function openFlags(options: ReadOptions): number {
  return constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (options.noFollow ? (constants.O_NOFOLLOW ?? 0) : 0);
}

/**
 * The checks on the open descriptor, before any read: a regular file within its cap. Returns how
 * many bytes to read at most: one byte over the cap tells a file that grew since fstat from one
 * that fits (with `head`, the cap itself).
 */
function readLimit(info: Stats, options: ReadOptions): number {
  if (!info.isFile()) throw new FileReadError('not-regular', `not a regular file: ${describeNotRegular(kindOf(info))}; it was not read`);
  const { maxBytes } = options.cap;
  if (info.size > maxBytes && !options.head) throw tooLarge(options.cap);
  return options.head ? maxBytes : maxBytes + 1;
}

async function readWithin(path: string, options: ReadOptions, isLate: () => boolean): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, openFlags(options));
  } catch (error) {
    throw await openFailure(path, error, options.noFollow === true);
  }
  try {
    const info = await handle.stat();
    const limit = readLimit(info, options);
    const buffer = Buffer.allocUnsafe(Math.min(limit, info.size + 1));
    let total = 0;
    while (total < limit && !isLate()) {
      if (total === buffer.length) break;
      const { bytesRead } = await handle.read(buffer, total, Math.min(buffer.length - total, 4 * MiB), total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    if (total === buffer.length && total < limit && !isLate()) {
      // The file grew past its fstat size: read on, still within the cap.
      const more = await readRest(handle, total, limit - total, isLate);
      if (more.length > 0) return checkSize(Buffer.concat([buffer.subarray(0, total), more]), options);
    }
    return checkSize(buffer.subarray(0, total), options);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * readBoundedFile without the thread pool, for the many small files of `--dir` host folders:
 * the same checks on the open descriptor and the same cap, at a fraction of the CPU (each async
 * call costs a hand-off to a pool thread and back; 1,000 demo hosts took 1 s of CPU to read that
 * way, 0.25 s so). The deadline is checked before the file is opened, not during its read: a
 * regular file on a local disk does not hang, and a FIFO or device is refused before any read.
 */
export function readBoundedFileSync(path: string, options: ReadOptions): Buffer {
  if ((options.deadline ?? Infinity) <= Date.now()) throw new FileReadError('deadline', 'not read: no time was left for it');
  let fd: number;
  try {
    fd = openSync(path, openFlags(options));
  } catch (error) {
    throw openFailureSync(path, error, options.noFollow === true);
  }
  try {
    const info = fstatSync(fd);
    const limit = readLimit(info, options);
    const chunks: Buffer[] = [];
    let total = 0;
    let buffer = Buffer.allocUnsafe(Math.min(limit, info.size + 1));
    while (total < limit) {
      const bytesRead = readSync(fd, buffer, 0, Math.min(buffer.length, limit - total), total);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      // The file grew past its fstat size: read on, still within the cap.
      if (bytesRead === buffer.length) buffer = Buffer.allocUnsafe(Math.min(limit - total, 1 * MiB));
      else buffer = buffer.subarray(bytesRead);
    }
    return checkSize(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total), options);
  } finally {
    closeSync(fd);
  }
}

function openFailureSync(path: string, error: unknown, noFollow: boolean): FileReadError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new FileReadError('missing', 'no such file', code);
  if (code === 'ELOOP' && noFollow) return new FileReadError('not-regular', 'a symbolic link; it was not followed');
  // A socket cannot be opened (ENXIO): say what it is.
  if (code === 'ENXIO' || code === 'EOPNOTSUPP') {
    const info = statSync(path, { throwIfNoEntry: false });
    if (info && !info.isFile()) return new FileReadError('not-regular', `not a regular file: ${describeNotRegular(kindOf(info))}; it was not read`);
  }
  return new FileReadError('io', describeFileError(error), code);
}

async function readRest(handle: Awaited<ReturnType<typeof open>>, position: number, limit: number, isLate: () => boolean): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit && !isLate()) {
    const chunk = Buffer.allocUnsafe(Math.min(limit - total, 1 * MiB));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, position + total);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
  }
  return Buffer.concat(chunks, total);
}

function checkSize(data: Buffer, options: ReadOptions): Buffer {
  if (data.length > options.cap.maxBytes) {
    if (options.head) return data.subarray(0, options.cap.maxBytes);
    throw tooLarge(options.cap);
  }
  return data;
}

function tooLarge(cap: FileCap): FileReadError {
  return new FileReadError('too-large', `larger than ${describeBytes(cap.maxBytes)}, the limit for ${cap.kind}`);
}

export function describeBytes(bytes: number): string {
  return bytes >= MiB && bytes % MiB === 0 ? `${bytes / MiB} MiB` : bytes >= KiB && bytes % KiB === 0 ? `${bytes / KiB} KiB` : `${bytes} bytes`;
}

async function openFailure(path: string, error: unknown, noFollow: boolean): Promise<FileReadError> {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new FileReadError('missing', 'no such file', code);
  if (code === 'ELOOP' && noFollow) return new FileReadError('not-regular', 'a symbolic link; it was not followed');
  // A socket cannot be opened (ENXIO): say what it is.
  if (code === 'ENXIO' || code === 'EOPNOTSUPP') {
    const info = await stat(path).catch(() => null);
    if (info && !info.isFile()) return new FileReadError('not-regular', `not a regular file: ${describeNotRegular(kindOf(info))}; it was not read`);
  }
  return new FileReadError('io', describeFileError(error), code);
}

/** The collector script's word for a file type (transport.ts describes each). */
export function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'fifo';
  if (info.isCharacterDevice()) return 'char';
  if (info.isBlockDevice()) return 'block';
  if (info.isDirectory()) return 'dir';
  if (info.isSocket()) return 'socket';
  return 'other';
}

/**
 * Input files are UTF-8 text (a byte-order mark is dropped). Anything else is refused before a
 * parser sees it, so a binary or a key file passed by mistake gives one line, not parser noise.
 */
export function decodeInputText(data: Buffer): string {
  const start = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
  if (data.includes(0)) throw new FileReadError('not-text', 'binary content (NUL bytes), not text');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data.subarray(start));
  } catch {
    throw new FileReadError('not-text', 'not UTF-8 text');
  }
}

/** An input file named by a flag, as text; any problem is an InputError "FLAG PATH: what is wrong". */
export async function readInputFile(path: string, flag: string, cap: FileCap = FILE_CAPS.yaml): Promise<string> {
  try {
    return decodeInputText(await readBoundedFile(path, { cap }));
  } catch (error) {
    throw asInputError(error, `${flag} ${path}`);
  }
}

/** A YAML input file named by a flag (`--waivers`, `--policy`, `--builds`): read, bounded, parsed. */
export async function readYamlFile(path: string, flag: string, cap: FileCap = FILE_CAPS.yaml): Promise<ParsedYaml> {
  return parseYaml(await readInputFile(path, flag, cap), { flag, file: path });
}

/** A JSON input file named by a flag: read and parsed within the caps of its kind. */
export async function readJsonFile(path: string, flag: string, cap: FileCap, limits: JsonLimits = JSON_LIMITS): Promise<unknown> {
  const parsed = parseJsonBounded(await readInputFile(path, flag, cap), limits);
  if (!parsed.ok) throw fileError({ flag, file: path }, parsed.error);
  return parsed.value;
}

/** A FileReadError (or any fs error) as an InputError after `prefix` (made printable: it names a file); other errors pass. */
export function asInputError(error: unknown, prefix: string): Error {
  if (error instanceof FileReadError) return new InputError(`${printableLine(prefix)}: ${error.message}`);
  if (typeof error === 'object' && error !== null && 'code' in error) return new InputError(`${printableLine(prefix)}: ${describeFileError(error)}`);
  return error as Error;
}
