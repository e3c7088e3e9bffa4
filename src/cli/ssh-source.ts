// `scan TARGET... / --inventory FILE`: reads the inventory, ssh_config and known_hosts the way an
// administrator's OpenSSH setup does (docs/ssh.md), and builds the SSH transport.
import { existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { asInputError, FILE_CAPS, readBoundedFile } from '../inputs/input-file.js';
import { loadInventory } from '../inputs/inventory.js';
import { KnownHostsStore } from '../collect/ssh/known-hosts.js';
import { concatSshConfigs, EMPTY_SSH_CONFIG, expandTilde, loadSshConfig, type SshConfig, type SshConfigContext } from '../collect/ssh/config.js';
import { createSshTransport } from '../collect/ssh/transport.js';
import { resolveTargets } from '../collect/ssh/targets.js';
import type { Transport } from '../collect/transport.js';
import { toolInfo } from './tool.js';
import { InputError } from '../errors.js';
import type { HostKeyPolicy, HostRoute, HostTarget } from '../model.js';
import { terminalSafe } from '../render/text.js';
import type { CliIO } from './io.js';
import type { HostKeyPolicyOption } from './options.js';

export interface SshSourceOptions {
  targets: string[];
  inventory?: string;
  installDir?: string;
  connectTimeout: number;
  knownHosts?: string;
  hostKeyPolicy: HostKeyPolicyOption;
  sshConfig?: string;
  identity?: string;
  user?: string;
  port?: number;
  jump?: string;
  become?: string;
  tag?: string[];
  passphraseEnv?: string;
  debug?: boolean;
  quiet?: boolean;
}

export async function resolveSshSource(io: CliIO, options: SshSourceOptions): Promise<{ transport: Transport; targets: HostTarget[]; what: string }> {
  const context: SshConfigContext = { home: io.env.HOME || homedir(), localUser: io.env.USER || safeUserName() };
  const tags = options.tag ?? [];
  if (tags.length > 0 && options.inventory === undefined) throw new InputError('--tag selects inventory hosts; give --inventory FILE');
  const inventory = options.inventory !== undefined ? await loadInventory(options.inventory) : undefined;
  const sshConfig = await loadSshConfigs(options.sshConfig, context);
  const flags = {
    ...(options.user !== undefined ? { user: options.user } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.identity !== undefined ? { identity: expandTilde(options.identity, context.home) } : {}),
    ...(options.jump !== undefined ? { jump: options.jump } : {}),
    ...(options.become !== undefined ? { become: options.become } : {}),
    ...(options.installDir !== undefined ? { installDir: options.installDir } : {}),
    ...(options.passphraseEnv !== undefined ? { passphraseEnv: options.passphraseEnv } : {}),
  };
  const targets = resolveTargets({ specs: options.targets, ...(inventory ? { inventory } : {}), sshConfig, flags, tags, context });
  if (flags.identity !== undefined) {
    // One file for every host: a missing one is the user's input error, not each host's auth failure.
    // Read only to be sure it can be: whether it parses (and with which passphrase) is each host's.
    const file = flags.identity;
    await readBoundedFile(file, { cap: FILE_CAPS.identity }).catch((error: unknown) => {
      throw asInputError(error, `--identity ${file}`);
    });
  }

  const sshDir = join(context.home, '.ssh');
  const knownHostsFiles =
    options.knownHosts !== undefined
      ? [expandTilde(options.knownHosts, context.home)]
      : [join(sshDir, 'known_hosts'), join(sshDir, 'known_hosts2'), '/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];
  const knownHosts = new KnownHostsStore({
    files: knownHostsFiles,
    writeFile: knownHostsFiles[0] as string,
    policy: options.hostKeyPolicy,
    // Never silent about trust: say which keys accept-new added, as OpenSSH does.
    ...(options.quiet ? {} : { onRecorded: ({ name, keyType, fingerprint, file }) => io.writeErr(`campaign-audit: permanently added ${terminalSafe(name)} (${keyType} ${fingerprint}) to ${terminalSafe(file)} (accept-new)\n`) }),
  });
  // Read before any host is contacted: a known_hosts file that cannot be read is an input error.
  await knownHosts.load().catch((error: Error) => {
    throw new InputError(error.message);
  });
  const transport = createSshTransport({
    connectTimeout: options.connectTimeout,
    knownHosts,
    ...(io.env.SSH_AUTH_SOCK ? { agentSocket: io.env.SSH_AUTH_SOCK } : {}),
    env: io.env,
    defaultIdentityFiles: ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((name) => join(sshDir, name)),
    ...(options.debug ? { debug: true } : {}),
    clientName: `${toolInfo().name}/${toolInfo().version}`,
  });
  const source = inventory ? `inventory ${options.inventory}` : 'SSH';
  const routed = targets.map((target) => ({ ...target, route: routeOf(target, knownHostsFiles, options.hostKeyPolicy) }));
  return { transport, targets: routed, what: `${source}, host keys ${options.hostKeyPolicy}` };
}

/**
 * How the transport reaches `target`, as the report records it (docs/reports.md): resolved
 * address, port and user, each jump hop, the key files offered, the known_hosts files. Paths only.
 */
export function routeOf(target: HostTarget, knownHosts: readonly string[], hostKeyPolicy: HostKeyPolicy): HostRoute {
  // Absolute, so that the plan reaches the same files from wherever it runs.
  const absolute = (paths: readonly string[]): string[] => [...new Set(paths.map((path) => resolve(path)))];
  const identityFiles = absolute([...(target.identityFile !== undefined ? [target.identityFile] : []), ...(target.identityFiles ?? [])]);
  return {
    address: target.address,
    port: target.port ?? 22,
    user: target.user ?? '',
    ...(target.jumpHops !== undefined && target.jumpHops.length > 0
      ? { jump: target.jumpHops.map((hop) => ({ address: hop.address, port: hop.port, user: hop.user, ...(hop.identityFiles.length > 0 ? { identityFiles: absolute(hop.identityFiles) } : {}) })) }
      : {}),
    ...(target.become !== undefined ? { become: target.become } : {}),
    ...(identityFiles.length > 0 ? { identityFiles } : {}),
    knownHosts: absolute(knownHosts),
    hostKeyPolicy,
  };
}

/** `--ssh-config FILE` (or `none`), else ~/.ssh/config then /etc/ssh/ssh_config when they exist, as ssh reads them. */
async function loadSshConfigs(option: string | undefined, context: SshConfigContext): Promise<SshConfig> {
  if (option === 'none') return EMPTY_SSH_CONFIG;
  if (option !== undefined) return loadSshConfig(expandTilde(option, context.home), context);
  const configs: SshConfig[] = [];
  const user = join(context.home, '.ssh', 'config');
  if (existsSync(user)) configs.push(await loadSshConfig(user, context));
  if (existsSync('/etc/ssh/ssh_config')) configs.push(await loadSshConfig('/etc/ssh/ssh_config', context, { system: true }));
  return concatSshConfigs(configs);
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'root';
  }
}
