// The SSH transport (DESIGN.md §4): the only module that imports ssh2. Per host: one connection
// (directly, or through pooled jump-host connections), host key checked against known_hosts
// before anything else, key/agent authentication without prompts, then one exec of the fixed
// collector script sent on stdin (ssh-exec.ts).
import { createHash, createPrivateKey } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthenticationType, Client as ClientType, ClientChannel, ConnectConfig, ParsedKey, ServerHostKeyAlgorithm } from 'ssh2';
import type { HostTarget, JumpHop } from '../model.js';
import { describeFileError } from '../errors.js';
import { FILE_CAPS, FileReadError, readBoundedFile } from './input-file.js';
import { keyTypeOf, knownHostName, type KnownHostsStore } from './known-hosts.js';
import { runCollector, type ExecChannel } from './ssh-exec.js';
import { classifyConnectError, oneLine, SshFailure } from './ssh-failure.js';
import { failedHost, type CollectOptions, type RawHost, type Transport } from './transport.js';

const { Client, utils } = ssh2;

export interface SshTransportOptions {
  /** Seconds for TCP connect + SSH banner + handshake + authentication, per hop. */
  connectTimeout: number;
  knownHosts: KnownHostsStore;
  /** ssh-agent socket (SSH_AUTH_SOCK), tried after the identity files. */
  agentSocket?: string;
  /** Where passphrases are looked up, by the variable names the targets give. */
  env: Readonly<Record<string, string | undefined>>;
  /** Keys tried when a host names no identity file (OpenSSH's defaults), if they exist. */
  defaultIdentityFiles: readonly string[];
  /** `--debug`: ssh2's protocol trace goes to the host's log (message names and sizes, no payload). */
  debug?: boolean;
}

export interface SshTransport extends Transport {
  close(): Promise<void>;
}

/** Where to log in: a target or a jump host (explicit key files; when empty, the default keys are tried). */
type Endpoint = JumpHop;

type LoadedKey = { key: ParsedKey } | { note: string } | { missing: true };

// ssh2's default host key algorithms, in its order of preference.
const HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

const preferenceLists = new Map<string, ServerHostKeyAlgorithm[] | undefined>();

