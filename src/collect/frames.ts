// Splits the collector script's output (src/collect/script.ts) into a RawHost.
// The format is line frames that start with the run's random marker; a name holding a newline
// comes as raw bytes (NLNAME) that end at the next "\n<marker> EOF" frame; the pdump output runs
// to the end. Regular files come as READ frames, then one BODIES frame followed by the output of
// a single `head -v -c CAP` over all of them: each body sits after head's own header
// "==> DIR/conf/SALTNAME <==\n", and SALT (pathSalt) spells the marker, so a file's contents
// cannot forge the header that ends it; the last body ends at "\n<marker> EOF <rc>".
import { MAX_CONF_ENTRIES, MAX_HOST_FILES, TOO_MANY_ENTRIES, TOO_MANY_FILES } from './snapshot.js';
import { isConfigFileName, NEWLINE_IN_NAME, notRegularFileError, TOO_LARGE, type RawFile, type RawHost } from './transport.js';

export class FrameError extends Error {}

/** At most this much pdump output is kept: only its first lines matter (the version line). */
export const PDUMP_KEEP_BYTES = 16 * 1024;

/** How the run ended: an exit status, or the signal that killed the last process (nlserver). */
export interface RunEnd {
  exitCode: number | null;
  exitSignal?: string | null;
}

/**
 * Path steps the kernel skips (`./` for a 1 bit, `/` for a 0 bit) spelling the marker's hex
 * digits (other characters add nothing): inserted after `conf/` in the paths given to head, they
 * make its per-file headers as unguessable as the marker itself, 128 bits for newFrameMarker's.
 * The collector script computes the same steps from the marker (hexSteps gives its table).
 */
export function pathSalt(marker: string): string {
  let salt = '';
  for (const ch of marker) salt += hexSteps(ch) ?? '';
  return salt;
}

/** The four steps of one lowercase hex digit, most significant bit first; undefined otherwise. */
export function hexSteps(digit: string): string | undefined {
  if (!/^[0-9a-f]$/.test(digit)) return undefined;
  const value = Number.parseInt(digit, 16);
  let steps = '';
  for (let bit = 3; bit >= 0; bit -= 1) steps += (value >> bit) & 1 ? './' : '/';
  return steps;
}

export function parseCollectorOutput(output: Buffer, marker: string, maxFileBytes: number, end: RunEnd): RawHost {
  const prefix = `${marker} `;
  let pos = 0;

  let lineStart = 0;
  const readLine = (): string => {
    lineStart = pos;
    const end = output.indexOf(0x0a, pos);
    if (end < 0) throw new FrameError(`collector output ended early (after ${output.length} bytes)`);
    const line = output.toString('utf8', pos, end);
    pos = end + 1;
    return line;
  };
  const readFrame = (): [string, string] => {
    const line = readLine();
    if (!line.startsWith(prefix)) throw new FrameError('collector output is not in the expected format');
    const rest = line.slice(prefix.length);
    const space = rest.indexOf(' ');
    return space < 0 ? [rest, ''] : [rest.slice(0, space), rest.slice(space + 1)];
  };
  /** The bytes up to the next "\n<marker> EOF <rc>\n", and that rc. */
  const readToEof = (): [Buffer, number] => {
    const end = output.indexOf(`\n${prefix}EOF `, pos);
    if (end < 0) throw new FrameError(`collector output ended early (after ${output.length} bytes)`);
    const body = output.subarray(pos, end);
    pos = end + 1;
    return [body, Number.parseInt(readFrame()[1], 10)];
  };
  const saltSteps = pathSalt(marker);

  const [hello, protocol] = readFrame();
  if (hello !== 'HELLO' || protocol !== '1') throw new FrameError('collector output is not in the expected format');

  const host: RawHost = { status: 'ok', confListing: [], files: [], pdump: null };
  // Every frame that names a file counts against the host's bounds as it arrives (toSnapshot
  // checks the rest): past one, nothing more is kept, and the frames are only read through to
  // the pdump output, so a flood of DENIED frames costs the output cap and no more.
  let fileFrames = 0;
  const reads: Buffer[] = [];
  let over: string | undefined;
  const list = (name: string): void => {
    if (over !== undefined) return;
    if (host.confListing.length >= MAX_CONF_ENTRIES) over = TOO_MANY_ENTRIES;
    else host.confListing.push(name);
  };
  /** A frame describing a file; `file` is null for a name that is not a config file (the script sends none, but it counts). */
  const describe = (file: RawFile | null): void => {
    fileFrames += 1;
    if (over !== undefined) return;
    if (fileFrames > MAX_HOST_FILES) over = TOO_MANY_FILES;
    else if (file !== null) host.files.push(file);
  };
  const ended = (): RawHost => (over === undefined ? host : { ...host, status: 'error', error: over, confListing: [], files: [] });
  for (;;) {
    const [kind, arg] = readFrame();
    if (kind === 'NOCONF') {
      host.status = 'error';
      host.error = 'no conf/ directory under the install dir';
    } else if (kind === 'LIST') {
      list(arg);
    } else if (kind === 'NLNAME') {
      const [body] = readToEof();
      const name = body.toString('utf8');
      list(name);
      if (isConfigFileName(name)) describe({ name, size: null, error: NEWLINE_IN_NAME });
    } else if (kind === 'NOTFILE') {
      const space = arg.indexOf(' ');
      const name = arg.slice(space + 1);
      describe(space > 0 && isConfigFileName(name) ? { name, size: null, error: notRegularFileError(arg.slice(0, space)) } : null);
    } else if (kind === 'DENIED') {
      describe(isConfigFileName(arg) ? { name: arg, size: null, error: 'permission denied' } : null);
    } else if (kind === 'READ') {
      // Raw bytes of the name as the shell printed it: head's header holds the same bytes.
      // Kept up to one past the host's bound: past it, the host is an error anyway (describe).
      if (reads.length <= MAX_HOST_FILES) reads.push(output.subarray(lineStart + prefix.length + 'READ '.length, pos - 1));
    } else if (kind === 'BODIES') {
      const [batch, rc] = readToEof();
      for (const file of splitHeadRun(batch, rc, reads.splice(0), saltSteps, maxFileBytes)) describe(isConfigFileName(file.name) ? file : null);
    } else if (kind === 'PDUMP') {
      // READ frames with no BODIES after them: the script never prints that, so nothing of
      // those files is trusted, and each is still accounted for.
      for (const name of reads.splice(0)) describe(isConfigFileName(name.toString('utf8')) ? failed(name, 'read failed (no head output)') : null);
      Object.assign(host, pdumpOf(output, pos, end));
      return ended();
    } else {
      throw new FrameError(`collector output has an unknown frame "${kind}"`);
    }
  }
}

