import { beforeEach, describe, expect, it } from 'vitest';

import { memoryConnection } from '../testing/memory-wire';
import { Connection } from '../transport/connection';
import { ConnectionRegistry, SessionListener } from './connection-registry';

/** Records what the registry tells, and what it had in it at that moment. */
class RecordingListener implements SessionListener {
  public readonly told: string[] = [];

  constructor(private readonly registry: ConnectionRegistry<Connection>) {}

  public arrived(username: string): void {
    this.told.push(`arrived ${username} (${this.registry.onlineNames().join(',')})`);
  }

  public left(username: string): void {
    this.told.push(`left ${username} (${this.registry.onlineNames().join(',')})`);
  }
}

describe(ConnectionRegistry.name, () => {
  let sut: ConnectionRegistry<Connection>;
  let listener: RecordingListener;

  beforeEach(() => {
    sut = new ConnectionRegistry<Connection>();
    listener = new RecordingListener(sut);
    sut.subscribe(listener);
  });

  /** A connection, connected and (with a name) logged in. */
  async function connection(username?: string): Promise<Connection> {
    const { conn } = memoryConnection(username);
    sut.connected(conn);
    if (username) await sut.login(conn);
    return conn;
  }

  it('tells of a user arriving on their first connection only, with the user already counted', async () => {
    const laptop = await connection('alice');
    const phone = await connection('alice');

    expect(listener.told).toEqual(['arrived alice (alice)']);
    expect(sut.connectionsOf('alice')).toEqual(new Set([laptop, phone]));
    expect(sut.onlineCount).toBe(1);
    expect(sut.connectionCount).toBe(2);
  });

  it('tells of a user leaving when their last connection goes, not before, with the user gone', async () => {
    const laptop = await connection('alice');
    const phone = await connection('alice');
    await connection('bob');

    await sut.logout(laptop);
    expect(listener.told).toEqual(['arrived alice (alice)', 'arrived bob (alice,bob)']);
    expect(sut.isOnline('alice')).toBe(true);

    await sut.disconnected(phone);
    expect(listener.told.at(-1)).toBe('left alice (bob)');
    expect(sut.isOnline('alice')).toBe(false);
    expect(sut.onlineCount).toBe(1);
  });

  it('counts a connection that never logged in, and tells nothing of it', async () => {
    const anonymous = await connection();
    expect(sut.connectionCount).toBe(1);
    expect(sut.onlineCount).toBe(0);

    await sut.logout(anonymous);
    await sut.disconnected(anonymous);

    expect(sut.connectionCount).toBe(0);
    expect(listener.told).toEqual([]);
  });

  it('tells of leaving once, however often the last connection is logged out', async () => {
    const conn = await connection('alice');
    await sut.logout(conn);
    await sut.logout(conn);
    await sut.disconnected(conn);

    expect(listener.told.filter((t) => t.startsWith('left'))).toEqual(['left alice ()']);
  });

  it('knows users without regard to case, and lists them sorted the same way', async () => {
    const carol = await connection('carol');
    await connection('Bob');
    await connection('alice');

    expect(sut.connectionsOf('CAROL')).toEqual(new Set([carol]));
    expect(sut.isOnline('bob')).toBe(true);
    expect(sut.onlineNames()).toEqual(['alice', 'Bob', 'carol']);
  });

  it('keeps every connection, and only the logged-in ones among the logged in', async () => {
    const anonymous = await connection();
    const alice = await connection('alice');
    const bob = await connection('bob');

    expect(new Set(sut.connections())).toEqual(new Set([anonymous, alice, bob]));
    expect(sut.loggedInConnections()).toEqual(new Set([alice, bob]));

    await sut.logout(bob);
    expect(sut.loggedInConnections()).toEqual(new Set([alice]));
    expect(new Set(sut.connections())).toEqual(new Set([anonymous, alice, bob]));
  });

  it('starts every listener at once and resolves when all are done', async () => {
    const order: string[] = [];
    let finishSlow!: () => void;
    sut.subscribe({
      arrived: () =>
        new Promise<void>((resolve) => {
          order.push('slow started');
          finishSlow = resolve;
        }),
    });
    sut.subscribe({ arrived: () => void order.push('quick started') });
    const { conn } = memoryConnection('alice');
    let resolved = false;

    const login = sut.login(conn).then(() => (resolved = true));
    expect(order).toEqual(['slow started', 'quick started']);
    await Promise.resolve();
    expect(resolved).toBe(false);

    finishSlow();
    await login;
    expect(resolved).toBe(true);
  });
});
