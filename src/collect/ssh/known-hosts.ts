// Host key checking against OpenSSH known_hosts files (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"):
// plain host patterns (wildcards, `!negation`, `[host]:port`) and hashed `|1|salt|hash` entries
// (HMAC-SHA1 of the host name keyed by the salt). Never prompts: a key is known, unknown or changed.
// `@cert-authority` lines are skipped (ssh2 does not do host certificates); a key listed under
// `@revoked` is refused.
import { createHash } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describeFileError } from '../../errors.js';
import type { HostKeyPolicy } from '../../model.js';
import { FILE_CAPS, FileReadError, readBoundedFile } from '../../inputs/input-file.js';
import { HashedNames } from './hashed-names.js';
import { isHostNameOrAddress } from './host-names.js';
import { hasWildcard, matchPatternList } from './patterns.js';

export interface KnownHostEntry {
  file: string;
  line: number;
  marker: 'revoked' | null;
  /** Comma-separated patterns, or a hashed name. */
  hosts: { kind: 'patterns'; patterns: string[] } | { kind: 'hashed'; salt: Buffer; hash: Buffer };
  keyType: string;
  /** Base64 of the public key blob, as written in the file. */
  key: string;
}

export type HostKeyVerdict =
  | { kind: 'known' }
  | { kind: 'unknown' }
  | { kind: 'changed'; knownType: string; file: string; line: number }
  | { kind: 'revoked'; file: string; line: number };

/** The name a host is recorded under: `host` on port 22, `[host]:port` otherwise (as OpenSSH does). */
export function knownHostName(host: string, port: number): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return port === 22 ? bare.toLowerCase() : `[${bare.toLowerCase()}]:${port}`;
}

/**
 * What the known_hosts files may hold, so that memory and the cost of a lookup stay bounded
 * (docs/security.md section 7). Over a bound the files are refused (exit 2): skipping lines
 * could drop an `@revoked` key. Real files have one to a few names a line and few wildcards.
 */
export const KNOWN_HOSTS_BOUNDS = {
  /** Comma-separated patterns on one line (a 16 MiB line of 2.3 M globs once ended in a heap OOM). */
  patternsPerLine: 1024,
  /** Plain and hashed names over all the files: a 16 MiB file of one name a line holds ~200k. */
  patterns: 1_000_000,
  /** Characters of the host fields of lines with a wildcard or negation: every lookup matches them all. */
  wildcardCharacters: 65_536,
} as const;

export class KnownHostsBoundError extends Error {}

/** Tallies the bounds over several files (one scan). */
export interface KnownHostsTally {
  patterns: number;
  wildcardCharacters: number;
}

export function parseKnownHosts(text: string, file: string, tally: KnownHostsTally = { patterns: 0, wildcardCharacters: 0 }): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] as string).trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0]?.startsWith('@')) {
      const name = fields.shift();
      if (name === '@revoked') marker = 'revoked';
      else continue; // @cert-authority and unknown markers: not a plain host key, never trusted here
    }
    const [hostField, keyType, key] = fields;
    if (hostField === undefined || keyType === undefined || key === undefined) continue;
    const where = `known_hosts file ${file} line ${index + 1}`;
    const hosts = parseHostField(hostField, where, tally);
    if (hosts === null) continue;
    entries.push({ file, line: index + 1, marker, hosts, keyType, key });
  }
  return entries;
}

function parseHostField(field: string, where: string, tally: KnownHostsTally): KnownHostEntry['hosts'] | null {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return null;
    countPatterns(1, where, tally);
    return { kind: 'hashed', salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
  }
  if (field.startsWith('|')) return null; // unknown hash format
  // Counted before splitting: the split of a 16 MiB line is what must not happen.
  let commas = 0;
  for (let at = field.indexOf(','); at !== -1 && commas < KNOWN_HOSTS_BOUNDS.patternsPerLine; at = field.indexOf(',', at + 1)) commas++;
  if (commas >= KNOWN_HOSTS_BOUNDS.patternsPerLine) {
    throw new KnownHostsBoundError(`${where}: more than ${KNOWN_HOSTS_BOUNDS.patternsPerLine.toLocaleString('en-US')} host patterns on one line; campaign-audit reads no more (give --known-hosts FILE with the hosts you scan)`);
  }
  const patterns = field.split(',').filter((pattern) => pattern !== '');
  countPatterns(patterns.length, where, tally);
  if (patterns.some((pattern) => hasWildcard(pattern) || pattern.startsWith('!'))) {
    tally.wildcardCharacters += field.length;
    if (tally.wildcardCharacters > KNOWN_HOSTS_BOUNDS.wildcardCharacters) {
      throw new KnownHostsBoundError(`${where}: the lines with wildcard (* or ?) or negated (!) patterns pass ${KNOWN_HOSTS_BOUNDS.wildcardCharacters.toLocaleString('en-US')} characters of host patterns together, more than campaign-audit matches (give --known-hosts FILE with the hosts you scan)`);
    }
  }
  return { kind: 'patterns', patterns };
}

