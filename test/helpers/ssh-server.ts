// In-process SSH servers (ssh2's Server) for fault cases a real sshd cannot stage on demand:
// a banner that never comes, a banner and then silence, a connection dropped or reset
// mid-output, a command that hangs or never stops printing, a server that freezes after login,
// a sudo that wants a password. The `collector` behaviour runs the command with the local
// `sh -c` in the host's folder, so the real script and quoting run end to end.
import { spawn } from 'node:child_process';
import { connect, createServer, type Server as NetServer, type Socket } from 'node:net';
import ssh2 from 'ssh2';
import type { ParsedKey, ServerChannel } from 'ssh2';
import { pathSalt } from '../../src/collect/frames.js';

const { Server, utils } = ssh2;

export type Behaviour =
  | { kind: 'collector'; cwd: string }
  | { kind: 'drop-mid-output' }
  | { kind: 'reset-mid-output' }
  | { kind: 'output-forever' }
  | { kind: 'hang' }
  | { kind: 'freeze' }
  | { kind: 'sudo-password' };

export interface FakeServer {
  port: number;
  hostKeyType: string;
  hostKey: string;
  knownHostsLine(name?: string): string;
  /** Commands received, in order. */
  commands: string[];
  close(): Promise<void>;
}

function listen(server: NetServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address === 'object' && address) resolve(address.port);
      else reject(new Error('no port'));
    });
  });
}

function tracker(server: NetServer): { sockets: Set<Socket>; close: () => Promise<void> } {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    sockets,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A TCP server that accepts and never says anything (no SSH banner). */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer(() => undefined);
  const { close } = tracker(server);
  return { port: await listen(server), close };
}

/**
 * A TCP server that sends an SSH banner and then nothing: the client's key exchange is never
 * answered. Each connection stays open until close().
 */
export async function startBannerOnlyServer(banner = 'SSH-2.0-OpenSSH_9.2\r\n'): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    socket.write(banner);
  });
  const { close } = tracker(server);
  return { port: await listen(server), close };
}

/**
 * A TCP server that sends one byte of a pre-banner line every `intervalMs` and never a banner
 * (RFC 4253 §4.2 lets a server send other lines before its version): the server is never silent,
 * yet the handshake never ends.
 */
export async function startTricklingServer(intervalMs: number): Promise<{ port: number; close(): Promise<void> }> {
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    const timer = setInterval(() => socket.write('.'), intervalMs);
    timers.add(timer);
    socket.on('close', () => {
      clearInterval(timer);
      timers.delete(timer);
    });
  });
  const { close } = tracker(server);
  return {
    port: await listen(server),
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      await close();
    },
  };
}

/**
 * A TCP proxy to 127.0.0.1:targetPort that holds every chunk the server sends for `delayMs`
 * (in order) before passing it on: a server that answers each step of the handshake, slowly, as
 * a busy one does. What the client sends goes through at once.
 */
export async function startDelayingProxy(targetPort: number, delayMs: number): Promise<{ port: number; close(): Promise<void> }> {
  const upstreams = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    upstreams.add(upstream);
    let queue = Promise.resolve();
    upstream.on('data', (chunk: Buffer) => {
      queue = queue.then(() => new Promise((resolve) => setTimeout(resolve, delayMs))).then(() => {
        if (!client.destroyed) client.write(chunk);
      });
    });
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('close', () => void queue.then(end));
    client.on('close', end);
    upstream.on('error', () => undefined);
    client.on('error', () => undefined);
  });
  const { close } = tracker(server);
  return {
    port: await listen(server),
    close: async () => {
      for (const upstream of upstreams) upstream.destroy();
      await close();
    },
  };
}

/**
 * An ed25519 host key pair that ssh2 can read back: ssh2 1.17's generateKeyPairSync writes about
 * 1 key in 400 that its own parser then refuses ("Malformed OpenSSH private key"), which once
 * failed a whole suite of fault tests in CI.
 */
function ed25519HostKey(): { private: string; public: string } {
  for (let attempt = 0; ; attempt++) {
    const pair = utils.generateKeyPairSync('ed25519');
    if (!(utils.parseKey(pair.private) instanceof Error) || attempt >= 20) return pair;
  }
}

