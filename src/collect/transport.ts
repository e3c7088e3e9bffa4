// The one seam between the world and the pure pipeline: a transport fetches what a host has,
// raw; `toSnapshot` decodes and redacts it. ssh, local and dir all implement `Transport`.
import type { HostStatus, HostTarget, TransportKind } from '../model.js';
import { MAX_XML_BYTES } from '../parse/xml.js';
import { describeNotRegular, NOT_REGULAR } from '../inputs/input-file.js';

export interface RawFile {
  /** File name inside conf/ (`serverConf.xml`, `config-prod.xml`). */
  name: string;
  size: number | null;
  data?: Buffer;
  /** Why there is no data, in words: TOO_LARGE, `permission denied`, `read failed (…)`. */
  error?: string;
}

export interface RawHost {
  status: HostStatus;
  error?: string;
  confListing: string[];
  files: RawFile[];
  pdump: string | null;
  pdumpError?: string;
}

export interface CollectOptions {
  signal: AbortSignal;
  /** Files above this size are reported too large and not read (docs/security.md#3-hostile-files: 5 MiB). */
  maxFileBytes: number;
  /** Seconds a remote command may run before the host is reported `timeout`. */
  commandTimeout: number;
  /**
   * `--verbose` lines about this host (connection, host key, login, collector exit). Never given
   * file contents or anything read from the host but its status, sizes and the SSH banner.
   */
  log?: (message: string) => void;
}

export interface Transport {
  readonly kind: TransportKind;
  collect(target: HostTarget, options: CollectOptions): Promise<RawHost>;
  /** Releases shared resources (pooled connections). */
  close?(): Promise<void>;
}

/** The collector reads no more than the XML parser would parse (docs/security.md#3-hostile-files: 5 MiB). */
export const MAX_FILE_BYTES = MAX_XML_BYTES;
export const TOO_LARGE = `file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`;

/**
 * Why a FIFO, device, directory or dangling link named like a config file is not read: opening
 * a FIFO blocks and a device like /dev/zero never ends, so neither collector opens them. `kind`
 * is a word of the collector script (`fifo`, `link-char`, …); the same words for --dir.
 */
export function notRegularFileError(kind: string): string {
  const isLink = kind.startsWith('link-');
  if (NOT_REGULAR[isLink ? kind.slice(5) : kind] === undefined) return 'not a regular file; it was not opened';
  return `not a regular file: ${describeNotRegular(kind)}; it was not opened`;
}

/** Config files the auditor reads: serverConf.xml and config-*.xml, not conf/<lang>/ or conf/models/ templates (docs/campaign.md#configuration-files). */
export function isConfigFileName(name: string): boolean {
  // `s`: a name holding a newline is still a config name, reported as NEWLINE_IN_NAME.
  return name === 'serverConf.xml' || (/^config-.+\.xml$/s.test(name) && !name.includes('/'));
}

/**
 * The collector's frames are lines, so it does not read a file whose name holds a newline; it
 * reports it (no Campaign instance is named so, and a hidden line break is worth a look).
 */
export const NEWLINE_IN_NAME = 'the file name holds a newline; such a file is not read';

/** A RawHost for a host that could not be scanned. */
export function failedHost(status: HostStatus, error: string): RawHost {
  return { status, error, confListing: [], files: [], pdump: null };
}
