// Turns what a transport fetched into a Snapshot: bytes decoded, secrets redacted.
// This is the only way a Snapshot is made, so no unredacted value can leave `collect`.
import type { HostTarget, Snapshot, SnapshotFile, TransportKind } from '../model.js';
import { parseXml, walk, type ParsedDocuments } from '../parse/xml.js';
import { isRedacted, isSecretAttributeName, type Redactor } from './redact.js';
import type { RawFile, RawHost } from './transport.js';

export interface SnapshotContext {
  kind: TransportKind;
  now: Date;
  redact: Redactor;
  /** The host's parse results, handed on to buildFacts: each distinct text is parsed once. */
  documents?: ParsedDocuments;
}

/**
 * Most config-*.xml files one host may have (each is an instance,
 * docs/campaign.md#configuration-files). Real hosts have a handful; the bound keeps the work per
 * host proportional to what was read even for a folder of hundreds of empty instance files. A host
 * over it is that host's error.
 */
export const MAX_INSTANCE_FILES = 200;

/**
 * Most names conf/ may list. A real conf/ lists a few dozen (serverConf.xml, config-*.xml, their
 * backups, the lang and models folders); the listing is kept in evidence and read by the
 * instance bound, so a server answering with a million names costs that host only.
 */
export const MAX_CONF_ENTRIES = 10_000;

/** Most files one host's output may describe (read, denied, not a regular file): serverConf.xml and one per instance. */
export const MAX_HOST_FILES = MAX_INSTANCE_FILES + 1;

const instancesError = (count: number): string => `conf/ holds ${count.toLocaleString('en-US')} config-*.xml files, more than the ${MAX_INSTANCE_FILES} instances a host may have; none of them is used`;
export const TOO_MANY_ENTRIES = `conf/ lists more than ${MAX_CONF_ENTRIES.toLocaleString('en-US')} names, the most a host may have; none of them is used`;
export const TOO_MANY_FILES = `the host describes more than ${MAX_HOST_FILES} files (serverConf.xml and ${MAX_INSTANCE_FILES} instances); none of them is used`;
export const REPEATED_FILE = 'the host describes one file twice; none of the files is used';

/**
 * The host error when what a host sent is over a bound, or undefined. Every name counts, whichever
 * way it came (docs/security.md, "Bounded cost"): the listing is bounded in length, the files
 * described (read, denied, not regular, unreadable name) in number and each at most once, and the
 * instances are the config-*.xml names of the listing and of the files together — a server that
 * lists one name and then describes 250,000 denied instances is over the bound like one that
 * lists them.
 */
export function overHostBounds(listing: readonly string[], fileNames: readonly string[]): string | undefined {
  if (listing.length > MAX_CONF_ENTRIES) return TOO_MANY_ENTRIES;
  const instances = new Set([...listing, ...fileNames].filter((name) => name.startsWith('config-') && name.endsWith('.xml')));
  if (instances.size > MAX_INSTANCE_FILES) return instancesError(instances.size);
  if (fileNames.length > MAX_HOST_FILES) return TOO_MANY_FILES;
  return new Set(fileNames).size !== fileNames.length ? REPEATED_FILE : undefined;
}

/**
 * Most elements the parsed config files of one host may hold together. A parsed element costs
 * about a kilobyte while its host is judged, so 15 MiB of `<e1 a="1"/>` once cost one host
 * close to 1 GB; a real serverConf.xml has a few thousand. Counted in the parsed trees, so a file
 * the parser refuses (100,000 nested elements) costs nothing and stays that file's finding.
 */
export const MAX_HOST_ELEMENTS = 25_000;

/**
 * Most tags (`<`) the config files of one host may hold before anything is parsed: a cheap first
 * bound on what parsing one host may cost while it runs (about 300 MiB at this bound).
 */
export const MAX_HOST_TAGS = 300_000;

/**
 * Most `=` signs the config files of one host may hold before anything is parsed: a bound on
 * attributes, the other thing a parse builds besides elements, as cheap as the tag bound. An
 * attribute costs about 200 bytes while its host is parsed and judged, and the tag bounds leave
 * room for many: 15 MiB of short attributes (1.3 million) cost one host about 2.5 s and 250 MiB.
 * A real serverConf.xml holds a few thousand; every `=` counts, in values and text too.
 */
export const MAX_HOST_ATTRIBUTES = 300_000;

/** Whether the texts hold more than `limit` of `char` together. `<` and `=` are one byte in every encoding read (UTF-8, Latin-1, UTF-16), and one UTF-16 unit in a string. */
function holdsMoreThan(texts: readonly (Buffer | string | undefined)[], char: '<' | '=', limit: number): boolean {
  let count = 0;
  for (const text of texts) {
    if (text === undefined) continue;
    for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) if (++count > limit) return true;
  }
  return false;
}

/** The host error for files holding more than MAX_HOST_TAGS tags or MAX_HOST_ATTRIBUTES `=` signs together, or undefined. */
export function tooManyTagsOrAttributes(texts: readonly (Buffer | string | undefined)[]): string | undefined {
  if (holdsMoreThan(texts, '<', MAX_HOST_TAGS)) return `the config files hold more than ${MAX_HOST_TAGS.toLocaleString('en-US')} tags together, the most a host may have; none of them is used`;
  if (holdsMoreThan(texts, '=', MAX_HOST_ATTRIBUTES)) return `the config files hold more than ${MAX_HOST_ATTRIBUTES.toLocaleString('en-US')} attributes (\`=\` signs) together, the most a host may have; none of them is used`;
  return undefined;
}

