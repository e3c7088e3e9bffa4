// The TCP side of an SSH login: the socket, the watch that decides when a handshake has stalled,
// and the teardown. campaign-audit opens the socket itself and hands it to ssh2, so it can see
// the bytes the server sends (socket.bytesRead) and close the connection without ssh2's internals.
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { SshFailure } from './failure.js';

/**
 * A handshake that keeps going (a server that trickles bytes) ends after this many connect
 * timeouts in all; a server that is silent for one connect timeout ends it sooner.
 */
export const HANDSHAKE_CAP_FACTOR = 6;

/** How long a server has to close its side after we end the connection. */
const CLOSE_GRACE_MS = 1000;

/** A TCP connection to address:port, still connecting; ssh2 takes it as its `sock`. */
export function openTcp(address: string, port: number): Socket {
  const socket = connect({ host: address, port });
  // Nagle off: each small handshake packet would otherwise wait for the previous ACK, a
  // delayed-ACK stall per round trip (about half the time of a lone host on loopback).
  socket.setNoDelay(true);
  coalesceReplies(socket);
  return socket;
}

/**
 * Sends what ssh2 writes in answer to one chunk from the server as one segment. ssh2 writes each
 * SSH packet on its own (NEWKEYS and the service request; the script and its EOF, once the exec
 * request is accepted; the channel close and the disconnect), and with Nagle off each write is a
 * syscall here and a wake-up of the server's sshd there. Corked while the chunk is handled (this
 * listener runs before ssh2's, added first) and uncorked once the work it started, promise
 * callbacks included, is done (setImmediate).
 */
function coalesceReplies(socket: Socket): void {
  let corked = false;
  socket.on('data', () => {
    if (corked) return;
    corked = true;
    socket.cork();
    setImmediate(() => {
      corked = false;
      socket.uncork();
    });
  });
}

/**
 * Watches a handshake on `socket` until the returned stop function is called. The connect timeout
 * is a bound on silence, as OpenSSH's ConnectTimeout bounds the TCP connect and the banner, not
 * on the whole login: the TCP connect, the server's banner and each later step of the key
 * exchange and authentication must come within `seconds` of the previous one. A fleet of
 * servers that are slow because they are busy, each answering step by step, is scanned; a server
 * that stops answering ends within about one timeout. The whole handshake is capped at
 * HANDSHAKE_CAP_FACTOR timeouts.
 *
 * Progress is sampled (socket.bytesRead, a tenth of the timeout apart, at most 1 s), and a stall is
 * confirmed after the event loop has read what already arrived (setImmediate runs after the poll
 * phase), so a client that was itself too busy to read never blames the server.
 */
export function watchHandshake(socket: Socket, seconds: number, where: string, onStall: (failure: SshFailure) => void): () => void {
  const silenceMs = seconds * 1000;
  const capMs = silenceMs * HANDSHAKE_CAP_FACTOR;
  const tickMs = Math.max(10, Math.min(1000, silenceMs / 10));
  const started = performance.now();
  let lastProgress = started;
  let seen = socket.bytesRead;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const onConnect = (): void => {
    lastProgress = performance.now();
  };
  socket.once('connect', onConnect);

  const stop = (): void => {
    stopped = true;
    clearTimeout(timer);
    socket.off('connect', onConnect);
  };

  const stalled = (): SshFailure | undefined => {
    const now = performance.now();
    if (socket.bytesRead !== seen) {
      seen = socket.bytesRead;
      lastProgress = now;
    }
    if (now - started >= capMs) return new SshFailure('timeout', `${where}: no SSH login within ${seconds * HANDSHAKE_CAP_FACTOR}s (the server kept the handshake going)`);
    if (now - lastProgress < silenceMs) return undefined;
    if (socket.connecting) return new SshFailure('timeout', `${where}: no TCP connection within ${seconds}s`);
    if (socket.bytesRead === 0) return new SshFailure('timeout', `${where}: no SSH banner within ${seconds}s`);
    return new SshFailure('timeout', `${where}: SSH handshake stalled (nothing received for ${seconds}s)`);
  };

  // The next look: a tick from now, or the moment the silence would reach the timeout.
  const next = (): void => {
    const due = Math.min(lastProgress + silenceMs, started + capMs) - performance.now();
    timer = setTimeout(tick, Math.max(1, Math.min(tickMs, due)));
  };

  const tick = (): void => {
    if (stopped) return;
    if (stalled() === undefined) {
      next();
      return;
    }
    // Read what is already there before blaming the server.
    setImmediate(() => {
      if (stopped) return;
      const failure = stalled();
      if (failure === undefined) {
        next();
        return;
      }
      stop();
      onStall(failure);
    });
  };
  next();
  return stop;
}

/**
 * Ends a connection politely (SSH disconnect, then a TCP half-close, so a KILL signal sent just
 * before still reaches the server), and cuts the stream if the server has not closed its side
 * within CLOSE_GRACE_MS. A host that froze or fell off the network never answers: its socket
 * would stay open and keep the process alive after the reports are written. ssh2's destroy()
 * does nothing once end() ran (the socket is no longer writable), so the stream we gave ssh2 is
 * destroyed directly.
 */
export function endConnection(client: { end(): unknown }, stream: Duplex): void {
  client.end();
  if (stream.destroyed) return;
  // unref: a socket that is already closing must not hold the process for the grace period.
  const timer = setTimeout(() => stream.destroy(), CLOSE_GRACE_MS).unref();
  stream.once('close', () => clearTimeout(timer));
}