function countPatterns(count: number, where: string, tally: KnownHostsTally): void {
  tally.patterns += count;
  if (tally.patterns > KNOWN_HOSTS_BOUNDS.patterns) {
    throw new KnownHostsBoundError(`${where}: the known_hosts files hold more than ${KNOWN_HOSTS_BOUNDS.patterns.toLocaleString('en-US')} host names, more than campaign-audit reads (give --known-hosts FILE with the hosts you scan)`);
  }
}

/** Names whose file matches are kept (the targets and jump hosts of one scan; cleared when full). */
const MATCH_CACHE = 4096;

/**
 * The loaded entries indexed by name, so a lookup costs one pass over the distinct salts of the
 * hashed lines plus the wildcard lines (bounded above), never a pass over every line:
 * plain names in a Map, hashed names by salt (hashed-names.ts), keys accept-new recorded by name.
 */
export class KnownHostsIndex {
  private readonly entries: KnownHostEntry[] = [];
  private readonly plain = new Map<string, number[]>();
  private readonly wildcard: number[] = [];
  private readonly hashed = new HashedNames<number>();
  /** Key (base64) → first @revoked line listing it: a revoked key is refused for any host. */
  private readonly revoked = new Map<string, KnownHostEntry>();
  private readonly recorded = new Map<string, KnownHostEntry[]>();
  private readonly fileMatches = new Map<string, KnownHostEntry[]>();
  private readonly pending = new Map<string, Promise<void>>();

  constructor(entries: readonly KnownHostEntry[]) {
    for (const entry of entries) this.index(entry);
  }

  private index(entry: KnownHostEntry): void {
    const at = this.entries.length;
    this.entries.push(entry);
    if (entry.marker === 'revoked' && !this.revoked.has(entry.key)) this.revoked.set(entry.key, entry);
    if (entry.hosts.kind === 'hashed') {
      this.hashed.add(entry.hosts.salt, entry.hosts.hash, at);
      return;
    }
    const { patterns } = entry.hosts;
    if (patterns.some((pattern) => hasWildcard(pattern) || pattern.startsWith('!'))) {
      this.wildcard.push(at);
      return;
    }
    for (const pattern of new Set(patterns.map((text) => text.toLowerCase()))) {
      const list = this.plain.get(pattern);
      if (list) list.push(at);
      else this.plain.set(pattern, [at]);
    }
  }

  /** Hashes `name` under every salt ahead of matching(), yielding to the event loop as it goes. */
  prepare(name: string): Promise<void> {
    if (this.fileMatches.has(name) || this.hashed.size === 0) return Promise.resolve();
    let pending = this.pending.get(name);
    if (!pending) {
      pending = this.hashed.matchesAsync(name).then((hashed) => {
        this.remember(name, this.collect(name, hashed));
        this.pending.delete(name);
      });
      this.pending.set(name, pending);
    }
    return pending;
  }

  /** Lines that match `name` (`host` or `[host]:port`), in file order, then what accept-new recorded. */
  matching(name: string): KnownHostEntry[] {
    let found = this.fileMatches.get(name);
    if (found === undefined) {
      found = this.collect(name, this.hashed.matches(name));
      this.remember(name, found);
    }
    const recorded = this.recorded.get(name);
    return recorded ? [...found, ...recorded] : found;
  }

  revokedLine(key: string): KnownHostEntry | undefined {
    return this.revoked.get(key);
  }

  /** A key accept-new wrote, under exactly the name it was written for. */
  addRecorded(entry: KnownHostEntry & { hosts: { kind: 'patterns'; patterns: [string] } }): void {
    const name = entry.hosts.patterns[0];
    const list = this.recorded.get(name);
    if (list) list.push(entry);
    else this.recorded.set(name, [entry]);
  }

