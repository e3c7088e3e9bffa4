// Turns what a transport fetched into a Snapshot: bytes decoded, secrets redacted.
// This is the only way a Snapshot is made, so no unredacted value can leave `collect`.
import type { HostTarget, Snapshot, SnapshotFile, TransportKind } from '../model.js';
import { parseXml, walk } from '../parse/xml.js';
import { isRedacted, type Redactor } from './redact.js';
import type { RawFile, RawHost } from './transport.js';

export interface SnapshotContext {
  kind: TransportKind;
  now: Date;
  redact: Redactor;
}

export function toSnapshot(target: HostTarget, raw: RawHost, context: SnapshotContext): Snapshot {
  const files = raw.files
    .map((file) => toSnapshotFile(file, context.redact))
    .sort((a, b) => compareConfigPaths(a.path, b.path));
  let { status, error } = raw;
  if (status === 'ok' && files.length === 0) {
    status = 'error';
    error = `no serverConf.xml or config-*.xml in ${joinPath(target.installDir, 'conf')}`;
  }
  return {
    schemaVersion: 1,
    host: { name: target.name, address: target.address, tags: [...target.tags] },
    transport: context.kind,
    collectedAt: context.now.toISOString(),
    status,
    ...(error !== undefined ? { error } : {}),
    installDir: target.installDir,
    confListing: [...raw.confListing].sort(),
    files,
    pdump: raw.pdump,
    ...(raw.pdumpError !== undefined ? { pdumpError: raw.pdumpError } : {}),
  };
}

/**
 * A file that will never parse (malformed, DOCTYPE, binary) keeps only the reason: its content
 * is not what Campaign reads, may be hostile, and could hold a secret in a shape the redactor
 * does not know, so it is not carried into reports or evidence.
 */
function toSnapshotFile(file: RawFile, redact: Redactor): SnapshotFile {
  const path = `conf/${file.name}`;
  if (file.error !== undefined || file.data === undefined) {
    return { path, size: file.size, error: file.error ?? 'no data was read' };
  }
  const text = decodeText(file.data);
  if (text === null) return { path, size: file.size, error: 'binary content (NUL bytes)' };
  return { path, size: file.size, ...redactContent(text, redact) };
}

/**
 * Redacted content for a file, or only the reason it is not kept. Also used for replayed
 * evidence, which may have been edited by hand.
 */
export function redactContent(text: string, redact: Redactor): { content: string } | { error: string } {
  const content = redact(text);
  const parsed = parseXml(content);
  if (!parsed.ok) return { error: parsed.error };
  // Belt and braces: what the parser sees must hold fingerprints only, never a secret value.
  for (const element of walk(parsed.root)) {
    for (const [name, value] of Object.entries(element.attributes)) {
      if (redact.names.has(name.toLowerCase()) && value.trim() !== '' && !isRedacted(value)) {
        return { error: 'a secret attribute could not be redacted; the content is withheld' };
      }
    }
  }
  return { content };
}

/** UTF-8 by default; a UTF-16 byte-order mark is honoured (files copied from Windows servers). */
export function decodeText(data: Buffer): string | null {
  let text: string;
  if (data[0] === 0xff && data[1] === 0xfe) text = new TextDecoder('utf-16le').decode(data.subarray(2));
  else if (data[0] === 0xfe && data[1] === 0xff) text = new TextDecoder('utf-16be').decode(data.subarray(2));
  else text = data.toString('utf8', data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0);
  return text.includes('\u0000') ? null : text;
}

/** serverConf.xml first, then config-*.xml by name: the order they are overlaid in. */
export function compareConfigPaths(a: string, b: string): number {
  const rank = (path: string): number => (path.endsWith('/serverConf.xml') ? 0 : 1);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') || dir.endsWith('\\') ? `${dir}${name}` : `${dir}/${name}`;
}
