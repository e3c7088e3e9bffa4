// What the plan may paste into a command line, and which hosts a runner must leave to a person.
// Decided once here, at build time: the sh script (and any later runner) reads PlanHost.skip.
import { DEFAULT_INSTALL_DIR } from '../engine/policy.js';
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

/** Below the policy's minimum build (setimsoauth needs it); a v8 host is Adobe's to upgrade. */
export function isBelowMinimum(host: Pick<PlanHost, 'product' | 'build'>, minBuild: number): boolean {
  return host.product !== 'v8' && (host.build === null || host.build < minBuild);
}

/** Why a runner must not touch this host of `instance`, the first reason that holds; null when it may. */
export function skipReasonOf(instance: string, host: Pick<PlanHost, 'address' | 'product' | 'build' | 'installDir'>, minBuild: number): SkipReason | null {
  if (!isSafeWord(instance)) return 'unsafe-instance-name';
  if (!isSafeAddress(host.address)) return 'unsafe-address';
  if (isBelowMinimum(host, minBuild)) return 'below-minimum';
  if (!SAFE_DIR.test(host.installDir ?? DEFAULT_INSTALL_DIR)) return 'unsafe-install-dir';
  return null;
}
