// The SSH transport (docs/ssh.md): the only module that uses ssh2's client. Per host: one
// connection (directly, or through pooled jump-host connections), host key checked against
// known_hosts before anything else, key/agent authentication without prompts, then one exec of
// the fixed collector script sent on stdin (ssh-exec.ts). Keys are loaded in ssh-keys.ts, host
// key algorithms chosen in ssh-host-keys.ts, the socket and its handshake watch are in
// ssh-socket.ts, jump hosts pooled in ssh-jump.ts, and every reach past ssh2's public API is in
// ssh2-internals.ts.
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthenticationType, ConnectConfig } from 'ssh2';
import type { HostTarget, JumpHop } from '../../model.js';
import { fingerprintOf, keyTypeOf, knownHostName, type KnownHostsStore } from './known-hosts.js';
import { runCollector } from './exec.js';
import { classifyConnectError, oneLine, SshFailure } from './failure.js';
import { hostKeyAlgorithms } from './host-keys.js';
import { keyLoader } from './keys.js';
import { createJumpPool, type Connection } from './jump.js';
import { endConnection, openTcp, watchHandshake } from './socket.js';
import { declineHostKeyProofs, killRemote, signPublicKeyAtOnce } from './ssh2-internals.js';
import { failedHost, type CollectOptions, type RawHost, type Transport } from '../transport.js';

const { Client } = ssh2;

export interface SshTransportOptions {
  /**
   * Seconds, per hop: the longest the server may stay silent during the TCP connect, the banner,
   * the key exchange and authentication (the whole login is capped at HANDSHAKE_CAP_FACTOR times
   * this). Through a jump host, the whole login of the target must fit in it.
   */
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
  /**
   * The tool's name and version (`campaign-audit/1.2.3`), sent after ssh2's own in the SSH
   * identification string, where RFC 4253 (section 4.2) allows comments: a server's debug log and
   * a network monitor that records client versions can then tell an audit session from a person's.
   * Printable ASCII without spaces, else left out.
   */
  clientName?: string;
}

/** ssh2's own identification (`ssh2js1.17.0`), which a client name follows. */
const SSH2_IDENT = `ssh2js${(createRequire(import.meta.url)('ssh2/package.json') as { version: string }).version}`;

export interface SshTransport extends Transport {
  close(): Promise<void>;
}

/** Where to log in: a target or a jump host (explicit key files; when empty, the default keys are tried). */
type Endpoint = JumpHop;


/** What one login tried and learnt, shared by ssh2's callbacks and the messages built from them. */
interface Login {
  endpoint: Endpoint;
  /** `host` or `host:port`, for messages. */
  where: string;
  /** The known_hosts name of the endpoint (`host` or `[host]:port`). */
  hostKeyName: string;
  /** The methods to try, in order, and how each is named in messages. */
  methods: AnyAuthMethod[];
  tried: string[];
  /** Why a key or the agent could not be used, for the auth-failed message. */
  notes: string[];
  /** The next method to hand to ssh2. */
  next: number;
  /** Set when known_hosts refused the server's key: that, not ssh2's error, is the failure. */
  hostKeyRefusal?: SshFailure;
  /** The methods a server offered once it no longer offered publickey. */
  refusedMethods?: AuthenticationType[];
  log?: ((message: string) => void) | undefined;
}

/** The methods to try, in order: identity files (or default keys), then the agent. */
async function authMethods(endpoint: Endpoint, loadKey: ReturnType<typeof keyLoader>, options: SshTransportOptions): Promise<Pick<Login, 'methods' | 'tried' | 'notes'>> {
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
}

/** ssh2's settings for one login: the host key checked against known_hosts, keys only. */
function loginConfig(login: Login, stream: Duplex, watched: boolean, ident: string | undefined, options: SshTransportOptions): ConnectConfig {
  const { endpoint, hostKeyName, log } = login;
  const config: ConnectConfig = {
    host: endpoint.address,
    port: endpoint.port,
    username: endpoint.user,
    sock: stream,
    // A direct socket is watched for silence (ssh-socket.ts); a channel through a jump host
    // has no byte count to watch, so there the whole login must fit in the connect timeout.
    readyTimeout: watched ? 0 : Math.round(options.connectTimeout * 1000),
    hostVerifier: (key: Buffer, verify: (valid: boolean) => void): void => {
      options.knownHosts.decide(hostKeyName, hostKeyName, key).then(
        (decision) => {
          if (!decision.accept) login.hostKeyRefusal = new SshFailure(decision.status, decision.reason);
          log?.(`host key ${keyTypeOf(key)} ${fingerprintOf(key)} for ${hostKeyName}: ${decision.accept ? (decision.recorded ? 'unknown, recorded (accept-new)' : 'matches known_hosts') : `refused (${decision.reason})`}`);
          verify(decision.accept);
        },
        (error: Error) => {
          login.hostKeyRefusal = new SshFailure('host-key-mismatch', `${error.message}; refusing ${hostKeyName} (${keyTypeOf(key)})`);
          verify(false);
        },
      );
    },
    authHandler: (methodsLeft, _partialSuccess, callback) => {
      // Keys only: when the server no longer offers publickey, stop (never prompt for a password).
      if (methodsLeft && !methodsLeft.includes('publickey')) {
        login.refusedMethods = methodsLeft;
        (callback as (method: AnyAuthMethod | false) => void)(false);
        return;
      }
      (callback as (method: AnyAuthMethod | false) => void)(login.methods[login.next++] ?? false);
    },
  };
  if (ident !== undefined) config.ident = ident;
  const preferred = hostKeyAlgorithms(options.knownHosts.preferredTypes(hostKeyName));
  if (preferred) config.algorithms = { serverHostKey: preferred };
  if (options.debug && log) config.debug = (line: string) => log(`ssh2: ${line}`);
  return config;
}

