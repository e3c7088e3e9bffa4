// How a runner reaches a host: the route the scan recorded (docs/reports.md, hosts[].route),
// rebuilt as ssh options, and the remote command line around a plan action. Shared by the sh
// script and the Ansible inventory, so that both touch exactly the host the scan read.
// Every value here passed isSafeRoute / isSafeAddress (safety.ts) before a runner uses it.
import { DEFAULT_INSTALL_DIR } from '../engine/policy.js';
import type { HostRoute, RouteHop } from '../model.js';
import { shellQuote } from '../render/shell.js';
import { shellWord } from './actions.js';

/** `host:port` for ssh -W / ProxyJump, IPv6 in brackets. */
const hostPort = (address: string, port: number): string => `${address.includes(':') ? `[${address}]` : address}:${port}`;

/** `user@address` as ssh takes it (an IPv6 address needs no brackets there). */
export const loginOf = (route: Pick<HostRoute, 'user' | 'address'>): string => `${route.user}@${route.address}`;

/**
 * The ssh options of one endpoint: port, key files, known_hosts checked strictly (a key the
 * scan accepted new was recorded then), and its jump hosts as a ProxyCommand. Not `-J`: ssh
 * gives command-line options to the destination only, and each hop must be reached with its
 * own keys and the same known_hosts, as the scan did (ssh(1), -J).
 */
export function sshOptions(endpoint: { port: number; identityFiles?: readonly string[]; jump?: readonly RouteHop[] }, knownHosts: readonly string[]): string[] {
  const words = ['-p', String(endpoint.port)];
  for (const file of endpoint.identityFiles ?? []) words.push('-i', file);
  words.push('-o', `UserKnownHostsFile=${knownHosts.join(' ')}`, '-o', 'StrictHostKeyChecking=yes');
  const hops = endpoint.jump ?? [];
  if (hops.length > 0) words.push('-o', `ProxyCommand=${proxyCommand(hops, knownHosts)}`);
  return words;
}

/** The same options for a hop's ssh inside a ProxyCommand: its own ProxyCommand is expanded twice, so its `%` are doubled. */
function hopOptions(hop: RouteHop, before: readonly RouteHop[], knownHosts: readonly string[]): string[] {
  return sshOptions({ ...hop, jump: [] }, knownHosts).concat(before.length > 0 ? ['-o', `ProxyCommand=${proxyCommand(before, knownHosts).replace(/%/g, '%%')}`] : []);
}

/**
 * The command that opens a channel through `hops`: the last hop forwards (-W [%h]:%p, which the
 * ssh running it expands to its destination). Run by `sh -c`, so its words are quoted for sh.
 * A hop's address holds no `%` (isSafeRoute), so `[%h]:%p` are the only tokens at this level.
 */
function proxyCommand(hops: readonly RouteHop[], knownHosts: readonly string[]): string {
  const last = hops[hops.length - 1] as RouteHop;
  return ['ssh', ...hopOptions(last, hops.slice(0, -1), knownHosts), '-W', '[%h]:%p', '--', loginOf(last)].map(shellWord).join(' ');
}

/** The route in words, for the dry run and notes: every host listed by login, address and port. */
export function routeText(route: HostRoute): string {
  const via = (route.jump ?? []).map((hop) => `${hop.user}@${hostPort(hop.address, hop.port)}`);
  return `${route.user}@${hostPort(route.address, route.port)}${via.length > 0 ? ` via ${via.join(', ')}` : ''}${route.become !== undefined ? `, as ${route.become}` : ''}`;
}

/**
 * The remote command line for `command` (an action's text): in the install dir, after env.sh,
 * as the become user when the scan used one. The run's timestamp arrives as `$1` and is named
 * STAMP (actions.ts backupName). Built for the login shell: one sh -c word, then `campaign-audit`
 * as $0; the caller appends the stamp.
 */
export function remoteCommand(command: string, installDir: string | undefined, become: string | undefined): string {
  const dir = (installDir ?? DEFAULT_INSTALL_DIR).replace(/\/+$/, '') || '/';
  const inner = `STAMP=$1 && cd ${shellWord(dir)} && . ./env.sh && ${command}`;
  const sh = `sh -c ${shellQuote(inner)} campaign-audit`;
  return become === undefined ? sh : `sudo -n -H -u ${shellWord(become)} ${sh}`;
}
