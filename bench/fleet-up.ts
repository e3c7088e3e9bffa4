// Starts a loopback fleet and keeps it up until interrupted, for profiling by hand:
//   node --import tsx bench/fleet-up.ts 200 /tmp/fleet   → /tmp/fleet/inventory.yaml, known_hosts
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startFleet } from '../test/helpers/sshd.js';
import { writeFleetInventory } from '../test/helpers/inventory.js';

const [count = '50', dir = '/tmp/campaign-audit-fleet'] = process.argv.slice(2);
await mkdir(dir, { recursive: true });
const fleet = await startFleet({ hosts: Number(count) });
await writeFleetInventory(join(dir, 'inventory.yaml'), fleet);
await writeFile(join(dir, 'known_hosts'), `${fleet.knownHostsLine()}\n`);
await writeFile(join(dir, 'pssh-hosts'), `${fleet.hosts.map((host) => `${host.user}@127.0.0.1:${fleet.port}`).join('\n')}\n`);
await writeFile(join(dir, 'client-key'), fleet.clientKey);
process.stdout.write(`fleet of ${count} on port ${fleet.port}, sshd pid ${fleet.pid}; files in ${dir}; Ctrl-C to stop\n`);
const stop = async (): Promise<void> => {
  await fleet.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
setInterval(() => undefined, 1 << 30);
