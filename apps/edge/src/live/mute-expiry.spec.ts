import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { ConnectionRegistry } from '../registry/connection-registry';
import { memoryConnection, MemoryWire, nextTurn } from '../testing/memory-wire';
import { Connection } from '../transport/connection';
import { MuteExpiry } from './mute-expiry';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Over a real registry and Connections. The clock is simulated (setTimeout and Date only, so that
 * connections still flush on setImmediate): nothing here waits for real time.
 */
describe(MuteExpiry.name, () => {
  let registry: ConnectionRegistry<Connection>;
  let sut: MuteExpiry;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    registry = new ConnectionRegistry<Connection>();
    sut = new MuteExpiry(registry);
    registry.subscribe(sut);
  });
  afterEach(() => vi.useRealTimers());

  async function online(username: string): Promise<{ conn: Connection; wire: MemoryWire }> {
    const pair = memoryConnection(username);
    registry.connected(pair.conn);
    await registry.login(pair.conn);
    return pair;
  }

  const inMinutes = (m: number): string => new Date(Date.now() + m * MINUTE).toISOString();

  async function unmutedAfter(wire: MemoryWire, ms: number): Promise<number> {
    vi.advanceTimersByTime(ms);
    await nextTurn();
    return wire.framesOf('unmuted').length;
  }

  it('tells every connection of a muted user `unmuted` when the mute ends, and not before', async () => {
    const laptop = await online('bob');
    const phone = await online('bob');
    sut.observe('bob', { type: 'muted', by: 'admin', until: inMinutes(10) });

    expect(await unmutedAfter(laptop.wire, 10 * MINUTE - 1)).toBe(0);
    expect(await unmutedAfter(laptop.wire, 1)).toBe(1);
    expect(phone.wire.framesOf('unmuted')).toHaveLength(1);
  });

  it('follows the latest mute: a longer one replaces the first, an unmute or a lasting mute disarms', async () => {
    const { wire } = await online('bob');
    sut.observe('bob', { type: 'muted', by: 'admin', until: inMinutes(5) });
    sut.observe('bob', { type: 'muted', by: 'admin', until: inMinutes(20) });
    expect(await unmutedAfter(wire, 10 * MINUTE)).toBe(0);
    expect(await unmutedAfter(wire, 10 * MINUTE)).toBe(1);

    sut.observe('bob', { type: 'muted', by: 'admin', until: inMinutes(5) });
    sut.observe('bob', { type: 'unmuted' });
    sut.endsAt('bob', inMinutes(5));
    sut.observe('bob', { type: 'muted', by: 'admin', until: null });
    expect(await unmutedAfter(wire, DAY)).toBe(1);
  });

  it('arms nothing for a user not online here', async () => {
    sut.observe('bob', { type: 'muted', by: 'admin', until: inMinutes(5) });
    const { wire } = await online('bob');

    expect(await unmutedAfter(wire, 10 * MINUTE)).toBe(0);
  });

  it('forgets the timer when the user leaves, so a later session gets no stray `unmuted`', async () => {
    const first = await online('bob');
    sut.endsAt('bob', inMinutes(5));
    await registry.logout(first.conn);
    const again = await online('bob');

    expect(await unmutedAfter(again.wire, 10 * MINUTE)).toBe(0);
  });

  it('re-arms past setTimeout’s longest delay for a mute of weeks', async () => {
    const { wire } = await online('bob');
    sut.endsAt('bob', new Date(Date.now() + 30 * DAY));

    expect(await unmutedAfter(wire, 29 * DAY)).toBe(0);
    expect(await unmutedAfter(wire, DAY)).toBe(1);
  });
});