/** An SSH server accepting the given public keys (OpenSSH `.pub` text) for any user. */
export async function startFakeServer(behaviour: Behaviour, authorizedPublicKeys: readonly string[]): Promise<FakeServer> {
  const hostPair = ed25519HostKey();
  const [hostKeyType = '', hostKey = ''] = hostPair.public.split(' ');
  const allowed = authorizedPublicKeys.map((text) => {
    const parsed = utils.parseKey(text);
    if (parsed instanceof Error) throw parsed;
    return (Array.isArray(parsed) ? parsed[0] : parsed) as ParsedKey;
  });
  const commands: string[] = [];
  const ssh = new Server({ hostKeys: [hostPair.private] }, (client) => {
    client.on('error', () => undefined);
    client.on('authentication', (context) => {
      if (context.method !== 'publickey') return context.reject(['publickey']);
      const key = allowed.find((candidate) => candidate.getPublicSSH().equals(context.key.data));
      if (!key) return context.reject(['publickey']);
      if (context.signature && key.verify(context.blob as Buffer, context.signature, context.hashAlgo) !== true) return context.reject(['publickey']);
      context.accept();
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('exec', (acceptExec, _reject, info) => {
          commands.push(info.command);
          const channel = acceptExec();
          run(behaviour, info.command, channel, (how) => {
            for (const socket of sockets) {
              if (how === 'reset') socket.resetAndDestroy();
              else if (how === 'freeze') socket.pause();
              else socket.destroy();
            }
          });
        });
      });
    });
  });
  // Sockets are injected so a test can cut them abruptly (one fake server = one host).
  const tcp = createServer((socket) => ssh.injectSocket(socket));
  const { sockets, close } = tracker(tcp);
  const port = await listen(tcp);
  return {
    port,
    hostKeyType,
    hostKey,
    knownHostsLine: (name = `[127.0.0.1]:${port}`) => `${name} ${hostKeyType} ${hostKey}`,
    commands,
    close,
  };
}

/**
 * What happens to every TCP connection of the server: `close` (a FIN without an SSH goodbye),
 * `reset` (an RST), or `freeze` (the server stops reading and never closes, as a frozen host).
 */
type Cut = (how: 'close' | 'reset' | 'freeze') => void;

/** The header the collector's `head -v` prints before a file of /usr/local/neolane/nl6/conf. */
const headHeader = (marker: string, name: string): string => `==> /usr/local/neolane/nl6/conf/${pathSalt(marker)}${name} <==\n`;

function run(behaviour: Behaviour, command: string, channel: ServerChannel, cut: Cut): void {
  switch (behaviour.kind) {
    case 'collector': {
      const child = spawn('sh', ['-c', command], { cwd: behaviour.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
      channel.pipe(child.stdin);
      child.stdout.pipe(channel, { end: false });
      child.stderr.pipe(channel.stderr, { end: false });
      child.stdin.on('error', () => undefined);
      child.on('close', (code) => {
        channel.exit(code ?? 1);
        channel.end();
      });
      return;
    }
    case 'drop-mid-output': {
      const marker = /'(CA-[0-9a-f]+)'/.exec(command)?.[1] ?? 'CA-?';
      channel.write(`${marker} HELLO 1\n${marker} LIST serverConf.xml\n${marker} READ serverConf.xml\n${marker} BODIES\n${headHeader(marker, 'serverConf.xml')}<serverconf><shared><ims authIMSTA`);
      // Cut the TCP connection once the bytes are out, without any SSH goodbye.
      setTimeout(() => cut('close'), 100);
      return;
    }
    case 'reset-mid-output': {
      // A whole file, then the start of another, then a TCP RST (SO_LINGER 0) as a crashed
      // host or a firewall dropping state sends: no FIN, no SSH close.
      const marker = /'(CA-[0-9a-f]+)'/.exec(command)?.[1] ?? 'CA-?';
      channel.on('data', () => undefined);
      channel.write(`${marker} HELLO 1\n${marker} LIST config-prod.xml\n${marker} LIST serverConf.xml\n${marker} READ serverConf.xml\n${marker} READ config-prod.xml\n${marker} BODIES\n${headHeader(marker, 'serverConf.xml')}<serverconf><shared><ims/></shared></serverconf>\n\n${headHeader(marker, 'config-prod.xml')}<serverconf><shared><ims authIMSTA`);
      setTimeout(() => cut('reset'), 100);
      return;
    }
    case 'output-forever': {
      // A pdump that never ends, sent as fast as the client's window allows, until the channel goes.
      const marker = /'(CA-[0-9a-f]+)'/.exec(command)?.[1] ?? 'CA-?';
      const block = Buffer.from('web@default (2210) - 212.4 MB\n'.repeat(4096));
      let open = true;
      channel.on('data', () => undefined);
      channel.on('close', () => (open = false));
      channel.on('error', () => (open = false));
      channel.write(`${marker} HELLO 1\n${marker} NOCONF\n${marker} PDUMP\n`);
      const pump = (): void => {
        while (open && channel.write(block));
        if (open) channel.once('drain', pump);
      };
      pump();
      return;
    }
    case 'hang':
      channel.on('data', () => undefined);
      return;
    case 'freeze':
      cut('freeze');
      return;
    case 'sudo-password':
      channel.on('data', () => undefined);
      if (/^(exec )?sudo -n /.test(command)) {
        channel.stderr.write('sudo: a password is required\n');
        channel.exit(1);
      } else {
        channel.exit(127);
      }
      channel.end();
      return;
  }
}