  private collect(name: string, hashed: readonly number[]): KnownHostEntry[] {
    const indices = new Set<number>(hashed);
    for (const at of this.plain.get(name.toLowerCase()) ?? []) indices.add(at);
    for (const at of this.wildcard) {
      const entry = this.entries[at] as KnownHostEntry;
      if (entry.hosts.kind === 'patterns' && matchPatternList(name, entry.hosts.patterns)) indices.add(at);
    }
    return [...indices].sort((a, b) => a - b).map((at) => this.entries[at] as KnownHostEntry);
  }

  private remember(name: string, found: KnownHostEntry[]): void {
    if (this.fileMatches.size >= MATCH_CACHE) this.fileMatches.clear();
    this.fileMatches.set(name, found);
  }
}

export function indexKnownHosts(entries: readonly KnownHostEntry[]): KnownHostsIndex {
  return new KnownHostsIndex(entries);
}

/** The key type named inside an SSH public key blob (string, uint32 length first). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return length > 0 && length < 64 && blob.length >= 4 + length ? blob.toString('latin1', 4, 4 + length) : 'unknown';
}

/** OpenSSH's `SHA256:<base64>` host key fingerprint, as `ssh-keygen -lf` prints it. */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * Judges a presented key. Stricter than OpenSSH in one way: a host known under any key type
 * that presents a key which is not listed is "changed", even if that type was never recorded
 * (the transport asks for the recorded types first, so this only happens when a recorded type
 * disappeared from the server).
 */
export function checkHostKey(index: KnownHostsIndex, name: string, blob: Buffer): HostKeyVerdict {
  const key = blob.toString('base64');
  const revoked = index.revokedLine(key);
  if (revoked) return { kind: 'revoked', file: revoked.file, line: revoked.line };
  const plain = index.matching(name).filter((entry) => entry.marker === null);
  if (plain.some((entry) => entry.key === key)) return { kind: 'known' };
  const keyType = keyTypeOf(blob);
  const other = plain.find((entry) => entry.keyType === keyType) ?? plain[0];
  if (other) return { kind: 'changed', knownType: other.keyType, file: other.file, line: other.line };
  return { kind: 'unknown' };
}

/** Key types recorded for a name, so the handshake can ask for those first (OpenSSH does the same). */
export function knownKeyTypes(index: KnownHostsIndex, name: string): string[] {
  return [...new Set(index.matching(name).filter((entry) => entry.marker === null).map((entry) => entry.keyType))];
}

/** Defined with its values in src/model.ts (the CLI flag reads them without loading this file). */
export type { HostKeyPolicy };

export interface KnownHostsStoreOptions {
  /** Files read, in order; missing files are empty. */
  files: readonly string[];
  /** Where accept-new records keys (the first user file). */
  writeFile: string;
  policy: HostKeyPolicy;
  /** Told of each key accept-new recorded, once it is written (OpenSSH says "Permanently added …"). */
  onRecorded?: (recorded: { name: string; keyType: string; fingerprint: string; file: string }) => void;
}

/**
 * A refused key is `host-key-unknown` when known_hosts has no key for the host (strict policy: a
 * first connection, fixed by adding the key), `host-key-mismatch` when it has another or revoked
 * one (a possible attack, or a reinstalled server): two problems a user handles differently.
 */
export type HostKeyDecision = { accept: true; recorded: boolean } | { accept: false; status: 'host-key-unknown' | 'host-key-mismatch'; reason: string };

