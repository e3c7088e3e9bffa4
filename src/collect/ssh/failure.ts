// How an SSH attempt failed, as a host status and a one-line message without secrets.
import type { HostStatus } from '../../model.js';

/** A failure that decides the host's status; its message is one line, without secrets. */
export class SshFailure extends Error {
  constructor(
    readonly status: HostStatus,
    message: string,
  ) {
    super(message);
  }
}

const UNREACHABLE_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host is down',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
};

export function classifyConnectError(error: Error & { level?: string; code?: string }, where: string, connectTimeout: number): SshFailure {
  // ssh2's own timer runs only through a jump host (ssh-socket.ts watches direct sockets).
  if (error.level === 'client-timeout') return new SshFailure('timeout', `${where}: no SSH login within ${connectTimeout}s`);
  if (error.level === 'client-dns') return new SshFailure('unreachable', `${where}: host name not found`);
  if (error.level === 'client-socket' && error.code !== undefined && UNREACHABLE_CODES[error.code] !== undefined) {
    return new SshFailure('unreachable', `${where}: ${UNREACHABLE_CODES[error.code]}`);
  }
  if (/Connection lost before handshake/.test(error.message)) return new SshFailure('unreachable', `${where}: connection closed before the SSH banner`);
  return new SshFailure('error', oneLine(`${where}: ${error.message}`));
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim().slice(0, 500);
}
