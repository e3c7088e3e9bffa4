// What the plan may paste into a command line, and which hosts a runner must leave to a person.
// Decided once here, at build time: the runners (sh, Ansible) read PlanHost.skip through runnable.ts.
import { DEFAULT_INSTALL_DIR } from '../engine/policy.js';
import type { HostRoute } from '../model.js';
import type { PlanHost, SkipReason } from './model.js';

/** Characters an ID or instance name may hold to be pasted into a command line. */
const SAFE = /^[A-Za-z0-9@._-]+$/;

/** An install dir a runner may put into a remote command line as is (`~/nl6`, `/opt/neolane/nl6`): no space, quote or $. */
const SAFE_DIR = /^[A-Za-z0-9~._/@+][A-Za-z0-9._/@+-]*$/;

/** May this instance name or ID be pasted into a command line? */
export function isSafeWord(value: string): boolean {
  return SAFE.test(value);
}

/**
 * A host address the sh plan may hand to ssh: a host name, an IP address (v6 with its zone) or
 * an ssh_config alias, in plain ASCII, not starting with "-". Anything else (an escape
 * sequence, a space, a bidirectional control, a look-alike letter) could make the script read,
 * or its dry run print, another host than the one it reaches.
 */
export function isSafeAddress(address: string): boolean {
  return /^[A-Za-z0-9_.:%[\]][A-Za-z0-9_.:%[\]-]*$/.test(address);
}

/** A user name for `user@host` or `sudo -u`: no option-like start, no space or shell character. */
const SAFE_USER = /^[A-Za-z0-9._][A-Za-z0-9._@-]*$/;

/**
 * A key or known_hosts path for ssh's command line: absolute, and nothing ssh expands or splits
 * (`%` tokens, `${…}`, spaces: UserKnownHostsFile is a list).
 */
const SAFE_PATH = /^\/[A-Za-z0-9._/+@,:-]*$/;

/** May every part of this route go on an ssh command line as it is? */
export function isSafeRoute(route: HostRoute): boolean {
  const hops = route.jump ?? [];
  const paths = [...(route.identityFiles ?? []), ...route.knownHosts, ...hops.flatMap((hop) => hop.identityFiles ?? [])];
  return (
    route.knownHosts.length > 0 &&
    [route.address, ...hops.map((hop) => hop.address)].every(isSafeAddress) &&
    // ssh expands `%` in a ProxyCommand: a hop's address must hold none (an IPv6 zone).
    hops.every((hop) => !hop.address.includes('%')) &&
    [route.user, ...hops.map((hop) => hop.user), ...(route.become !== undefined ? [route.become] : [])].every((user) => SAFE_USER.test(user)) &&
    paths.every((path) => SAFE_PATH.test(path))
  );
}

/** Below the policy's minimum build (setimsoauth needs it); a v8 host is Adobe's to upgrade. */
export function isBelowMinimum(host: Pick<PlanHost, 'product' | 'build'>, minBuild: number): boolean {
  return host.product !== 'v8' && (host.build === null || host.build < minBuild);
}

/** Why a runner must not touch this host of `instance`, the first reason that holds; null when it may. */
export function skipReasonOf(instance: string, host: Pick<PlanHost, 'address' | 'product' | 'build' | 'installDir' | 'route' | 'credential'>, minBuild: number): SkipReason | null {
  if (!isSafeWord(instance)) return 'unsafe-instance-name';
  if (!isSafeAddress(host.address)) return 'unsafe-address';
  if (isBelowMinimum(host, minBuild)) return 'below-minimum';
  if (host.credential === 'unknown') return 'unreadable';
  if (host.route === undefined) return 'no-route';
  if (!isSafeRoute(host.route)) return 'unsafe-route';
  if (!SAFE_DIR.test(host.installDir ?? DEFAULT_INSTALL_DIR)) return 'unsafe-install-dir';
  return null;
}
