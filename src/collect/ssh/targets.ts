// Turns what the user gave (positional targets, inventory, ssh_config, flags) into HostTargets.
// Precedence, most specific first (docs/ssh.md):
//   target string / inventory host  >  flags (--user, --port, …)  >  inventory defaults
//   >  ssh_config (HostName always comes from there)  >  built-in defaults (port 22, local user).
import { basename } from 'node:path';
import { InputError } from '../../errors.js';
import { DEFAULT_INSTALL_DIR } from '../../engine/policy.js';
import { portFromText } from '../../inputs/values.js';
import type { HostTarget, JumpHop } from '../../model.js';
import type { Inventory, InventoryHost, InventorySettings } from '../../inputs/inventory.js';
import { expandTilde, resolveSshHost, type SshConfig, type SshConfigContext } from './config.js';
import { hostNameProblem } from './host-names.js';

export { DEFAULT_INSTALL_DIR };

export interface TargetFlags {
  user?: string;
  port?: number;
  identity?: string;
  jump?: string;
  become?: string;
  installDir?: string;
  passphraseEnv?: string;
}

export interface ResolveTargetsInput {
  /** Positional `[user@]host[:port]` or ssh_config aliases. */
  specs: readonly string[];
  inventory?: Inventory;
  sshConfig: SshConfig;
  flags: TargetFlags;
  /** --tag: keep inventory hosts that have any of these. */
  tags: readonly string[];
  context: SshConfigContext;
}

export interface TargetSpec {
  user?: string;
  host: string;
  port?: number;
}

/** How parseTargetSpec names the value in its errors. */
export interface TargetSpecOptions {
  /** What the value is, first in each error: `target` unless told. */
  what?: string;
  /** The value was read from a file (inventory, ssh_config), not typed on the command line. */
  fromFile?: boolean;
}

/**
 * `[user@]host[:port]`, `[user@][v6addr]:port`; a bare IPv6 address has no port. A value typed
 * on the command line is quoted back in errors; one read from a file (`fromFile`) is not: its
 * file and line say where it is, and a file passed by mistake must not be echoed.
 */
export function parseTargetSpec(text: string, { what = 'target', fromFile = false }: TargetSpecOptions = {}): TargetSpec {
  const label = fromFile ? what : `${what} "${text}"`;
  const value = text.trim();
  const at = value.lastIndexOf('@');
  const user = at >= 0 ? value.slice(0, at) : undefined;
  let rest = at >= 0 ? value.slice(at + 1) : value;
  let port: number | undefined;
  if (user === '') throw new InputError(`${label}: empty user before "@"`);
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
  if (bracketed) {
    rest = bracketed[1] ?? '';
    if (bracketed[2] !== undefined) port = parsePort(bracketed[2], label);
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    const colon = rest.indexOf(':');
    port = parsePort(rest.slice(colon + 1), label);
    rest = rest.slice(0, colon);
  }
  if (rest === '' || /\s/.test(rest)) throw new InputError(`${label}: expected [user@]host[:port]`);
  // Before any connection: a name that is not a host name could become a wildcard known_hosts line.
  const problem = hostNameProblem(rest);
  if (problem !== undefined) throw new InputError(`${label}: the host ${problem}`);
  return { ...(user !== undefined ? { user } : {}), host: rest, ...(port !== undefined ? { port } : {}) };
}

function parsePort(text: string, label: string): number {
  const port = portFromText(text);
  if (port === null) throw new InputError(`${label}: port must be a number from 1 to 65535`);
  return port;
}

export function resolveTargets(input: ResolveTargetsInput): HostTarget[] {
  const targets: HostTarget[] = [];
  const defaults = input.inventory?.defaults ?? {};
  const where = new Map<string, string>();
  const add = (target: HostTarget, origin: string): void => {
    const previous = where.get(target.name);
    if (previous !== undefined) throw new InputError(`a host name is given twice (${previous} and ${origin}); names label reports and must be unique`);
    where.set(target.name, origin);
    targets.push(target);
  };

  for (const text of input.specs) {
    // The label is the target as typed: `a@h` and `b@h` are two hosts to scan.
    const origin = `target "${text}"`;
    add(buildTarget(input, text.trim(), parseTargetSpec(text), {}, {}, origin), origin);
  }

  if (input.inventory) {
    const label = input.inventory.file;
    let selected = input.inventory.hosts;
    if (input.tags.length > 0) {
      selected = selected.filter((host) => (host.tags ?? defaults.tags ?? []).some((tag) => input.tags.includes(tag)));
      if (selected.length === 0 && input.specs.length === 0) {
        throw new InputError(`no host in ${label} has tag ${input.tags.map((tag) => `"${tag}"`).join(' or ')}`);
      }
    }
    for (const host of selected) {
      const spec = parseTargetSpec(host.address, { what: `${label} line ${host.line}: address`, fromFile: true });
      const origin = `${label} line ${host.line}`;
      add(buildTarget(input, host.name ?? host.address, spec, host, defaults, origin), origin);
    }
  }
  return targets;
}

