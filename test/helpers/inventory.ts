// Writes inventories for a loopback fleet (test/helpers/sshd.ts).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { FleetHost, SshdFleet } from './sshd.js';

export interface InventoryEntry {
  host: FleetHost;
  name?: string;
  jump?: string;
  become?: string;
  tags?: string[];
  port?: number;
  /** Default: the fleet's client key (from defaults). */
  identityFile?: string;
  /** Default: `nl6` from defaults when the host uses ~/nl6, else its absolute install dir. */
  installDir?: string;
}

export async function writeFleetInventory(path: string, fleet: SshdFleet, entries: readonly InventoryEntry[] = fleet.hosts.map((host) => ({ host })), defaults: Record<string, unknown> = {}): Promise<void> {
  const document = {
    defaults: { port: fleet.port, identityFile: fleet.clientKey, installDir: 'nl6', ...defaults },
    hosts: entries.map((entry, index) => {
      const installDir = entry.installDir ?? (entry.host.installDir === join(entry.host.home, 'nl6') ? undefined : entry.host.installDir);
      return {
        name: entry.name ?? `host-${String(index + 1).padStart(4, '0')}`,
        address: '127.0.0.1',
        user: entry.host.user,
        ...(entry.port !== undefined ? { port: entry.port } : {}),
        ...(entry.identityFile !== undefined ? { identityFile: entry.identityFile } : {}),
        ...(installDir !== undefined ? { installDir } : {}),
        ...(entry.jump !== undefined ? { jump: entry.jump } : {}),
        ...(entry.become !== undefined ? { become: entry.become } : {}),
        ...(entry.tags !== undefined ? { tags: entry.tags } : {}),
      };
    }),
  };
  await writeFile(path, stringify(document));
}
