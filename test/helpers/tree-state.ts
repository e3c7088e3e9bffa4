// What a tree looks like on disk, to prove a scan changed nothing (docs/security.md, promises 2
// and 3): type, owner, mode, size, mtime, ctime and SHA-256 of every entry under a root. Symlinks
// are not followed (a link to /dev/zero stays a link) and only regular files are read, in
// chunks, so FIFOs, devices and sparse 200 MiB files cost no more than their bytes.
import { createHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readdirSync, readlinkSync, readSync } from 'node:fs';
import { join } from 'node:path';

export interface TreeEntry {
  type: 'dir' | 'file' | 'link' | 'other';
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  sha256?: string;
  target?: string;
}

function sha256Of(path: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(1024 * 1024);
  const fd = openSync(path, 'r');
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) hash.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Path → state of everything under `root`, `root` included. */
export function treeState(root: string): Map<string, TreeEntry> {
  const entries = new Map<string, TreeEntry>();
  const walk = (path: string): void => {
    const info = lstatSync(path);
    const type = info.isDirectory() ? 'dir' : info.isSymbolicLink() ? 'link' : info.isFile() ? 'file' : 'other';
    const entry: TreeEntry = { type, mode: info.mode, uid: info.uid, gid: info.gid, size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs };
    if (type === 'file') entry.sha256 = sha256Of(path);
    if (type === 'link') entry.target = readlinkSync(path);
    entries.set(path, entry);
    if (type === 'dir') for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(root);
  return entries;
}