function buildTarget(input: ResolveTargetsInput, name: string, spec: TargetSpec, host: Partial<InventoryHost>, defaults: InventorySettings, origin: string): HostTarget {
  const { flags, context } = input;
  const ssh = resolveSshHost(input.sshConfig, spec.host, context);
  checkHostName(ssh.hostName, `${origin}: the ssh_config HostName for ${spec.host}`);
  const pick = <T>(...values: (T | undefined)[]): T | undefined => values.find((value) => value !== undefined);

  const identityFile = pick(host.identityFile, flags.identity, defaults.identityFile);
  const passphraseEnv = pick(host.passphraseEnv, flags.passphraseEnv, defaults.passphraseEnv);
  const jump = pick(host.jump, flags.jump, defaults.jump, ssh.proxyJump?.join(','));
  const become = pick(host.become, flags.become, defaults.become);
  const target: HostTarget = {
    name,
    address: ssh.hostName ?? spec.host,
    port: pick(spec.port, host.port, flags.port, defaults.port, ssh.port) ?? 22,
    user: pick(spec.user, host.user, flags.user, defaults.user, ssh.user) ?? context.localUser,
    tags: [...(host.tags ?? defaults.tags ?? [])],
    installDir: pick(host.installDir, flags.installDir, defaults.installDir) ?? DEFAULT_INSTALL_DIR,
  };
  if (target.installDir.startsWith('~')) {
    // The install dir reaches the server as an argument, where no shell expands "~".
    const where = host.line !== undefined ? `${basename(input.inventory?.file ?? 'inventory')} line ${host.line}` : name;
    throw new InputError(`${where}: installDir starts with "~", which is not expanded on the server; use a path relative to the login home (e.g. nl6) or an absolute path`);
  }
  if (identityFile !== undefined) target.identityFile = expandTilde(identityFile, context.home);
  if (ssh.identityFiles.length > 0) target.identityFiles = ssh.identityFiles;
  if (passphraseEnv !== undefined) target.passphraseEnv = passphraseEnv;
  if (become !== undefined) target.become = become;
  if (jump !== undefined && jump.toLowerCase() !== 'none' && jump !== '') {
    target.jump = jump;
    target.jumpHops = resolveJump(input, jump, defaults, name);
  }
  return target;
}

/**
 * Each hop of a ProxyJump list is looked up in ssh_config under its own name, as `ssh -J` does.
 * A hop's own ProxyJump is not followed (the list given is the whole path). A hop logs in with
 * its ssh_config IdentityFile, else --identity, else the inventory default key; user defaults to
 * the local user, like ssh.
 */
function resolveJump(input: ResolveTargetsInput, jump: string, defaults: InventorySettings, name: string): JumpHop[] {
  return jump
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '')
    .map((hop) => {
      // A hop may come from the inventory or ssh_config: not quoted.
      const spec = parseTargetSpec(hop, { what: `the jump host (ProxyJump) of ${name}`, fromFile: true });
      const ssh = resolveSshHost(input.sshConfig, spec.host, input.context);
      checkHostName(ssh.hostName, `the ssh_config HostName for the jump host ${spec.host} of ${name}`);
      const fallbackKey = input.flags.identity ?? defaults.identityFile;
      const identityFiles = ssh.identityFiles.length > 0 ? ssh.identityFiles : fallbackKey !== undefined ? [expandTilde(fallbackKey, input.context.home)] : [];
      const passphraseEnv = input.flags.passphraseEnv ?? defaults.passphraseEnv;
      return {
        label: hop,
        address: ssh.hostName ?? spec.host,
        port: spec.port ?? ssh.port ?? 22,
        user: spec.user ?? ssh.user ?? input.context.localUser,
        identityFiles,
        ...(passphraseEnv !== undefined ? { passphraseEnv } : {}),
      };
    });
}

/** An ssh_config HostName is where SSH connects and the name accept-new records: same rule as a target. */
function checkHostName(hostName: string | undefined, what: string): void {
  const problem = hostName === undefined ? undefined : hostNameProblem(hostName);
  if (problem !== undefined) throw new InputError(`${what} ${problem}`);
}
