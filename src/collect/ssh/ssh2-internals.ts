// Every place where campaign-audit reaches past ssh2's public API, in one file. Each one says why
// it is needed and degrades to the public behaviour when ssh2 changes; test/ssh/ssh2-internals.test.ts
// fails when an upgrade removes one, so the loss is seen in review rather than in the field.
// Checked against ssh2 1.17.0.
import { createPrivateKey } from 'node:crypto';
import type { ParsedKey } from 'ssh2';

/** The ssh2 version these internals were checked against. */
export const SSH2_CHECKED_VERSION = '1.17.0';

/** The symbol under which ssh2 keeps a parsed private key's PEM text. */
function pemSlot(key: ParsedKey): symbol | undefined {
  return Object.getOwnPropertySymbols(key).find((symbol) => symbol.description === 'Private key PEM');
}

/**
 * Internal 1, speed: ssh2 signs with the key's PEM text, which OpenSSL decodes again for every
 * signature: about 0.6 ms per ed25519 login here, against 0.05 ms with a KeyObject decoded once.
 * Node's crypto.sign takes either, so the PEM is swapped for a KeyObject. If ssh2 stores the key
 * differently, the key is left as it is (slower logins, same result).
 */
export function signWithKeyObject(key: ParsedKey): ParsedKey {
  const slot = pemSlot(key);
  const pem = key.getPrivatePEM();
  if (slot === undefined || typeof pem !== 'string' || pem === '') return key;
  try {
    (key as unknown as Record<symbol, unknown>)[slot] = createPrivateKey(pem);
  } catch {
    // ssh2 keeps working with its PEM
  }
  return key;
}

/** An exec channel, as the public API knows it. */
interface Channel {
  writable: boolean;
  signal(name: string): unknown;
}

/** The parts of an ssh2 exec channel that killRemote reads past the public API. */
interface ChannelInternals extends Channel {
  outgoing?: { id?: number; state?: string };
  _client?: { _protocol?: { signal?: (id: number, name: string) => void; authPK?: unknown; _handlers?: Record<string, unknown> } };
}

/**
 * Internal 2, safety: sends a KILL `signal` request on the exec channel. ssh2's Channel.signal()
 * does nothing once our side sent EOF, which it always has here (the script went to stdin and was
 * ended), though RFC 4254 §6.9 allows the request until the channel closes. So the request goes
 * through ssh2's protocol object when the public method would drop it; test/ssh/sshd-fleet.test.ts
 * checks on a real sshd that no process of a timed-out collector survives. Without the internal,
 * the public call is made (the server then ends the command when the channel closes, if it does).
 */
export function killRemote(publicChannel: Channel): void {
  const channel = publicChannel as ChannelInternals;
  const protocol = channel._client?._protocol;
  const { id, state } = channel.outgoing ?? {};
  if (!channel.writable && protocol?.signal && id !== undefined && (state === 'open' || state === 'eof')) {
    protocol.signal(id, 'KILL');
  } else {
    channel.signal('KILL');
  }
}

/** The part of an ssh2 Client that declineHostKeyProofs reads past the public API. */
interface ClientInternals {
  _protocol?: { _handlers?: Record<string, unknown> };
}

type GlobalRequestHandler = (protocol: { requestSuccess(): void }, name: string, wantReply: boolean, data: unknown) => void;

/**
 * Internal 3, the servers' CPU: after login, OpenSSH's sshd announces all its host keys
 * (`hostkeys-00@openssh.com`), and ssh2 always answers by asking the server to prove each one
 * (`hostkeys-prove-00@openssh.com`): the server signs once per host key (an RSA signature costs
 * it milliseconds) and ssh2 checks every signature. The proven keys serve only to update
 * known_hosts, which a scan never does; OpenSSH's own client skips the request whenever
 * UpdateHostKeys is off. So the announcement is taken as OpenSSH does then: acknowledged if the
 * server wants a reply, and nothing asked. Other global requests go to ssh2's handler. Must run
 * right after Client.connect(), before the server's first packet; without the internal, ssh2
 * proves the keys as before (dearer, same result). Returns whether the handler was installed.
 */
