import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { PendingHandshakes } from './pending-handshakes';

describe(PendingHandshakes.name, () => {
  let server: Server;
  let accepted: Socket[];
  const clients: Socket[] = [];

  beforeEach(async () => {
    accepted = [];
    server = createServer((socket) => accepted.push(socket.on('error', () => undefined)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    vi.useRealTimers();
    for (const socket of [...clients.splice(0), ...accepted]) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  /** `n` real connections from 127.0.0.1, as the server accepted them. */
  async function rawConnections(n: number): Promise<Socket[]> {
    const before = accepted.length;
    const { port } = server.address() as AddressInfo;
    for (let i = 0; i < n; i++) clients.push(connect(port, '127.0.0.1').on('error', () => undefined));
    while (accepted.length < before + n) await new Promise((resolve) => setTimeout(resolve, 5));
    return accepted.slice(before);
  }

  it('admits as many handshakes from one address as allowed, and one more once one is done', async () => {
    const sut = new PendingHandshakes(2, 100, 60_000);
    const [a, b, c] = await rawConnections(3);
    expect([sut.admit(a), sut.admit(b), sut.admit(c)]).toEqual([true, true, false]);
    sut.secured(a);
    expect(sut.admit(c)).toBe(true);
    expect(sut.size).toBe(2);
  });

  it('forgets a handshake whose connection closed', async () => {
    const sut = new PendingHandshakes(1, 100, 60_000);
    const [a, b] = await rawConnections(2);
    expect(sut.admit(a)).toBe(true);
    expect(sut.admit(b)).toBe(false);
    const closed = new Promise((resolve) => a.once('close', resolve));
    a.destroy();
    await closed;
    expect(sut.admit(b)).toBe(true);
  });

  it('forgets a handshake past its deadline, whatever the sockets say', async () => {
    const sut = new PendingHandshakes(1, 100, 11_000);
    const [a, b] = await rawConnections(2);
    vi.useFakeTimers();
    expect(sut.admit(a)).toBe(true);
    vi.advanceTimersByTime(10_999);
    expect(sut.admit(b)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(sut.size).toBe(0);
    expect(sut.admit(b)).toBe(true);
  });

  it('bounds the handshakes of every address together', async () => {
    const sut = new PendingHandshakes(10, 2, 60_000);
    const [a, b, c] = await rawConnections(3);
    expect([sut.admit(a), sut.admit(b), sut.admit(c)]).toEqual([true, true, false]);
  });
});