/**
 * The files named by READ frames, from one `head -v` run (`batch`, its exit status `rc`). head
 * prints "==> PATH <==\n" before each file it opens (after a "\n" from the second on) and nothing
 * for one it cannot open; every PATH is DIR/conf/SALTNAME, and the first header gives DIR as head
 * printed it. A file whose header is missing was not read (it went away, or its rights changed,
 * after the shell's checks); a body is never given to the wrong name. head's non-zero exit with
 * every header present means a read failed part-way, in a file it does not name: then no file of
 * the run is trusted.
 */
export function splitHeadRun(batch: Buffer, rc: number, names: readonly Buffer[], saltSteps: string, maxFileBytes: number): RawFile[] {
  const unexpected = (): RawFile[] => names.map((name) => failed(name, 'read failed (unexpected head output)'));
  const salt = Buffer.from(`/conf/${saltSteps}`);
  const open = Buffer.from('==> ');
  const firstSalt = batch.indexOf(salt);
  if (batch.length > 0 && (firstSalt < open.length || !batch.subarray(0, open.length).equals(open))) {
    return unexpected();
  }
  const dir = batch.subarray(open.length, Math.max(open.length, firstSalt));
  const lead = Buffer.concat([open, dir]);
  const close = Buffer.from(' <==\n');
  // Where each file's header starts and its body begins, or undefined when head printed none.
  // One pass over the salt's occurrences (only headers hold it), each matched to the next names
  // in order: linear in the output, whatever a server prints.
  const found: ({ start: number; body: number } | undefined)[] = names.map(() => undefined);
  let expected = 0;
  for (let at = firstSalt; at >= 0; at = batch.indexOf(salt, at + salt.length)) {
    const start = at - lead.length;
    const startsLine = start === 0 || (start > 0 && batch[start - 1] === 0x0a);
    if (start < 0 || !startsLine || !batch.subarray(start, at).equals(lead)) return unexpected();
    let matched = -1;
    let body = 0;
    for (let index = expected; index < names.length && matched < 0; index += 1) {
      const tail = Buffer.concat([names[index]!, close]);
      const from = at + salt.length;
      if (batch.subarray(from, from + tail.length).equals(tail)) [matched, body] = [index, from + tail.length];
    }
    if (matched < 0) return unexpected();
    found[matched] = { start, body };
    expected = matched + 1;
    at = body - salt.length;
  }
  const read = found.filter((place) => place !== undefined).length;
  // Every header there and a failure: a read broke part-way. No header and a failure: head
  // itself failed (a head without -v), not each file.
  if (rc !== 0 && (read === names.length || read === 0)) return names.map((name) => failed(name, `read failed (exit ${rc})`));
  let next = batch.length + 1;
  const files: RawFile[] = [];
  for (let index = names.length - 1; index >= 0; index -= 1) {
    const place = found[index];
    if (place === undefined) {
      files.push(failed(names[index]!, 'read failed (it could not be opened)'));
      continue;
    }
    // The body runs to the "\n" head prints before the next header (or to the run's end).
    files.push(toRawFile(names[index]!.toString('utf8'), batch.subarray(place.body, Math.max(place.body, next - 1)), maxFileBytes));
    next = place.start;
  }
  return files.reverse();
}