export function declineHostKeyProofs(client: object): boolean {
  const handlers = (client as ClientInternals)._protocol?._handlers;
  const original = handlers?.GLOBAL_REQUEST;
  if (handlers === undefined || typeof original !== 'function') return false;
  handlers.GLOBAL_REQUEST = ((protocol, name, wantReply, data) => {
    if (name !== 'hostkeys-00@openssh.com') return (original as GlobalRequestHandler)(protocol, name, wantReply, data);
    if (wantReply) protocol.requestSuccess();
  }) satisfies GlobalRequestHandler;
  return true;
}

/** ssh2's parsed key, as far as signing goes. */
interface SigningKey {
  isPrivateKey(): boolean;
  sign(data: Buffer, hash?: string): Buffer | Error;
}

type AuthPK = (username: string, key: unknown, keyAlgo?: unknown, cbSign?: (blob: Buffer, send: (signature: Buffer) => void) => void) => void;

/**
 * The hash ssh2 pairs with each public key algorithm it names when it signs (its getKeyAlgos);
 * no algorithm (undefined) means the key's own default, as for ed25519 and ECDSA keys.
 */
const HASH_OF: ReadonlyMap<unknown, string | undefined> = new Map([
  [undefined, undefined],
  ['rsa-sha2-512', 'sha512'],
  ['rsa-sha2-256', 'sha256'],
  ['ssh-rsa', 'sha1'],
]);

/**
 * Internal 4, a round trip and the servers' CPU: for a key file, ssh2 first asks whether the
 * server would take the key (a publickey request without signature), then signs only after the
 * server's PK_OK: two requests, two round trips and two checks of authorized_keys on the server
 * for every login. RFC 4252 §7 lets a client send the signed request at once, and with a key
 * already in memory signing costs nothing (an ed25519 signature is some 50 µs), so the query is
 * skipped. Agent keys are left to ssh2's query first: an agent may ask its user to confirm each
 * signature (`ssh-add -c`). When signing fails, ssh2's own path is taken (query, then its error).
 * sshd logs a refused signed request as it logs a refused query ("Failed publickey", at VERBOSE
 * for a valid user), and counts both against MaxAuthTries; an accepted key loses only its
 * "Postponed publickey" line. Must run right after Client.connect(); without it, ssh2 asks first.
 */
export function signPublicKeyAtOnce(client: object): boolean {
  const protocol = (client as { _protocol?: { authPK?: unknown } })._protocol;
  const original = protocol?.authPK;
  if (protocol === undefined || typeof original !== 'function') return false;
  const authPK = original as AuthPK;
  protocol.authPK = function (this: unknown, username: string, key: unknown, keyAlgo?: unknown, cbSign?: unknown): void {
    const signing = key as Partial<SigningKey> | null;
    const fileKey = typeof signing?.isPrivateKey === 'function' && typeof signing.sign === 'function' && signing.isPrivateKey();
    // An algorithm this does not know the hash of (a later ssh2 may name one) keeps ssh2's own way.
    if (cbSign !== undefined || !HASH_OF.has(keyAlgo) || !fileKey) return authPK.call(this, username, key, keyAlgo, cbSign as Parameters<AuthPK>[3]);
    authPK.call(this, username, key, keyAlgo, (blob, send) => {
      const signature = (signing as SigningKey).sign(blob, HASH_OF.get(keyAlgo));
      if (signature instanceof Error) return authPK.call(this, username, key, keyAlgo);
      send(signature);
    });
  } satisfies AuthPK;
  return true;
}

/** Which internals this ssh2 still has, for the test that guards upgrades. */
export function internalsPresent(parsedKey: ParsedKey, publicChannel: Channel): { pemSlot: boolean; protocolSignal: boolean; channelOutgoing: boolean; globalRequestHandler: boolean; protocolAuthPK: boolean } {
  const channel = publicChannel as ChannelInternals;
  return {
    pemSlot: pemSlot(parsedKey) !== undefined,
    protocolSignal: typeof channel._client?._protocol?.signal === 'function',
    channelOutgoing: typeof channel.outgoing?.id === 'number' && typeof channel.outgoing.state === 'string',
    globalRequestHandler: typeof channel._client?._protocol?._handlers?.GLOBAL_REQUEST === 'function',
    protocolAuthPK: typeof channel._client?._protocol?.authPK === 'function',
  };
}