/** Starts the login and settles once: logged in, or one SshFailure saying why not. */
function awaitLogin(client: InstanceType<typeof Client>, config: ConnectConfig, stream: Duplex, socket: ReturnType<typeof openTcp> | undefined, login: Login, options: SshTransportOptions): Promise<Connection> {
  const { endpoint, where, tried, notes, log } = login;
  return new Promise((resolve, reject) => {
    let settled = false;
    let stopWatch = (): void => undefined;
    const fail = (failure: SshFailure): void => {
      if (settled) return;
      settled = true;
      stopWatch();
      endConnection(client, stream);
      reject(failure);
    };
    client.on('ready', () => {
      if (settled) return;
      settled = true;
      stopWatch();
      log?.(`logged in as ${endpoint.user} on ${where} with ${tried[login.next - 1] ?? 'no method'}`);
      resolve({ client, stream });
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
      if (login.hostKeyRefusal !== undefined) return fail(login.hostKeyRefusal);
      if (error.level === 'client-authentication') {
        const offered = login.refusedMethods ? `; the server only offers ${login.refusedMethods.join(', ')} and campaign-audit uses keys only` : '';
        const what = tried.length > 0 ? ` (tried ${tried.join(', ')})` : ' (no key to try: give --identity, identityFile in the inventory, or run ssh-agent)';
        return fail(new SshFailure('auth-failed', oneLine(`authentication as ${endpoint.user} on ${where} failed${what}${offered}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`)));
      }
      fail(classifyConnectError(error, where, options.connectTimeout));
    });
    client.on('close', () => {
      // Every connection closes, most of them after a good scan: build no Error for those.
      if (settled) return;
      if (login.hostKeyRefusal !== undefined) fail(login.hostKeyRefusal);
      fail(new SshFailure('error', `${where}: connection closed during the SSH handshake`));
    });
    try {
      client.connect(config);
      // A scan never updates known_hosts: no server is asked to prove its other host keys.
      declineHostKeyProofs(client);
      // A key file's login is one signed request, not a query and then the signed request.
      signPublicKeyAtOnce(client);
      if (socket) {
        stopWatch = watchHandshake(socket, options.connectTimeout, where, (failure) => {
          // Nothing to end politely on a server that does not answer.
          stream.destroy();
          fail(failure);
        });
      }
    } catch (error) {
      fail(new SshFailure('error', `${where}: ${(error as Error).message}`));
    }
  });
}

export function createSshTransport(options: SshTransportOptions): SshTransport {
  const loadKey = keyLoader(options.env);
  // The identification string, checked once: printable ASCII without spaces, else ssh2's own.
  const ident = options.clientName !== undefined && /^[\x21-\x7e]{1,64}$/.test(options.clientName) ? `${SSH2_IDENT} ${options.clientName}` : undefined;

  /** Connects and authenticates to one endpoint, over `sock` when going through a jump host. */
  const connect = async (endpoint: Endpoint, sock?: Duplex, log?: (message: string) => void): Promise<Connection> => {
    await options.knownHosts.load().catch((error: Error) => {
      throw new SshFailure('error', error.message);
    });
    const { methods, tried, notes } = await authMethods(endpoint, loadKey, options);
    const hostKeyName = knownHostName(endpoint.address, endpoint.port);
    // Before the socket opens: hashing the name under every salt of a large hashed known_hosts
    // must not stall this handshake's silence watch, nor (it yields) anyone else's.
    await options.knownHosts.prepare(hostKeyName);
    const where = endpoint.port === 22 ? endpoint.address : `${endpoint.address}:${endpoint.port}`;
    const login: Login = { endpoint, where, hostKeyName, methods, tried, notes, next: 0, log };
    const socket = sock === undefined ? openTcp(endpoint.address, endpoint.port) : undefined;
    const stream: Duplex = sock ?? (socket as Duplex);
    log?.(`connecting to ${where} as ${endpoint.user}${sock ? ' through the jump host' : ''}; will try ${tried.length > 0 ? tried.join(', ') : 'no key'}`);
    return awaitLogin(new Client(), loginConfig(login, stream, socket !== undefined, ident, options), stream, socket, login, options);
  };

  const jumps = createJumpPool(connect, options.connectTimeout);

  const collect = async (target: HostTarget, collectOptions: CollectOptions): Promise<RawHost> => {
    const endpoint: Endpoint = {
      label: target.name,
      address: target.address,
      port: target.port ?? 22,
      user: target.user ?? 'root',
      identityFiles: [...new Set([...(target.identityFile !== undefined ? [target.identityFile] : []), ...(target.identityFiles ?? [])])],
    };
    if (target.passphraseEnv !== undefined) endpoint.passphraseEnv = target.passphraseEnv;
    let connection: Connection;
    try {
      const sock = await jumps.channelTo(target.jumpHops ?? [], endpoint.address, endpoint.port);
      connection = await connect(endpoint, sock, collectOptions.log);
    } catch (error) {
      if (error instanceof SshFailure) return failedHost(error.status, error.message);
      throw error;
    }
    try {
      return await runCollector(connection.client, target, collectOptions, killRemote);
    } finally {
      endConnection(connection.client, connection.stream);
    }
  };

  return {
    kind: 'ssh',
    collect,
    close: () => jumps.close(),
  };
}