/** A config file named by a READ frame whose bytes cannot be trusted. */
function failed(name: Buffer, error: string): RawFile {
  return { name: name.toString('utf8'), size: null, error };
}

function toRawFile(name: string, body: Buffer, maxFileBytes: number): RawFile {
  // The script reads at most maxFileBytes + 1 bytes: one more than the cap means "too large".
  if (body.length > maxFileBytes) return { name, size: null, error: TOO_LARGE };
  return { name, size: body.length, data: Buffer.from(body) };
}

/**
 * nlserver replaced the shell at the PDUMP frame: the rest of the output (from `from`) is its own,
 * and only a known exit status says the run went to its end. A crashed nlserver keeps the files
 * already read; an unknown end means a cut connection, which throws.
 */
function pdumpOf(output: Buffer, from: number, end: RunEnd): Pick<RawHost, 'pdump' | 'pdumpError'> {
  const text = output.subarray(from, from + PDUMP_KEEP_BYTES).toString('utf8');
  if (end.exitCode === null) {
    if (!end.exitSignal) throw new FrameError(`collector output ended early (after ${output.length} bytes)`);
    return { pdump: text, pdumpError: `nlserver pdump was killed by signal ${end.exitSignal}` };
  }
  return end.exitCode === 0 ? { pdump: text } : { pdump: text, pdumpError: describePdumpExit(end.exitCode, text) };
}

function describePdumpExit(rc: number, text: string): string {
  if (rc === 127) return 'nlserver was not found (neither <install dir>/bin/nlserver nor on PATH after env.sh)';
  if (rc === 126) return 'nlserver is not executable';
  // What it printed is kept for the version parser, never quoted in a message (see parse/facts.ts).
  const lines = text.split('\n').filter((line) => line.trim() !== '').length;
  return `nlserver pdump exited with status ${rc}${lines > 0 ? ` after printing ${lines === 1 ? '1 line' : `${lines} lines`}` : ''}`;
}

/**
 * Upper bound on one host's collector output: many capped files still cannot exhaust memory.
 * Real conf/ trees are kilobytes (a serverConf.xml of ~100 kB and small config-*.xml files);
 * 16 MiB leaves room for three files at the 5 MiB cap while a fleet of hostile hosts costs at
 * most --concurrency × 16 MiB (1 GiB at the default 64), not four times that.
 */
export const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/**
 * Collects a run's stdout up to MAX_OUTPUT_BYTES. Past that, the run is an error whatever it
 * printed (interpretCollectorRun), so the sink lets go of what it holds, keeps nothing more and
 * calls onOverflow once: a host that streams without end costs at most the cap, and only until
 * the cap is reached.
 */
export class OutputSink {
  private chunks: Buffer[] = [];
  size = 0;
  overflow = false;

  constructor(private readonly onOverflow: () => void) {}

  push(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.overflow) return;
    if (this.size > MAX_OUTPUT_BYTES) {
      this.overflow = true;
      this.chunks = [];
      this.onOverflow();
      return;
    }
    this.chunks.push(chunk);
  }

  buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export interface CollectorRun {
  stdout: Buffer;
  stderr: string;
  /** Exit status of the remote/local `sh`, null when killed or unknown. */
  exitCode: number | null;
  /** Signal that ended the run when there is no exit status (e.g. SIGSEGV in nlserver). */
  exitSignal?: string | null;
  /** True when stdout hit MAX_OUTPUT_BYTES and the run was stopped. */
  overflow?: boolean;
}

/** Interprets a finished run of the collector script, whatever carried it (ssh exec or local sh). */
export function interpretCollectorRun(run: CollectorRun, marker: string, maxFileBytes: number): RawHost {
  if (run.overflow) {
    return { status: 'error', error: `collector output exceeded ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB`, confListing: [], files: [], pdump: null };
  }
  try {
    return parseCollectorOutput(run.stdout, marker, maxFileBytes, { exitCode: run.exitCode, exitSignal: run.exitSignal ?? null });
  } catch (error) {
    if (!(error instanceof FrameError)) throw error;
    // Nothing framed came back: most often sudo or the login shell refused, and said why on stderr.
    const reason = firstLine(run.stderr);
    const status = run.exitCode === null ? 'killed' : `exit ${run.exitCode}`;
    return {
      status: 'error',
      error: reason ? `${reason} (${status})` : `${error.message} (${status})`,
      confListing: [],
      files: [],
      pdump: null,
    };
  }
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '') ?? '').trim().slice(0, 300);
}
