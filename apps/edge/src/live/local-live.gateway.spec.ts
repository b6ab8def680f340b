import { beforeEach, describe, expect, it } from 'vitest';

import { Metrics, PresenceService } from '@chat/core';
import type { MessageFrame } from '@chat/protocol';

import { ConnectionRegistry } from '../registry/connection-registry';
import { memoryConnection, MemoryWire, nextTurn } from '../testing/memory-wire';
import { Connection } from '../transport/connection';
import { LocalLiveGateway } from './local-live.gateway';
import { MuteExpiry } from './mute-expiry';

function message(seq: number, kind: MessageFrame['kind'], to: MessageFrame['to']): MessageFrame {
  return { type: 'message', seq, msgId: `m${seq}`, ts: new Date(0).toISOString(), from: 'alice', to, kind };
}

/** The in-process gateway over a real registry and real Connections on in-memory wires. */
describe(LocalLiveGateway.name, () => {
  let registry: ConnectionRegistry<Connection>;
  let sut: LocalLiveGateway;
  let metrics: Metrics;
  const wires: Record<string, MemoryWire> = {};

  beforeEach(async () => {
    registry = new ConnectionRegistry<Connection>();
    metrics = new Metrics();
    sut = new LocalLiveGateway(registry, new MuteExpiry(registry), metrics);
    // Presence as the edge wires it, so that disconnecting shows its effect on the others.
    registry.subscribe(new PresenceService(sut));
    for (const [name, user] of [
      ['alice laptop', 'alice'],
      ['alice phone', 'alice'],
      ['bob', 'bob'],
      ['carol', 'carol'],
      ['anonymous', undefined],
    ] as const) {
      const { conn, wire } = memoryConnection(user);
      registry.connected(conn);
      if (user) await registry.login(conn);
      wires[name] = wire;
    }
    await nextTurn();
    for (const wire of Object.values(wires)) wire.writes.length = 0;
  });

  /** Who got a frame of `type`, by connection. */
  async function receivers(type: string): Promise<string[]> {
    await nextTurn();
    return Object.entries(wires)
      .filter(([, wire]) => wire.framesOf(type).length > 0)
      .map(([name]) => name);
  }

  it('delivers a message to everyone logged in for kind all, in the one Buffer', async () => {
    sut.deliverMessage(message(1, 'all', '*'), []);

    expect(await receivers('message')).toEqual(['alice laptop', 'alice phone', 'bob', 'carol']);
    expect(wires['bob'].writes[0][0]).toBe(wires['carol'].writes[0][0]);
  });

  it('delivers a private or group message to every connection of its participants only', async () => {
    sut.deliverMessage(message(2, 'private', 'bob'), ['alice', 'bob']);
    expect(await receivers('message')).toEqual(['alice laptop', 'alice phone', 'bob']);

    sut.deliverMessage(message(3, 'group', ['BOB', 'carol']), ['BOB', 'carol']);
    await nextTurn();
    expect(wires['carol'].framesOf('message').map((f) => f.seq)).toEqual([3]);
    expect(wires['alice phone'].framesOf('message').map((f) => f.seq)).toEqual([2]);
  });

  it('counts one delivery per connection a message is queued on, rooms included', async () => {
    const deliveries = async (): Promise<number> =>
      (await metrics.registry.getSingleMetric('natter_deliveries_total')!.get()).values[0].value;
    sut.rooms.apply({ room: '#dev', joined: ['alice', 'carol'] });

    sut.deliverMessage(message(4, 'all', '*'), []);
    expect(await deliveries()).toBe(4);
    sut.deliverMessage(message(5, 'private', 'bob'), ['alice', 'bob']);
    expect(await deliveries()).toBe(4 + 3);
    sut.deliverMessage(message(6, 'room', '#dev'), []);
    expect(await deliveries()).toBe(4 + 3 + 3);
    expect(await receivers('message')).toEqual(['alice laptop', 'alice phone', 'bob', 'carol']);
  });

  it('sends an event to every connection of one user', async () => {
    await sut.sendToUser('ALICE', { type: 'notice', text: 'for alice' });

    expect(await receivers('notice')).toEqual(['alice laptop', 'alice phone']);
  });

  it('broadcasts to the logged-in connections, not to those still at the log-in prompt', async () => {
    await sut.broadcast({ type: 'notice', text: 'hello all' });

    expect(await receivers('notice')).toEqual(['alice laptop', 'alice phone', 'bob', 'carol']);
  });

  it('disconnects every connection of one user with a last event, and the others hear them leave', async () => {
    await sut.disconnectUser('alice', { type: 'kicked', by: 'admin' });
    await nextTurn();

    expect(await receivers('kicked')).toEqual(['alice laptop', 'alice phone']);
    expect(wires['alice laptop'].ended && wires['alice phone'].ended).toBe(true);
    expect(registry.isOnline('alice')).toBe(false);
    expect(await receivers('presence')).toEqual(['bob', 'carol']);
    expect(wires['bob'].framesOf('presence')).toEqual([
      { type: 'presence', user: 'alice', status: 'offline', count: 2 },
    ]);
  });

  it('has the offline presence sent by the time disconnectUser resolves', async () => {
    await sut.disconnectUser('bob', { type: 'kicked', by: 'admin' });
    await sut.broadcast({ type: 'notice', text: 'bob was kicked' });
    await nextTurn();

    expect(wires['carol'].frames().map((f) => f.type)).toEqual(['presence', 'notice']);
  });

  it('does nothing to anyone when the user is not online', async () => {
    await sut.disconnectUser('dave', { type: 'kicked', by: 'admin' });
    await sut.sendToUser('dave', { type: 'notice', text: 'x' });

    expect(await receivers('kicked')).toEqual([]);
    expect(await receivers('notice')).toEqual([]);
  });

  it('names who is online here, sorted', async () => {
    await expect(sut.online()).resolves.toEqual(['alice', 'bob', 'carol']);
  });
});
