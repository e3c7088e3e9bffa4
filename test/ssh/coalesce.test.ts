// The socket campaign-audit hands to ssh2 sends the packets written in answer to one chunk from
// the server together (src/collect/ssh/socket.ts): corked while the chunk is handled, promise
// callbacks included, and uncorked right after, so nothing waits for a later event.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { openTcp } from '../../src/collect/ssh/socket.js';

describe('openTcp: replies to one chunk go out together', () => {
  let server: Server;
  let port = 0;
  const accepted: Socket[] = [];

  before(async () => {
    server = createServer((socket) => accepted.push(socket));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as { port: number }).port;
  });
  after(() => {
    accepted.forEach((socket) => socket.destroy());
    server.close();
  });

  it('is corked while a chunk is handled and uncorked once its work is done', async () => {
    const socket = openTcp('127.0.0.1', port);
    await once(socket, 'connect');
    const corked: number[] = [];
    const replied = new Promise<void>((resolve) => {
      // Added after openTcp's own listener, as ssh2's is.
      socket.on('data', () => {
        corked.push(socket.writableCorked);
        socket.write('a');
        void Promise.resolve().then(() => {
          corked.push(socket.writableCorked);
          socket.write('b');
          resolve();
        });
      });
    });
    while (accepted.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const peer = accepted[0]!;
    const received: Buffer[] = [];
    peer.on('data', (chunk: Buffer) => received.push(chunk));
    peer.write('x');
    await replied;
    assert.deepEqual(corked, [1, 1]);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(socket.writableCorked, 0);
    while (Buffer.concat(received).length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(Buffer.concat(received).toString(), 'ab');
    socket.destroy();
  });
});