/** The host error for parsed files holding more than MAX_HOST_ELEMENTS elements together, or undefined. */
export function tooManyElements(files: readonly SnapshotFile[], documents: ParsedDocuments | undefined): string | undefined {
  let count = 0;
  for (const file of files) {
    if (file.content === undefined) continue;
    const parsed = documents ? documents.parse(file.content) : parseXml(file.content);
    if (!parsed.ok) continue;
    for (const _element of walk(parsed.root)) {
      if (++count > MAX_HOST_ELEMENTS) return `the config files hold more than ${MAX_HOST_ELEMENTS.toLocaleString('en-US')} elements together, the most a host may have; none of them is used`;
    }
  }
  return undefined;
}

export function toSnapshot(target: HostTarget, raw: RawHost, context: SnapshotContext): Snapshot {
  // What a transport (or a hostile server) sent, every name counted, then what the files hold.
  // Whatever the status: a server that says NOCONF and then describes files is bounded too.
  const overBound = raw.confListing.length > 0 || raw.files.length > 0 ? (overHostBounds(raw.confListing, raw.files.map((file) => file.name)) ?? tooManyTagsOrAttributes(raw.files.map((file) => file.data))) : undefined;
  // The files are dropped; the pdump banner stays: the build is judged whatever happened to conf/.
  if (overBound !== undefined) raw = { status: 'error', error: overBound, confListing: [], files: [], pdump: raw.pdump, ...(raw.pdumpError !== undefined ? { pdumpError: raw.pdumpError } : {}) };
  let files = raw.files
    .map((file) => toSnapshotFile(file, context.redact, context.documents))
    .sort((a, b) => compareConfigPaths(a.path, b.path));
  const overElements = raw.status === 'ok' ? tooManyElements(files, context.documents) : undefined;
  if (overElements !== undefined) {
    // Nothing of the host is kept: its trees leave the scan's cache too.
    for (const file of files) if (file.content !== undefined) context.documents?.forget(file.content);
    raw = { ...raw, status: 'error', error: overElements, confListing: [] };
    files = [];
  }
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
function toSnapshotFile(file: RawFile, redact: Redactor, documents: ParsedDocuments | undefined): SnapshotFile {
  const path = `conf/${file.name}`;
  if (file.error !== undefined || file.data === undefined) {
    return { path, size: file.size, error: file.error ?? 'no data was read' };
  }
  const decoded = decodeText(file.data);
  if ('error' in decoded) return { path, size: file.size, error: decoded.error };
  return { path, size: file.size, ...redactContent(decoded.text, redact, documents) };
}

/**
 * Redacted content for a file, or only the reason it is not kept. Also used for replayed
 * evidence, which may have been edited by hand.
 */
export function redactContent(text: string, redact: Redactor, documents?: ParsedDocuments): { content: string } | { error: string } {
  const content = redact(text);
  const parsed = documents ? documents.parse(content) : parseXml(content);
  if (!parsed.ok) return { error: parsed.error };
  // Belt and braces: what the parser sees must hold fingerprints only, never a secret value.
  for (const element of walk(parsed.root)) {
    for (const [name, value] of Object.entries(element.attributes)) {
      if (isSecretAttributeName(redact.names, name) && value.trim() !== '' && !isRedacted(value, redact.fingerprints)) {
        return { error: 'a secret attribute could not be redacted; the content is withheld' };
      }
    }
  }
  return { content };
}

/** `<?xml … encoding="ISO-8859-1"?>`: the label, read from the first bytes as Latin-1. */
const ENCODING_DECLARATION = /^<\?xml\s[^?>]*?\bencoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._:-]*)\1/;

/**
 * UTF-8 by default; a UTF-16 byte-order mark is honoured (files copied from Windows servers), and
 * so is an encoding named in the XML declaration. Bytes that are not valid in that encoding make
 * the file unreadable, as XML 1.0 §4.3.3 says, rather than silently becoming U+FFFD: the values
 * read, and the fingerprints of secrets, would not be those of the file.
 */
export function decodeText(data: Buffer): { text: string } | { error: string } {
  const isBinary = (): { error: string } => ({ error: 'binary content (NUL bytes)' });
  let label = 'utf-8';
  let start = 0;
  if (data[0] === 0xff && data[1] === 0xfe) [label, start] = ['utf-16le', 2];
  else if (data[0] === 0xfe && data[1] === 0xff) [label, start] = ['utf-16be', 2];
  else if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) start = 3;
  else label = ENCODING_DECLARATION.exec(data.toString('latin1', 0, 1024))?.[2] ?? label;
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    return { error: `the XML declaration names encoding "${label.slice(0, 40)}", which is not supported` };
  }
  let text: string;
  try {
    text = decoder.decode(data.subarray(start));
  } catch {
    if (data.includes(0)) return isBinary();
    return { error: `not valid ${decoder.encoding === 'utf-8' ? 'UTF-8' : decoder.encoding} text${label === 'utf-8' ? ' (and no other encoding is declared)' : ''}` };
  }
  return text.includes('\u0000') ? isBinary() : { text };
}

/** serverConf.xml first, then config-*.xml by name: the order they are overlaid in. */
export function compareConfigPaths(a: string, b: string): number {
  const rank = (path: string): number => (path.endsWith('/serverConf.xml') ? 0 : 1);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') || dir.endsWith('\\') ? `${dir}${name}` : `${dir}/${name}`;
}
