import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { LiveEdge } from '../testing/live-edge';
import { memoryConnection, MemoryWire, nextTurn } from '../testing/memory-wire';
import { Connection } from '../transport/connection';
import { PresenceFrameHandler } from './presence.frame.handler';

/** `who` and presence events over the edge's real live side: registry, gateway, PresenceService. */
describe(PresenceFrameHandler.name, () => {
  let edge: LiveEdge;
  let sut: PresenceFrameHandler;

  beforeEach(async () => {
    edge = await LiveEdge.open();
    sut = new PresenceFrameHandler(edge.presence);
  });
  afterEach(() => edge.close());

  async function logIn(username: string): Promise<{ conn: Connection; wire: MemoryWire }> {
    const pair = memoryConnection(username);
    edge.registry.connected(pair.conn);
    await edge.registry.login(pair.conn);
    await nextTurn();
    return pair;
  }

  it('answers who with the sorted names online and their count, each user once', async () => {
    await logIn('carol');
    await logIn('Bob');
    await logIn('carol');
    edge.registry.connected(memoryConnection().conn);

    await expect(sut.who()).resolves.toEqual({ online: ['Bob', 'carol'], count: 2 });
  });

  it('tells every logged-in connection of a user arriving, with the new count, once per user', async () => {
    const watcher = await logIn('alice');
    const anonymous = memoryConnection();
    edge.registry.connected(anonymous.conn);

    const bob = await logIn('bob');
    await logIn('bob');

    expect(watcher.wire.framesOf('presence')).toEqual([
      { type: 'presence', user: 'alice', status: 'online', count: 1 },
      { type: 'presence', user: 'bob', status: 'online', count: 2 },
    ]);
    expect(bob.wire.framesOf('presence')).toEqual([
      { type: 'presence', user: 'bob', status: 'online', count: 2 },
    ]);
    expect(anonymous.wire.frames()).toEqual([]);
  });

  it('tells of a user leaving only when their last connection goes', async () => {
    const watcher = await logIn('alice');
    const laptop = await logIn('bob');
    const phone = await logIn('bob');
    watcher.wire.writes.length = 0;

    await edge.registry.disconnected(laptop.conn);
    await nextTurn();
    expect(watcher.wire.frames()).toEqual([]);
    await expect(sut.who()).resolves.toEqual({ online: ['alice', 'bob'], count: 2 });

    await edge.registry.disconnected(phone.conn);
    await nextTurn();
    expect(watcher.wire.frames()).toEqual([{ type: 'presence', user: 'bob', status: 'offline', count: 1 }]);
    await expect(sut.who()).resolves.toEqual({ online: ['alice'], count: 1 });
  });
});
