// scan --dry-run: every host resolved as a scan would (inventory, ssh_config, jump hosts, keys,
// --become), then what would run on each, and the collector script once: what a change review
// of production servers asks to see. Nothing is contacted, recorded or written.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { HostTarget } from '../model.js';
import { collectorCommand, collectorShellCommand } from '../collect/ssh/exec.js';
import { COLLECTOR_SCRIPT } from '../collect/script.js';
import { MAX_FILE_BYTES } from '../collect/transport.js';
import { printableLine } from '../render/text.js';

/** Where the marker goes: a new random value for every host and every run. */
const MARKER = 'MARKER';

export type DryRunSource = 'ssh' | 'local' | 'dir';

/** The dry run's text: one block per host, then the script (for SSH and --local). */
export function renderDryRun(kind: DryRunSource, targets: readonly HostTarget[], what: string, context: { root?: string | undefined; agent?: boolean } = {}): string {
  const lines: string[] = [`campaign-audit scan --dry-run of ${targets.length} host${targets.length === 1 ? '' : 's'}: nothing is contacted or written.`, `Source: ${what}.`, ''];
  for (const target of targets) lines.push(...hostLines(kind, target, context), '');
  if (kind === 'dir') {
    lines.push('Each host folder is read: conf/serverConf.xml and conf/config-*.xml (each at most', '5 MiB), and pdump.txt. Nothing runs.');
    return `${lines.map((line) => printableLine(line)).join('\n')}\n`;
  }
  const sha256 = createHash('sha256').update(COLLECTOR_SCRIPT).digest('hex');
  lines.push(
    'MARKER is a random value, new for every host and every run. Each command reads',
    `this script on its stdin (docs/ssh.md#what-runs-on-the-server), ${COLLECTOR_SCRIPT.length.toLocaleString('en-US')} bytes,`,
    `sha256:${sha256}`,
    '--- script ---',
  );
  // Host names, addresses and paths come from the user's files: one printable line each. The
  // script is the tool's own and printed byte for byte, so that it can be copied and compared.
  return `${lines.map((line) => printableLine(line)).join('\n')}\n${COLLECTOR_SCRIPT}--- end of script ---\n`;
}

function hostLines(kind: DryRunSource, target: HostTarget, { root, agent }: { root?: string | undefined; agent?: boolean }): string[] {
  if (kind === 'dir') return [`${target.name}`, `  reads ${root !== undefined ? join(root, target.address) : target.address}/`];
  if (kind === 'local') {
    return [`${target.name} (this machine)`, `  runs: ${collectorShellCommand(target.installDir, MARKER, MAX_FILE_BYTES)}`];
  }
  const route = target.route;
  const lines = [target.name];
  if (route !== undefined) {
    lines.push(`  login: ${route.user}@${route.address}:${route.port}`);
    for (const hop of route.jump ?? []) lines.push(`  through: ${hop.user}@${hop.address}:${hop.port}${hop.identityFiles !== undefined ? `, keys ${hop.identityFiles.join(', ')}` : ''}`);
    lines.push(`  keys: ${route.identityFiles !== undefined && route.identityFiles.length > 0 ? route.identityFiles.join(', ') : 'the default keys (~/.ssh/id_ed25519, id_ecdsa, id_rsa, if present)'}${agent === true ? '; then ssh-agent (SSH_AUTH_SOCK)' : ''}`);
    lines.push(`  host key: checked against ${route.knownHosts.join(', ')} (${route.hostKeyPolicy})`);
  }
  lines.push(`  runs: ${collectorCommand(target.installDir, MARKER, MAX_FILE_BYTES, target.become)}`);
  return lines;
}