/** Ask first for the key types known_hosts already has for this host, as OpenSSH does. */
function hostKeyAlgorithms(knownTypes: readonly string[]): ServerHostKeyAlgorithm[] | undefined {
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

export function createSshTransport(options: SshTransportOptions): SshTransport {
  const keys = new Map<string, Promise<LoadedKey>>();
  const bastions = new Map<string, Promise<ClientType>>();

  const loadKey = (file: string, passphraseEnv: string | undefined): Promise<LoadedKey> => {
    const cacheKey = `${file}\0${passphraseEnv ?? ''}`;
    let loaded = keys.get(cacheKey);
    if (!loaded) {
      loaded = readKey(file, passphraseEnv, options.env);
      keys.set(cacheKey, loaded);
    }
    return loaded;
  };

  /** The methods to try, in order: identity files (or default keys), then the agent. */
  const authMethods = async (endpoint: Endpoint): Promise<{ methods: AnyAuthMethod[]; tried: string[]; notes: string[] }> => {
    const methods: AnyAuthMethod[] = [];
    const tried: string[] = [];
    const notes: string[] = [];
    const explicit = endpoint.identityFiles.length > 0;
    for (const file of explicit ? endpoint.identityFiles : options.defaultIdentityFiles) {
      const loaded = await loadKey(file, endpoint.passphraseEnv);
      if ('key' in loaded) {
        methods.push({ type: 'publickey', username: endpoint.user, key: loaded.key });
        tried.push(`key ${file}`);
      } else if ('note' in loaded) {
        notes.push(loaded.note);
      } else if (explicit) {
        notes.push(`identity file ${file} does not exist`);
      }
    }
    if (options.agentSocket) {
      methods.push({ type: 'agent', username: endpoint.user, agent: options.agentSocket });
      tried.push('ssh-agent');
    }
    return { methods, tried, notes };
  };

  /** Connects and authenticates to one endpoint, over `sock` when going through a jump host. */
  const connect = async (endpoint: Endpoint, sock?: Duplex, log?: (message: string) => void): Promise<ClientType> => {
    await options.knownHosts.load().catch((error: Error) => {
      throw new SshFailure('error', error.message);
    });
    const { methods, tried, notes } = await authMethods(endpoint);
    const hostKeyName = knownHostName(endpoint.address, endpoint.port);
    const where = endpoint.port === 22 ? endpoint.address : `${endpoint.address}:${endpoint.port}`;
    const client = new Client();
    let hostKeyRefusal: string | undefined;
    let refusedMethods: AuthenticationType[] | undefined;
    let next = 0;
    log?.(`connecting to ${where} as ${endpoint.user}${sock ? ' through the jump host' : ''}; will try ${tried.length > 0 ? tried.join(', ') : 'no key'}`);

    const config: ConnectConfig = {
      host: endpoint.address,
      port: endpoint.port,
      username: endpoint.user,
      readyTimeout: Math.round(options.connectTimeout * 1000),
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void): void => {
        options.knownHosts.decide(hostKeyName, hostKeyName, key).then(
          (decision) => {
            if (!decision.accept) hostKeyRefusal = decision.reason;
            log?.(`host key ${keyTypeOf(key)} ${fingerprintOf(key)} for ${hostKeyName}: ${decision.accept ? (decision.recorded ? 'unknown, recorded (accept-new)' : 'matches known_hosts') : `refused (${decision.reason})`}`);
            verify(decision.accept);
          },
          (error: Error) => {
            hostKeyRefusal = `${error.message}; refusing ${hostKeyName} (${keyTypeOf(key)})`;
            verify(false);
          },
        );
      },
      authHandler: (methodsLeft, _partialSuccess, callback) => {
        // Keys only: when the server no longer offers publickey, stop (never prompt for a password).
        if (methodsLeft && !methodsLeft.includes('publickey')) {
          refusedMethods = methodsLeft;
          (callback as (method: AnyAuthMethod | false) => void)(false);
          return;
        }
        (callback as (method: AnyAuthMethod | false) => void)(methods[next++] ?? false);
      },
    };
    const preferred = hostKeyAlgorithms(options.knownHosts.preferredTypes(hostKeyName));
    if (preferred) config.algorithms = { serverHostKey: preferred };
    if (sock) config.sock = sock;
    if (options.debug && log) config.debug = (line: string) => log(`ssh2: ${line}`);

    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (failure: SshFailure): void => {
        if (settled) return;
        settled = true;
        endConnection(client);
        reject(failure);
      };
      client.on('ready', () => {
        if (settled) return;
        settled = true;
        log?.(`logged in as ${endpoint.user} on ${where} with ${tried[next - 1] ?? 'no method'}`);
        resolve(client);
      });
      client.on('error', (error: Error & { level?: string; code?: string }) => {
        // ssh2 reports an unusable agent or a key that cannot sign, then goes on to the next method.
        if (error.level === 'agent') {
          notes.push(`ssh-agent at ${options.agentSocket} is not usable (${error.message})`);
          return;
        }
        if (error.level === 'client-authentication' && /sign/i.test(error.message)) {
          notes.push(error.message.split('\n')[0] ?? '');
          return;
        }
        if (hostKeyRefusal !== undefined) return fail(new SshFailure('host-key-mismatch', hostKeyRefusal));
        if (error.level === 'client-authentication') {
          const offered = refusedMethods ? `; the server only offers ${refusedMethods.join(', ')} and campaign-audit uses keys only` : '';
          const what = tried.length > 0 ? ` (tried ${tried.join(', ')})` : ' (no key to try: give --identity, identityFile in the inventory, or run ssh-agent)';
          return fail(new SshFailure('auth-failed', oneLine(`authentication as ${endpoint.user} on ${where} failed${what}${offered}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`)));
        }
        fail(classifyConnectError(error, where, options.connectTimeout));
      });
      client.on('close', () => {
        // Every connection closes, most of them after a good scan: build no Error for those.
        if (settled) return;
        if (hostKeyRefusal !== undefined) fail(new SshFailure('host-key-mismatch', hostKeyRefusal));
        fail(new SshFailure('error', `${where}: connection closed during the SSH handshake`));
      });
      try {
        client.connect(config);
        // ssh2 leaves Nagle on: each small handshake packet would wait for the previous ACK,
        // which costs a delayed-ACK stall per round trip (about half the time of a lone host on
        // loopback). Through a jump host the socket is an SSH channel, which has no such knob.
        if (!sock) client.setNoDelay(true);
      } catch (error) {
        fail(new SshFailure('error', `${where}: ${(error as Error).message}`));
      }
    });
  };

  /** A pooled, authenticated connection to the last of `hops`, through the ones before it. */
  const openHop = (hops: readonly JumpHop[], index: number): Promise<ClientType> => {
    const key = hops
      .slice(0, index + 1)
      .map((hop) => `${hop.user}@${hop.address}:${hop.port}`)
      .join(',');
    const cached = bastions.get(key);
    if (cached) return cached;
    const hop = hops[index] as JumpHop;
    const opening = (async () => {
      const sock = index > 0 ? await forward(await openHop(hops, index - 1), hop.address, hop.port, hops[index - 1] as JumpHop) : undefined;
      try {
        return await connect(hop, sock);
      } catch (error) {
        if (!(error instanceof SshFailure)) throw error;
        const where = hop.port === 22 ? hop.address : `${hop.address}:${hop.port}`;
        const prefix = hop.label === where || hop.label.endsWith(`@${where}`) ? `jump host ${hop.label}` : `jump host ${hop.label} (${where})`;
        throw new SshFailure(error.status, `${prefix}: ${error.message.replace(`${where}: `, '')}`);
      }
    })();
    bastions.set(key, opening);
    // A bastion that fails to open stays failed for this scan (its targets fail fast); one that
    // drops later is opened again by the next target that needs it.
    opening.then(
      (client) => {
        client.on('close', () => {
          if (bastions.get(key) === opening) bastions.delete(key);
        });
        client.on('error', () => undefined);
      },
      () => undefined,
    );
    return opening;
  };

  /** A direct-tcpip channel from a jump host to host:port, within the connect timeout. */
  const forward = (bastion: ClientType, host: string, port: number, via: JumpHop): Promise<ClientChannel> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new SshFailure('timeout', `jump host ${via.label} did not reach ${host}:${port} within ${options.connectTimeout}s`));
      }, options.connectTimeout * 1000);
      try {
        bastion.forwardOut('127.0.0.1', 0, host, port, (error, channel) => {
          clearTimeout(timer);
          if (error) {
            reject(new SshFailure('unreachable', oneLine(`jump host ${via.label} cannot reach ${host}:${port} (${error.message.replace(/^\(SSH\) /, '')})`)));
            return;
          }
          resolve(channel);
        });
      } catch (error) {
        clearTimeout(timer);
        reject(new SshFailure('error', `jump host ${via.label}: ${(error as Error).message}`));
      }
    });

  const collect = async (target: HostTarget, collectOptions: CollectOptions): Promise<RawHost> => {
    const endpoint: Endpoint = {
      label: target.name,
      address: target.address,
      port: target.port ?? 22,
      user: target.user ?? 'root',
      identityFiles: [...new Set([...(target.identityFile !== undefined ? [target.identityFile] : []), ...(target.identityFiles ?? [])])],
    };
    if (target.passphraseEnv !== undefined) endpoint.passphraseEnv = target.passphraseEnv;
    let client: ClientType;
    try {
      const hops = target.jumpHops ?? [];
      const last = hops[hops.length - 1];
      const sock = last ? await forward(await openHop(hops, hops.length - 1), endpoint.address, endpoint.port, last) : undefined;
      client = await connect(endpoint, sock, collectOptions.log);
    } catch (error) {
      if (error instanceof SshFailure) return failedHost(error.status, error.message);
      throw error;
    }
    try {
      return await runCollector(client, target, collectOptions, killRemote);
    } finally {
      endConnection(client);
    }
  };

  return {
    kind: 'ssh',
    collect,
    async close() {
      const open = [...bastions.values()];
      bastions.clear();
      for (const opening of open) {
        const client = await opening.catch(() => undefined);
        if (client) endConnection(client);
      }
    },
  };
}