/** Loaded and indexed once per scan; accept-new appends (serialized) to the local file and to the index. */
export class KnownHostsStore {
  private index: KnownHostsIndex | undefined;
  private loading: Promise<KnownHostsIndex> | undefined;
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly options: KnownHostsStoreOptions) {}

  get policy(): HostKeyPolicy {
    return this.options.policy;
  }

  async load(): Promise<KnownHostsIndex> {
    if (this.index) return this.index;
    this.loading ??= (async () => {
      const all: KnownHostEntry[] = [];
      const tally: KnownHostsTally = { patterns: 0, wildcardCharacters: 0 };
      for (const file of this.options.files) {
        const text = await readKnownHostsFile(file);
        for (const entry of parseKnownHosts(text, file, tally)) all.push(entry);
      }
      this.index = new KnownHostsIndex(all);
      return this.index;
    })();
    return this.loading;
  }

  /**
   * Looks `name` up among the hashed lines ahead of the handshake, yielding between slices, so
   * that no handshake in flight waits on this host's hashing. Call after load().
   */
  prepare(name: string): Promise<void> {
    return this.loaded().prepare(name);
  }

  /** Key types to prefer in the handshake for this name. Call after load(). */
  preferredTypes(name: string): string[] {
    return knownKeyTypes(this.loaded(), name);
  }

  /** Checks (and under accept-new, records) the key a server presented for `name`. Call after load(). */
  async decide(name: string, label: string, blob: Buffer): Promise<HostKeyDecision> {
    const verdict = checkHostKey(this.loaded(), name, blob);
    switch (verdict.kind) {
      case 'known':
        return { accept: true, recorded: false };
      case 'revoked':
        return { accept: false, status: 'host-key-mismatch', reason: `host key for ${label} is marked @revoked in ${verdict.file} line ${verdict.line}; refusing` };
      case 'changed':
        return {
          accept: false,
          status: 'host-key-mismatch',
          reason: `host key for ${label} changed (server presented ${keyTypeOf(blob)}, known_hosts has ${verdict.knownType} in ${verdict.file} line ${verdict.line}); refusing: if the change is expected, remove that line`,
        };
      case 'unknown':
        if (this.options.policy !== 'accept-new') {
          return { accept: false, status: 'host-key-unknown', reason: `host key for ${label} is not in known_hosts (use --host-key-policy accept-new to record it)` };
        }
        await this.record(name, blob);
        return { accept: true, recorded: true };
    }
  }

  private loaded(): KnownHostsIndex {
    // A check before load() would judge every key against nothing: a programming error, not a host's.
    if (!this.index) throw new Error('known_hosts checked before it was loaded');
    return this.index;
  }

  private record(name: string, blob: Buffer): Promise<void> {
    const keyType = keyTypeOf(blob);
    const key = blob.toString('base64');
    const file = this.options.writeFile;
    // The last guard before trust is written: exactly one host (or one [host]:port), no pattern,
    // and a key type that cannot end the line (targets are checked up front, src/collect/ssh/targets.ts).
    if (!isRecordableName(name) || !/^[A-Za-z0-9@._+-]+$/.test(keyType)) {
      return Promise.reject(new Error(`refusing to record a host key in ${file}: the host name or key type is not one plain name`));
    }
    this.loaded().addRecorded({ file, line: 0, marker: null, hosts: { kind: 'patterns', patterns: [name] }, keyType, key });
    const write = this.writes.then(async () => {
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      const existing = await readBoundedFile(file, { cap: FILE_CAPS.knownHosts }).catch(() => Buffer.alloc(0));
      const separator = existing.length > 0 && existing[existing.length - 1] !== 0x0a ? '\n' : '';
      await appendFile(file, `${separator}${name} ${keyType} ${key}\n`, { mode: 0o600 });
      this.options.onRecorded?.({ name, keyType, fingerprint: fingerprintOf(blob), file });
    });
    this.writes = write.catch(() => undefined);
    return write.catch((error: NodeJS.ErrnoException) => {
      throw new Error(`cannot record the host key in ${file} (${describeFileError(error, 'write')})`);
    });
  }
}

/** `host` or `[host]:port` as knownHostName() writes it, where host is a host name or IP address. */
export function isRecordableName(name: string): boolean {
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(name);
  if (bracketed) return isHostNameOrAddress(bracketed[1] as string) && Number(bracketed[2]) >= 1 && Number(bracketed[2]) <= 65535;
  return isHostNameOrAddress(name);
}

/** A known_hosts file as text; a missing one is empty, as for ssh. */
async function readKnownHostsFile(file: string): Promise<string> {
  try {
    // Lenient decoding, as ssh: a comment in another encoding must not lose the file's keys.
    return (await readBoundedFile(file, { cap: FILE_CAPS.knownHosts })).toString('utf8');
  } catch (error) {
    if (error instanceof FileReadError && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) return '';
    throw new Error(`cannot read known_hosts file ${file}: ${error instanceof FileReadError ? error.message : describeFileError(error)}`, { cause: error });
  }
}
