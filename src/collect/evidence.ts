// --save-evidence DIR writes one redacted Snapshot per host; --evidence PATH replays them, so a
// scan can be re-evaluated offline (DESIGN.md §1). Snapshots are redacted again on load: the
// redaction is idempotent, and a hand-edited file must not bring a secret back into a report.
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { HOST_STATUSES, type Snapshot } from '../model.js';
import { InputError } from '../errors.js';
import { MAX_OUTPUT_BYTES } from './frames.js';
import { FILE_CAPS, readJsonFile } from './input-file.js';
import type { ParsedDocuments } from '../parse/xml.js';
import type { Redactor } from './redact.js';
import { redactContent, tooManyElements, tooManyInstances, tooManyTags } from './snapshot.js';

export async function loadEvidence(path: string, redact: Redactor, documents?: ParsedDocuments): Promise<Snapshot[]> {
  const root = resolve(path);
  const info = await stat(root).catch(() => null);
  if (info === null) throw new InputError(`--evidence ${path}: no such file or directory`);
  const files = info.isDirectory()
    ? (await readdir(root)).filter((name) => name.endsWith('.json')).sort().map((name) => join(root, name))
    : [root];
  if (files.length === 0) throw new InputError(`--evidence ${path}: no .json snapshots in the directory`);
  const snapshots: Snapshot[] = [];
  for (const file of files) {
    // Bounded like every input; a parse error names its position, never the text around it, so a
    // wrong file (a key, a config) passed by mistake is not echoed to the terminal.
    const parsed = await readJsonFile(file, '--evidence', FILE_CAPS.evidence);
    for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
      snapshots.push(redactSnapshot(withinHostBudget(validateSnapshot(item, file)), redact, documents));
    }
  }
  return snapshots;
}

function validateSnapshot(value: unknown, file: string): Snapshot {
  const snapshot = value as Partial<Snapshot> | null;
  const fail = (what: string): never => {
    throw new InputError(`--evidence ${file}: not a campaign-audit snapshot (${what})`);
  };
  if (typeof snapshot !== 'object' || snapshot === null) return fail('not an object');
  if (snapshot.schemaVersion !== 1) return fail('schemaVersion is not 1');
  if (typeof snapshot.host?.name !== 'string') return fail('host.name missing');
  if (!HOST_STATUSES.includes(snapshot.status as Snapshot['status'])) return fail('unknown status');
  if (!Array.isArray(snapshot.files)) return fail('files missing');
  for (const file of snapshot.files) {
    if (typeof file?.path !== 'string') return fail('a file has no path');
    if (file.content !== undefined && typeof file.content !== 'string') return fail(`${file.path}: content is not text`);
    if (file.error !== undefined && typeof file.error !== 'string') return fail(`${file.path}: error is not text`);
    if (file.size !== undefined && file.size !== null && typeof file.size !== 'number') return fail(`${file.path}: size is not a number`);
  }
  if (snapshot.pdump !== undefined && snapshot.pdump !== null && typeof snapshot.pdump !== 'string') return fail('pdump is not text');
  for (const key of ['error', 'pdumpError', 'installDir', 'collectedAt'] as const) {
    if (snapshot[key] !== undefined && typeof snapshot[key] !== 'string') return fail(`${key} is not text`);
  }
  if (typeof snapshot.host.address !== 'undefined' && typeof snapshot.host.address !== 'string') return fail('host.address is not text');
  if (snapshot.host.tags !== undefined && !(Array.isArray(snapshot.host.tags) && snapshot.host.tags.every((tag) => typeof tag === 'string'))) return fail('host.tags is not a list of text');
  if (snapshot.confListing !== undefined && !(Array.isArray(snapshot.confListing) && snapshot.confListing.every((name) => typeof name === 'string'))) return fail('confListing is not a list of text');
  return {
    ...snapshot,
    host: { name: snapshot.host.name, address: snapshot.host.address ?? snapshot.host.name, tags: snapshot.host.tags ?? [] },
    confListing: snapshot.confListing ?? [],
    pdump: snapshot.pdump ?? null,
    installDir: snapshot.installDir ?? '',
  } as Snapshot;
}

/**
 * A replayed host costs what a scanned one may: at most the per-host budget of names, file
 * contents and pdump output (MAX_OUTPUT_BYTES, as the SSH collector's output cap), and at most
 * MAX_INSTANCE_FILES config-*.xml files holding MAX_HOST_TAGS tags (MAX_HOST_ELEMENTS elements: redactSnapshot). A snapshot over any is that host's error, not the scan's.
 */
function withinHostBudget(snapshot: Snapshot): Snapshot {
  let cost = Buffer.byteLength(snapshot.pdump ?? '');
  for (const name of snapshot.confListing) cost += Buffer.byteLength(name) + 1;
  for (const file of snapshot.files) cost += Buffer.byteLength(file.content ?? '') + Buffer.byteLength(file.path);
  if (cost > MAX_OUTPUT_BYTES) {
    const { pdumpError: _pdumpError, ...rest } = snapshot;
    return { ...rest, status: 'error', error: `the saved snapshot holds more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB (the per-host budget); nothing of it is used`, confListing: [], files: [], pdump: null };
  }
  // Over the instance or tag bound: the files go, the pdump output (the build) stays, as in a scan.
  const overBound = tooManyInstances(snapshot.files.map((file) => file.path.replace(/^.*\//s, ''))) ?? tooManyTags(snapshot.files.map((file) => file.content));
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

export async function saveEvidence(dir: string, snapshots: readonly Snapshot[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const used = new Set<string>();
  const written: string[] = [];
  for (const snapshot of snapshots) {
    const base = snapshot.host.name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'host';
    let name = base;
    for (let n = 2; used.has(name); n += 1) name = `${base}-${n}`;
    used.add(name);
    const file = join(dir, `${name}.json`);
    await writeFile(file, `${JSON.stringify(snapshot, null, 2)}\n`, { mode: 0o600 });
    written.push(file);
  }
  return written;
}
