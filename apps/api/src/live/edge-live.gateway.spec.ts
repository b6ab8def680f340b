import { createServer, Server, Socket } from 'node:net';

import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { afterEach, describe, expect, it } from 'vitest';

import { CONTROL_TIMEOUT_MS, EdgeLiveGateway } from './edge-live.gateway';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

/** Real sockets: an edge that is down (nothing listening) and one that is stuck (accepts, never answers). */
describe(EdgeLiveGateway.name, () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  function gatewayTo(port: number): EdgeLiveGateway {
    const client = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port },
    });
    cleanup.push(() => client.close());
    return new EdgeLiveGateway(client, 'key');
  }

  it('answers at once when the edge is down: no one online, no status, moderation calls resolve', async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise((r) => closed.close(r));
    const sut = gatewayTo(port);
    const started = Date.now();
    await expect(sut.online()).resolves.toEqual([]);
    await expect(sut.status()).resolves.toBeNull();
    await expect(sut.broadcast({ type: 'notice', text: 'x' })).resolves.toBeUndefined();
    await expect(sut.disconnectUser('bob', { type: 'kicked', by: 'admin' })).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(CONTROL_TIMEOUT_MS);
  });

  it('gives up on a stuck edge after the control timeout', async () => {
    const sockets: Socket[] = [];
    const stuck = createServer((s) => sockets.push(s));
    const port = await listen(stuck);
    cleanup.push(() => {
      sockets.forEach((s) => s.destroy());
      stuck.close();
    });
    const sut = gatewayTo(port);
    const started = Date.now();
    await expect(sut.sendToUser('bob', { type: 'unmuted' })).resolves.toBe(false);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(CONTROL_TIMEOUT_MS - 50);
    expect(took).toBeLessThan(CONTROL_TIMEOUT_MS + 1_000);
  });
});
