// Jump hosts (ProxyJump): one authenticated connection per chain of hops, shared by every target
// behind it for the whole scan, and a direct-tcpip channel through the last hop per target.
import type { Duplex } from 'node:stream';
import type { Client, ClientChannel } from 'ssh2';
import type { JumpHop } from '../../model.js';
import { oneLine, SshFailure } from './failure.js';
import { endConnection } from './socket.js';

/** An authenticated client and the stream it runs on (a TCP socket, or a channel of a jump host). */
export interface Connection {
  client: Client;
  stream: Duplex;
}

/** Logs in to one endpoint, over `sock` when it sits behind a jump host. */
export type Connect = (endpoint: JumpHop, sock?: Duplex) => Promise<Connection>;

export interface JumpPool {
  /** A channel to host:port through `hops` (opened or reused), or undefined when there is no hop. */
  channelTo(hops: readonly JumpHop[], host: string, port: number): Promise<ClientChannel | undefined>;
  /** Ends every pooled connection. */
  close(): Promise<void>;
}

export function createJumpPool(connect: Connect, connectTimeout: number): JumpPool {
  const bastions = new Map<string, Promise<Connection>>();

  /** A direct-tcpip channel from a jump host to host:port, within the connect timeout. */
  const forward = (bastion: Client, host: string, port: number, via: JumpHop): Promise<ClientChannel> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new SshFailure('timeout', `jump host ${via.label} did not reach ${host}:${port} within ${connectTimeout}s`));
      }, connectTimeout * 1000);
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

  /** A pooled, authenticated connection to the last of `hops`, through the ones before it. */
  const openHop = (hops: readonly JumpHop[], index: number): Promise<Connection> => {
    const key = hops
      .slice(0, index + 1)
      .map((hop) => `${hop.user}@${hop.address}:${hop.port}`)
      .join(',');
    const cached = bastions.get(key);
    if (cached) return cached;
    const hop = hops[index] as JumpHop;
    const opening = (async () => {
      const sock = index > 0 ? await forward((await openHop(hops, index - 1)).client, hop.address, hop.port, hops[index - 1] as JumpHop) : undefined;
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
      ({ client }) => {
        client.on('close', () => {
          if (bastions.get(key) === opening) bastions.delete(key);
        });
        client.on('error', () => undefined);
      },
      () => undefined,
    );
    return opening;
  };

  return {
    async channelTo(hops, host, port) {
      const last = hops[hops.length - 1];
      if (last === undefined) return undefined;
      return forward((await openHop(hops, hops.length - 1)).client, host, port, last);
    },
    async close() {
      const open = [...bastions.values()];
      bastions.clear();
      for (const opening of open) {
        const connection = await opening.catch(() => undefined);
        if (connection) endConnection(connection.client, connection.stream);
      }
    },
  };
}