/** OpenSSH's `SHA256:<base64>` host key fingerprint, as `ssh-keygen -lf` prints it. */
function fingerprintOf(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** How long a server has to close its side after we end the connection. */
const CLOSE_GRACE_MS = 1000;

/**
 * Ends a connection politely (SSH disconnect, then a TCP half-close, so a KILL signal sent just
 * before still reaches the server), and cuts the socket if the server has not closed its side
 * within CLOSE_GRACE_MS. A host that froze or fell off the network never answers: its socket
 * would stay open and keep the process alive after the reports are written. ssh2's destroy()
 * does nothing once end() ran (the socket is no longer writable), so the socket is destroyed
 * directly; if ssh2 ever keeps it elsewhere, only the polite end remains.
 */
function endConnection(client: ClientType): void {
  client.end();
  const socket = (client as unknown as { _sock?: Socket | Duplex })._sock;
  if (!socket || socket.destroyed) return;
  // unref: a socket that is already closing must not hold the process for the grace period.
  const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
  socket.once('close', () => clearTimeout(timer));
}

/**
 * Sends a KILL `signal` request on the exec channel. ssh2 1.17's Channel.signal() does nothing
 * once our side sent EOF, which it always has here (the script went to stdin and was ended), though
 * RFC 4254 §6.9 allows the request until the channel closes. So the request goes through ssh2's
 * protocol object when the public method would drop it; test/ssh/sshd-fleet.test.ts checks on a
 * real sshd that no process of a timed-out collector survives.
 */
function killRemote(channel: ExecChannel): void {
  const internals = channel as unknown as { writable: boolean; outgoing?: { id?: number; state?: string }; _client?: { _protocol?: { signal?: (id: number, name: string) => void } } };
  const protocol = internals._client?._protocol;
  const { id, state } = internals.outgoing ?? {};
  if (!internals.writable && protocol?.signal && id !== undefined && (state === 'open' || state === 'eof')) {
    protocol.signal(id, 'KILL');
  } else {
    channel.signal('KILL');
  }
}

async function readKey(file: string, passphraseEnv: string | undefined, env: Readonly<Record<string, string | undefined>>): Promise<LoadedKey> {
  let data: Buffer;
  try {
    // Bounded: a key file that is /dev/zero or a FIFO once cost 7 GB or hung the scan for good.
    data = await readBoundedFile(file, { cap: FILE_CAPS.identity });
  } catch (error) {
    if (error instanceof FileReadError && error.problem === 'missing') return { missing: true };
    return { note: `cannot read identity file ${file}: ${error instanceof FileReadError ? error.message : describeFileError(error)}` };
  }
  let parsed = utils.parseKey(data);
  if (parsed instanceof Error && /no passphrase given/i.test(parsed.message)) {
    if (passphraseEnv === undefined) {
      return { note: `identity file ${file} is encrypted; name the environment variable that holds its passphrase with --passphrase-env or passphraseEnv in the inventory` };
    }
    const passphrase = env[passphraseEnv];
    if (passphrase === undefined || passphrase === '') return { note: `identity file ${file} is encrypted and $${passphraseEnv} is not set` };
    parsed = utils.parseKey(data, passphrase);
    if (parsed instanceof Error) return { note: `cannot decrypt identity file ${file} with the passphrase in $${passphraseEnv}` };
  }
  if (parsed instanceof Error) return { note: `cannot use identity file ${file} (${parsed.message.split('\n')[0]})` };
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey | undefined) : parsed;
  if (!key || !key.isPrivateKey()) return { note: `identity file ${file} holds no private key` };
  return { key: signWithKeyObject(key) };
}

/**
 * ssh2 signs with the key's PEM text, which OpenSSL decodes again for every signature: about
 * 0.6 ms per ed25519 login here, against 0.05 ms with a KeyObject decoded once. Node's
 * crypto.sign takes either, so the PEM is swapped for a KeyObject; if ssh2 ever stores the key
 * differently, the key is left as it is.
 */
function signWithKeyObject(key: ParsedKey): ParsedKey {
  const slot = Object.getOwnPropertySymbols(key).find((symbol) => symbol.description === 'Private key PEM');
  const pem = key.getPrivatePEM();
  if (slot === undefined || typeof pem !== 'string' || pem === '') return key;
  try {
    (key as unknown as Record<symbol, unknown>)[slot] = createPrivateKey(pem);
  } catch {
    // ssh2 keeps working with its PEM
  }
  return key;
}
