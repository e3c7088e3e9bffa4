// Host key checking against OpenSSH known_hosts files (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"):
// plain host patterns (wildcards, `!negation`, `[host]:port`) and hashed `|1|salt|hash` entries
// (HMAC-SHA1 of the host name keyed by the salt). Never prompts: a key is known, unknown or changed.
// `@cert-authority` lines are skipped (ssh2 does not do host certificates); a key listed under
// `@revoked` is refused.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describeFileError } from '../../errors.js';
import type { HostKeyPolicy } from '../../model.js';
import { FILE_CAPS, FileReadError, readBoundedFile } from '../../inputs/input-file.js';

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

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0]?.startsWith('@')) {
      const name = fields.shift();
      if (name === '@revoked') marker = 'revoked';
      else return; // @cert-authority and unknown markers: not a plain host key, never trusted here
    }
    const [hostField, keyType, key] = fields;
    if (hostField === undefined || keyType === undefined || key === undefined) return;
    const hosts = parseHostField(hostField);
    if (hosts === null) return;
    entries.push({ file, line: index + 1, marker, hosts, keyType, key });
  });
  return entries;
}

function parseHostField(field: string): KnownHostEntry['hosts'] | null {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return null;
    return { kind: 'hashed', salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
  }
  if (field.startsWith('|')) return null; // unknown hash format
  return { kind: 'patterns', patterns: field.split(',').filter((pattern) => pattern !== '') };
}

/** `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`, the form `ssh-keygen -H` writes. */
export function hashHostName(name: string, salt: Buffer = randomBytes(20)): string {
  const hash = createHmac('sha1', salt).update(name).digest();
  return `|1|${salt.toString('base64')}|${hash.toString('base64')}`;
}

export function entryMatches(entry: KnownHostEntry, name: string): boolean {
  if (entry.hosts.kind === 'hashed') {
    return createHmac('sha1', entry.hosts.salt).update(name).digest().equals(entry.hosts.hash);
  }
  return matchPatternList(name, entry.hosts.patterns);
}

/** OpenSSH match_hostname: some pattern matches and no negated pattern does. Case-insensitive. */
export function matchPatternList(name: string, patterns: readonly string[]): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (globMatches(name.toLowerCase(), (negated ? pattern.slice(1) : pattern).toLowerCase())) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

const globs = new Map<string, RegExp>();

/** `*` and `?` wildcards, nothing else special. Patterns are compiled once: every host checks every line. */
export function globMatches(text: string, pattern: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return text === pattern;
  let compiled = globs.get(pattern);
  if (compiled === undefined) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    compiled = new RegExp(`^${source}$`, 's');
    globs.set(pattern, compiled);
  }
  return compiled.test(text);
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
export function checkHostKey(entries: readonly KnownHostEntry[], name: string, blob: Buffer): HostKeyVerdict {
  const key = blob.toString('base64');
  const matching = entries.filter((entry) => entryMatches(entry, name));
  const revoked = entries.find((entry) => entry.marker === 'revoked' && entry.key === key);
  if (revoked) return { kind: 'revoked', file: revoked.file, line: revoked.line };
  const plain = matching.filter((entry) => entry.marker === null);
  if (plain.some((entry) => entry.key === key)) return { kind: 'known' };
  const keyType = keyTypeOf(blob);
  const other = plain.find((entry) => entry.keyType === keyType) ?? plain[0];
  if (other) return { kind: 'changed', knownType: other.keyType, file: other.file, line: other.line };
  return { kind: 'unknown' };
}

/** Key types recorded for a name, so the handshake can ask for those first (OpenSSH does the same). */
export function knownKeyTypes(entries: readonly KnownHostEntry[], name: string): string[] {
  return [...new Set(entries.filter((entry) => entry.marker === null && entryMatches(entry, name)).map((entry) => entry.keyType))];
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

export type HostKeyDecision = { accept: true; recorded: boolean } | { accept: false; reason: string };

/** Loaded once per scan; accept-new appends (serialized) to the local file and to the loaded set. */
export class KnownHostsStore {
  private entries: KnownHostEntry[] | undefined;
  private loading: Promise<KnownHostEntry[]> | undefined;
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly options: KnownHostsStoreOptions) {}

  get policy(): HostKeyPolicy {
    return this.options.policy;
  }

  async load(): Promise<KnownHostEntry[]> {
    if (this.entries) return this.entries;
    this.loading ??= (async () => {
      const all: KnownHostEntry[] = [];
      for (const file of this.options.files) {
        const text = await readKnownHostsFile(file);
        all.push(...parseKnownHosts(text, file));
      }
      this.entries = all;
      return all;
    })();
    return this.loading;
  }

  /** Key types to prefer in the handshake for this name. Call after load(). */
  preferredTypes(name: string): string[] {
    return knownKeyTypes(this.entries ?? [], name);
  }

  /** Checks (and under accept-new, records) the key a server presented for `name`. Call after load(). */
  async decide(name: string, label: string, blob: Buffer): Promise<HostKeyDecision> {
    const entries = this.entries ?? [];
    const verdict = checkHostKey(entries, name, blob);
    switch (verdict.kind) {
      case 'known':
        return { accept: true, recorded: false };
      case 'revoked':
        return { accept: false, reason: `host key for ${label} is marked @revoked in ${verdict.file} line ${verdict.line}; refusing` };
      case 'changed':
        return {
          accept: false,
          reason: `host key for ${label} changed (server presented ${keyTypeOf(blob)}, known_hosts has ${verdict.knownType} in ${verdict.file} line ${verdict.line}); refusing: if the change is expected, remove that line`,
        };
      case 'unknown':
        if (this.options.policy !== 'accept-new') {
          return { accept: false, reason: `host key for ${label} is not in known_hosts (use --host-key-policy accept-new to record it)` };
        }
        await this.record(name, blob);
        return { accept: true, recorded: true };
    }
  }

  private record(name: string, blob: Buffer): Promise<void> {
    const keyType = keyTypeOf(blob);
    const key = blob.toString('base64');
    const file = this.options.writeFile;
    (this.entries ??= []).push({ file, line: 0, marker: null, hosts: { kind: 'patterns', patterns: [name] }, keyType, key });
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
