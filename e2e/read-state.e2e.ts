import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient } from '@chat/protocol';

import { openRepl } from './support/cli-repl';
import { EdgeProcess } from './support/edge-process';
import { eventually, nextEvent } from './support/events';
import { WsPeer } from './support/ws-peer';

type Frame = Record<string, unknown>;

describe('read state: unread counts kept by the server (docs/protocol.md, as built)', () => {
  let edge: EdgeProcess;
  const clients: ChatClient[] = [];
  const login = async (user: string): Promise<ChatClient> => {
    const c = await edge.login(user);
    clients.push(c);
    return c;
  };
  const unreadOf = async (user: string) => {
    const c = await edge.connect();
    clients.push(c);
    return (await c.request('login', { user, password: `${user}-password` })).unread;
  };

  beforeAll(async () => {
    edge = await EdgeProcess.start();
    for (const u of ['alice', 'bob', 'carol']) (await edge.login(u)).close();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await edge.dispose();
  });

  it('counts what arrived since the read mark, in the login reply, the same on every device', async () => {
    const bob = await login('bob');
    const carol = await login('carol');
    await bob.request('send', { to: 'alice', text: 'one' });
    const two = await bob.request('send', { to: 'alice', text: 'two' });
    await carol.request('send', { to: ['alice', 'bob'], text: 'group' });
    await carol.request('send', { to: '*', text: 'to everyone' });
    await carol.request('room.create', { room: '#reads' });
    await carol.request('send', { to: '#reads', text: 'before alice joined' });

    expect(await unreadOf('alice')).toEqual(
      expect.arrayContaining([
        { with: 'bob', count: 2 },
        { with: ['bob', 'carol'], count: 1 },
        { with: '*', count: 1 },
      ]),
    );

    // Read on one device: the other is told, and the next log-in counts from there.
    const phone = await login('alice');
    const laptop = await login('alice');
    const told = nextEvent<Frame>(laptop, 'read');
    expect(await phone.request('read', { with: 'BOB', seq: two.seq })).toEqual({ with: 'bob', seq: two.seq });
    expect(await told).toEqual({ type: 'read', with: 'bob', seq: two.seq });
    // A mark never moves back, nor past the latest message.
    expect(await phone.request('read', { with: 'bob', seq: 1 })).toEqual({ with: 'bob', seq: two.seq });
    expect((await phone.request('read', { with: '*', seq: 10 ** 9 })).seq).toBeLessThan(10 ** 9);
    await laptop.request('room.join', { room: '#reads' });
    const unread = await unreadOf('alice');
    expect(unread.find((u) => u.with === 'bob')).toBeUndefined();
    expect(unread.find((u) => u.with === '*')).toBeUndefined();
    // Joining a room reads its history from before.
    expect(unread.find((u) => u.with === '#reads')).toBeUndefined();
    await carol.request('send', { to: '#reads', text: 'after' });
    expect(await unreadOf('alice')).toContainEqual({ with: '#reads', count: 1 });

    // One's own message reads the conversation.
    await bob.request('send', { to: 'alice', text: 'three' });
    await phone.request('send', { to: 'bob', text: 'answer' });
    expect((await unreadOf('alice')).find((u) => u.with === 'bob')).toBeUndefined();

    await expect(phone.request('read', { with: 'ghost', seq: 1 })).rejects.toMatchObject({
      code: 'NO_SUCH_USER',
    });
    await expect(phone.request('read', { with: '#nowhere', seq: 1 })).rejects.toMatchObject({
      code: 'NO_SUCH_ROOM',
    });
  });

  it('has the terminal client sum up what came while away', async () => {
    const alice = await login('alice');
    await alice.request('send', { to: 'carol', text: 'one' });
    await alice.request('send', { to: 'carol', text: 'two' });
    const repl = openRepl([
      '--host',
      '127.0.0.1',
      '--port',
      String(edge.port),
      '--user',
      'carol',
      '--password',
      'carol-password',
    ]);
    try {
      await eventually(() =>
        expect(repl.printed()).toContain('Unread: 2 new private messages from alice; /history alice'),
      );
    } finally {
      await repl.stop();
    }
  });

  it('speaks the same over WebSocket', async () => {
    const bob = await login('bob');
    const sent = await bob.request('send', { to: 'carol', text: 'hi carol' });
    const web = await WsPeer.open(edge.wsPort);
    web.send({ type: 'login', id: 'l', user: 'carol', password: 'carol-password' });
    expect((await web.reply('l'))['unread']).toContainEqual({ with: 'bob', count: 1 });
    web.send({ type: 'read', id: 'r', with: 'bob', seq: sent.seq });
    expect(await web.reply('r')).toMatchObject({ type: 'ok', with: 'bob', seq: sent.seq });
    web.send({ type: 'read', id: 'x', with: 'bob', seq: 'latest' });
    expect(await web.reply('x')).toMatchObject({ type: 'error', code: 'INVALID' });
    web.ws.close();
  });
});
