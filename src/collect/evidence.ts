// --save-evidence DIR writes one redacted Snapshot per host; --evidence PATH replays them, so a
// scan can be re-evaluated offline (docs/architecture.md#pipeline). Snapshots are redacted again on
// load: the redaction is idempotent, and a hand-edited file must not bring a secret back into a
// report.
import { constants } from 'node:fs';
import { mkdir, open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { printableLine } from '../render/text.js';
import { HOST_STATUSES, type Snapshot } from '../model.js';
import * as z from 'zod';
import { fileError, parseInput, type RowLabel } from '../inputs/issues.js';
import { MAX_OUTPUT_BYTES } from './frames.js';
import { describeNotRegular, FILE_CAPS, kindOf, readJsonFile } from '../inputs/input-file.js';
import { ParsedDocuments, type SharedParses } from '../parse/xml.js';
import type { SnapshotSource } from '../engine/audit.js';
import type { Redactor } from './redact.js';
import { overHostBounds, redactContent, tooManyElements, tooManyTagsOrAttributes } from './snapshot.js';

/** The evidence files a --evidence PATH names: the file, or a directory's `.json` files by name. */
export async function evidenceFiles(path: string): Promise<string[]> {
  const root = resolve(path);
  const info = await stat(root).catch(() => null);
  if (info === null) throw fileError({ flag: '--evidence', file: path }, 'no such file or directory');
  const files = info.isDirectory()
    ? (await readdir(root)).filter((name) => name.endsWith('.json')).sort().map((name) => join(root, name))
    : [root];
  if (files.length === 0) throw fileError({ flag: '--evidence', file: path }, 'no .json snapshots in the directory');
  // Each is read later, one at a time; one that cannot be a snapshot (a FIFO, a folder) is named
  // now, before anything else of the run happens (the fingerprint key is made, a host judged).
  for (const file of files) {
    const kind = await stat(file).then((entry) => (entry.isFile() ? null : kindOf(entry)), () => null);
    if (kind !== null) throw fileError({ flag: '--evidence', file }, `not a regular file: ${describeNotRegular(kind)}; it was not read`);
  }
  return files;
}

/**
 * Saved snapshots as a snapshot source (engine/audit.ts), replayed one at a time, in order: one
 * evidence file is in memory at once, and each snapshot is yielded as soon as it is checked and
 * redacted, so a scan keeps only what it keeps of a host (its summary and findings). `documents`
 * holds the trees parsed while redacting, for the facts: the one given, else one
 * ParsedDocuments per snapshot (over `shared`, as in a scan).
 */
export async function* evidenceSnapshots(
  files: readonly string[],
  redact: Redactor,
  { documents, shared }: { documents?: ParsedDocuments; shared?: SharedParses } = {},
): SnapshotSource {
  let index = 0;
  for (const file of files) {
    // Bounded like every input; a parse error names its position, never the text around it, so a
    // wrong file (a key, a config) passed by mistake is not echoed to the terminal.
    const parsed = await readJsonFile(file, '--evidence', FILE_CAPS.evidence);
    const items: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
    const source = { flag: '--evidence', file };
    for (let at = 0; at < items.length; at += 1) {
      const hostDocuments = documents ?? new ParsedDocuments(shared);
      const checked = parseInput(source, snapshotSchema, items[at], { at: Array.isArray(parsed) ? [at] : [], rowLabel: filePath });
      if (checked.fingerprintKeyId !== undefined && checked.fingerprintKeyId !== redact.fingerprints.keyId) throw otherKey(file, checked.fingerprintKeyId, redact.fingerprints.keyId);
      const snapshot = redactSnapshot(withinHostBudget(checked), redact, hostDocuments);
      items[at] = undefined; // the checked copy is all that is needed of it now
      yield { index: index++, snapshot, documents: hostDocuments };
    }
  }
}

/**
 * Evidence fingerprinted under another key: its secrets would compare with nothing of this run
 * (drift between hosts, a baseline), so it is refused rather than judged wrong.
 */
function otherKey(file: string, saved: string, current: string): Error {
  // The saved id is the file's own text: named only when it has the form of an id.
  const id = /^[0-9a-f]{12}$/.test(saved) ? `key id ${saved}` : 'another key';
  return fileError({ flag: '--evidence', file }, `its secret values were fingerprinted under ${id}, and this run's key is ${current}; replay it with the same key (--fingerprint-key or CAMPAIGN_AUDIT_FINGERPRINT_KEY)`);
}

/**
 * The saved snapshot's schema (zod, as every input: src/contract/common.ts says why). Loose: keys
 * it does not name (newer fields) are kept as they were; each value it names must have the right
 * type, so nothing unexpected reaches the parser or a report. What a scan fills in and an older
 * or hand-made file may lack gets its empty value.
 */
const text = z.string({ error: 'is not text' });
const textList = z.array(text, { error: 'is not a list of text' });
const object = <T extends z.core.$ZodLooseShape>(shape: T) => z.looseObject(shape, { error: 'is not an object' });
const snapshotSchema = object({
  schemaVersion: z.literal(1, { error: 'is not 1' }),
  host: object({ name: text, address: text.exactOptional(), tags: textList.exactOptional() }),
  status: z.enum(HOST_STATUSES, { error: 'is not a known host status' }),
  files: z.array(object({ path: text, content: text.exactOptional(), error: text.exactOptional(), size: z.number({ error: 'is not a number' }).nullable().exactOptional() }), { error: 'is not a list' }),
  pdump: text.nullable().exactOptional(),
  error: text.exactOptional(),
  pdumpError: text.exactOptional(),
  installDir: text.exactOptional(),
  collectedAt: text.exactOptional(),
  confListing: textList.exactOptional(),
}).transform(
  (snapshot): Snapshot => ({
    ...snapshot,
    transport: 'evidence',
    host: { name: snapshot.host.name, address: snapshot.host.address ?? snapshot.host.name, tags: snapshot.host.tags ?? [] },
    collectedAt: snapshot.collectedAt ?? '',
    confListing: snapshot.confListing ?? [],
    files: snapshot.files.map((file) => ({ ...file, size: file.size ?? null })),
    pdump: snapshot.pdump ?? null,
    installDir: snapshot.installDir ?? '',
  }),
);

/** A saved file is named by its path in messages: `files[2].content (conf/config-a.xml) is not text`. */
const filePath: RowLabel = (row) => (typeof row === 'object' && row !== null && 'path' in row && typeof row.path === 'string' ? row.path : null);

/**
 * A replayed host costs what a scanned one may: at most the per-host budget of names, file
 * contents and pdump output (MAX_OUTPUT_BYTES, as the SSH collector's output cap), and at most
 * MAX_CONF_ENTRIES listed names and MAX_INSTANCE_FILES config-*.xml files (overHostBounds) holding MAX_HOST_TAGS tags and MAX_HOST_ATTRIBUTES `=` signs (MAX_HOST_ELEMENTS elements: redactSnapshot). A snapshot over any is that host's error, not the scan's.
 */
function withinHostBudget(snapshot: Snapshot): Snapshot {
  let cost = Buffer.byteLength(snapshot.pdump ?? '');
  for (const name of snapshot.confListing) cost += Buffer.byteLength(name) + 1;
  for (const file of snapshot.files) cost += Buffer.byteLength(file.content ?? '') + Buffer.byteLength(file.path);
  if (cost > MAX_OUTPUT_BYTES) {
    const { pdumpError: _pdumpError, ...rest } = snapshot;
    return { ...rest, status: 'error', error: `the saved snapshot holds more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB (the per-host budget); nothing of it is used`, confListing: [], files: [], pdump: null };
  }
  // Over the instance, tag or attribute bound: the files go, the pdump output (the build) stays, as in a scan.
  const overBound = overHostBounds(snapshot.confListing, snapshot.files.map((file) => file.path.replace(/^.*\//s, ''))) ?? tooManyTagsOrAttributes(snapshot.files.map((file) => file.content));
  return overBound === undefined ? snapshot : { ...snapshot, status: 'error', error: overBound, confListing: [], files: [] };
}

function redactSnapshot(snapshot: Snapshot, redact: Redactor, documents: ParsedDocuments | undefined): Snapshot {
  const files = snapshot.files.map((file) => {
    if (file.content === undefined) return file;
    const { content: _dropped, ...rest } = file;
    return { ...rest, ...redactContent(file.content, redact, documents) };
  });
  const overElements = snapshot.status === 'ok' ? tooManyElements(files, documents) : undefined;
  if (overElements === undefined) return { ...snapshot, transport: 'evidence', files };
  for (const file of files) if (file.content !== undefined) documents?.forget(file.content);
  return { ...snapshot, transport: 'evidence', status: 'error', error: overElements, confListing: [], files: [] };
}

/**
 * --save-evidence DIR: one `NAME.json` per host, written as the host is done so that no snapshot
 * waits for the others. A name is the host's name made safe for a file name, numbered (`-2`, `-3`…)
 * when taken; names are given in call order (reserve), so a scan reserves them in target order
 * before any host is done and the files are named the same whatever order hosts finish in.
 *
 * The folder must be new or empty (docs/security.md, "Saved evidence"): `--evidence DIR` replays
 * every snapshot in it, so older snapshots left beside this scan's would be replayed as if this
 * scan had read them. Each file is created, never opened if it exists (O_EXCL) and never through a
 * link (O_NOFOLLOW): a link planted in the folder cannot make the scan overwrite its target.
 */
export class EvidenceWriter {
  readonly #dir: string;
  readonly #used = new Set<string>();
  /** Paths written so far. */
  readonly written: string[] = [];

  private constructor(dir: string) {
    this.#dir = dir;
  }

  static async open(dir: string): Promise<EvidenceWriter> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const entries = await readdir(dir);
    if (entries.length > 0) {
      const held = entries.filter((name) => name.endsWith('.json')).length;
      throw new InputError(
        `--save-evidence ${printableLine(dir)}: the folder is not empty (${held > 0 ? `${held} .json file${held === 1 ? '' : 's'}` : `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`}); evidence goes to a new or empty folder, so that --evidence replays this scan's hosts only`,
      );
    }
    return new EvidenceWriter(dir);
  }

  /** The path the snapshot of a host of this name is written to. */
  reserve(hostName: string): string {
    const base = hostName.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'host';
    let name = base;
    for (let n = 2; this.#used.has(name); n += 1) name = `${base}-${n}`;
    this.#used.add(name);
    return join(this.#dir, `${name}.json`);
  }

  async write(file: string, snapshot: Snapshot): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Checked empty when the scan began: a file or link there now was put there since.
      if (code === 'EEXIST' || code === 'ELOOP') throw new InputError(`--save-evidence ${printableLine(this.#dir)}: ${printableLine(basename(file))} appeared in the folder during the scan (a file or a link); it was not written`);
      throw error;
    }
    try {
      await handle.writeFile(`${JSON.stringify(snapshot, null, 2)}\n`);
    } finally {
      await handle.close();
    }
    this.written.push(file);
  }
}
