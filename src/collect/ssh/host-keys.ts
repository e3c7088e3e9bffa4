// Host key algorithms. The key check itself is known-hosts.ts; this module only chooses which key
// types to ask the server for.
import type { ServerHostKeyAlgorithm } from 'ssh2';

// ssh2's default host key algorithms, in its order of preference.
const HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

const preferenceLists = new Map<string, ServerHostKeyAlgorithm[] | undefined>();

/**
 * Ask first for the key types known_hosts already has for this host, as OpenSSH does: a server
 * with an ed25519 and an RSA key then presents the one known_hosts can check. Undefined: no key
 * is known, ssh2's default order applies.
 */
export function hostKeyAlgorithms(knownTypes: readonly string[]): ServerHostKeyAlgorithm[] | undefined {
  const key = knownTypes.join(' ');
  if (!preferenceLists.has(key)) preferenceLists.set(key, buildHostKeyAlgorithms(knownTypes));
  return preferenceLists.get(key);
}

function buildHostKeyAlgorithms(knownTypes: readonly string[]): ServerHostKeyAlgorithm[] | undefined {
  const preferred = knownTypes.flatMap((type): ServerHostKeyAlgorithm[] => {
    if (type === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
    return HOST_KEY_ALGORITHMS.filter((algorithm) => algorithm === type);
  });
  if (preferred.length === 0) return undefined;
  return [...new Set([...preferred, ...HOST_KEY_ALGORITHMS])];
}
