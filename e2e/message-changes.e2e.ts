import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient, MessageFrame, MessageUpdateFrame } from '@chat/protocol';

import { EdgeProcess } from './support/edge-process';
import { collect, eventually, nextEvent } from './support/events';
import { WsPeer } from './support/ws-peer';

type Frame = Record<string, unknown>;

describe('edits, deletions, reactions, replies, typing, receipts and search (docs/protocol.md, as built)', () => {
  let edge: EdgeProcess;
  const clients: ChatClient[] = [];
  const login = async (user: string, since?: number): Promise<ChatClient> => {
    const c = await edge.login(user, `${user}-password`, since);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    edge = await EdgeProcess.start();
    for (const u of ['alice', 'bob', 'carol', 'dave']) (await edge.login(u)).close();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await edge.dispose();
  });

  it('edits, deletes and reacts as message.update events in the one seq order, live and through since, and history shows the state now', async () => {
    const alice = await login('alice');
    const bob = await login('bob');
    const start = (await alice.request('send', { to: 'bob', text: 'helo bob' })).seq;
    const msgId = (await bob.request('history', { with: 'alice', limit: 1 })).messages[0].msgId;

    const updates = collect<MessageUpdateFrame>(bob, 'message.update');
    const edited = await alice.request('edit', { msgId, text: 'hello bob' });
    expect(edited).toEqual({ msgId, seq: start + 1 });
    const reacted = await bob.request('react', { msgId, emoji: '👍' });
    expect(reacted).toEqual({ msgId, seq: start + 2, reactions: [{ emoji: '👍', users: ['bob'] }] });
    expect(await bob.request('react', { msgId, emoji: '👍' })).toMatchObject({ seq: 0 });
    await alice.request('react', { msgId, emoji: '🎉' });
    await eventually(() => expect(updates).toHaveLength(3));
    expect(updates[0]).toMatchObject({
      type: 'message.update',
      seq: start + 1,
      action: 'edit',
      msgId,
      from: 'alice',
      to: 'bob',
      kind: 'private',
      by: 'alice',
      text: 'hello bob',
    });
    expect(updates[0].edited).toEqual(expect.any(String));
    expect(updates[2]).toMatchObject({
      action: 'react',
      by: 'alice',
      reactions: [
        { emoji: '👍', users: ['bob'] },
        { emoji: '🎉', users: ['alice'] },
      ],
    });

    // A reconnect with since gets the message as it is now, then the changes, in seq order.
    const again = await edge.connect();
    clients.push(again);
    const seen: Frame[] = [];
    again.on('message', (f: Frame) => seen.push(f));
    again.on('message.update', (f: Frame) => seen.push(f));
    await again.request('login', { user: 'bob', password: 'bob-password', since: start - 1 });
    await eventually(() =>
      expect(seen.map((f) => f['seq'])).toEqual([start, start + 1, start + 2, start + 3]),
    );
    expect(seen[0]).toMatchObject({ type: 'message', text: 'hello bob', edited: expect.any(String) });
    expect(seen.slice(1).map((f) => f['action'])).toEqual(['edit', 'react', 'react']);

    const [inHistory] = (await bob.request('history', { with: 'alice', limit: 1 })).messages;
    expect(inHistory).toMatchObject({
      msgId,
      text: 'hello bob',
      reactions: [
        { emoji: '👍', users: ['bob'] },
        { emoji: '🎉', users: ['alice'] },
      ],
    });

    // Changes do not count as unread.
    const fresh = await edge.connect();
    clients.push(fresh);
    const reply = await fresh.request('login', { user: 'bob', password: 'bob-password' });
    expect(reply.unread).toContainEqual({ with: 'alice', count: 1 });
    expect(reply.settings).toEqual({ receipts: true });

    // Rules: only one's own message is edited or deleted; others' messages are not found.
    await expect(bob.request('edit', { msgId, text: 'mine now' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(bob.request('delete', { msgId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const carol = await login('carol');
    await expect(carol.request('react', { msgId, emoji: '👍' })).rejects.toMatchObject({
      code: 'NO_SUCH_MESSAGE',
    });
    await expect(carol.request('edit', { msgId, text: 'x' })).rejects.toMatchObject({
      code: 'NO_SUCH_MESSAGE',
    });
    await expect(bob.request('react', { msgId, emoji: 'ok' })).rejects.toMatchObject({ code: 'INVALID' });
    await expect(alice.request('edit', { msgId, text: '  ' })).rejects.toMatchObject({ code: 'EMPTY' });
    await expect(alice.request('edit', { msgId, text: 'x'.repeat(4001) })).rejects.toMatchObject({
      code: 'TEXT_TOO_LONG',
    });

    const deleted = nextEvent<MessageUpdateFrame>(bob, 'message.update');
    expect((await alice.request('delete', { msgId })).seq).toBeGreaterThan(start + 3);
    expect(await deleted).toMatchObject({ action: 'delete', msgId, deleted: true, by: 'alice' });
    const [gone] = (await bob.request('history', { with: 'alice', limit: 1 })).messages;
    expect(gone).toMatchObject({ msgId, deleted: true });
    expect(gone.text).toBeUndefined();
    expect(gone.reactions).toBeUndefined();
    await expect(alice.request('edit', { msgId, text: 'back' })).rejects.toMatchObject({
      code: 'NO_SUCH_MESSAGE',
    });
  });

  it('answers a message with a quote of it, takes /me actions, and refuses a reply across conversations', async () => {
    const alice = await login('alice');
    const carol = await login('carol');
    await carol.request('room.create', { room: '#answers' });
    await alice.request('room.join', { room: '#answers' });
    const asked = await carol.request('send', { to: '#answers', text: 'who deploys today?' });
    const got = nextEvent<MessageFrame>(carol, 'message');
    await alice.request('send', { to: '#answers', text: 'I do', replyTo: asked.msgId });
    expect(await got).toMatchObject({
      text: 'I do',
      replyTo: { msgId: asked.msgId, seq: asked.seq, from: 'carol', text: 'who deploys today?' },
    });
    const waved = nextEvent<MessageFrame>(carol, 'message');
    await alice.request('send', { to: '#answers', text: 'waves', me: true });
    expect(await waved).toMatchObject({ text: 'waves', me: true });
    await expect(alice.request('send', { to: 'bob', text: 'x', replyTo: asked.msgId })).rejects.toMatchObject(
      {
        code: 'NO_SUCH_MESSAGE',
      },
    );
    // A room's owner deletes any message of the room.
    const mine = await alice.request('send', { to: '#answers', text: 'off topic' });
    await carol.request('delete', { msgId: mine.msgId });
    const history = (await alice.request('history', { with: '#answers' })).messages;
    expect(history.find((m) => m.msgId === mine.msgId)).toMatchObject({ deleted: true });
  });

  it('passes typing on to the others, at most once a second, and a stop', async () => {
    const alice = await login('alice');
    const bob = await login('bob');
    const typing = collect<Frame>(bob, 'typing');
    const mine = collect<Frame>(alice, 'typing');
    await alice.request('typing', { to: 'bob' });
    await alice.request('typing', { to: 'bob' });
    await alice.request('typing', { to: 'bob', stop: true });
    await eventually(() => expect(typing).toHaveLength(2));
    expect(typing).toEqual([
      { type: 'typing', from: 'alice', to: 'bob', kind: 'private' },
      { type: 'typing', from: 'alice', to: 'bob', kind: 'private', stop: true },
    ]);
    await alice.request('typing', { to: ['bob', 'carol'] });
    await eventually(() => expect(typing).toHaveLength(3));
    expect(typing[2]).toEqual({ type: 'typing', from: 'alice', to: ['bob', 'carol'], kind: 'group' });
    expect(mine).toEqual([]);
    await expect(alice.request('typing', { to: 'nobody-here' })).rejects.toMatchObject({
      code: 'NO_SUCH_USER',
    });
  });

  it('sends read receipts to the others of a conversation, unless either turned them off', async () => {
    const alice = await login('alice');
    const dave = await login('dave');
    const sent = await alice.request('send', { to: 'dave', text: 'did you see this?' });
    const receipt = nextEvent<Frame>(alice, 'receipt');
    await dave.request('read', { with: 'alice', seq: sent.seq });
    expect(await receipt).toEqual({ type: 'receipt', with: 'dave', user: 'dave', seq: sent.seq });
    expect(await alice.request('receipts', { with: 'dave' })).toEqual({
      with: 'dave',
      receipts: [{ user: 'dave', seq: sent.seq }],
    });

    expect(await dave.request('settings', { receipts: false })).toEqual({ receipts: false });
    const receipts = collect<Frame>(alice, 'receipt');
    const next = await alice.request('send', { to: 'dave', text: 'and this?' });
    await dave.request('read', { with: 'alice', seq: next.seq });
    expect(await alice.request('receipts', { with: 'dave' })).toEqual({ with: 'dave', receipts: [] });
    // Who turned them off sees nobody's.
    await alice.request('read', { with: 'dave', seq: next.seq });
    expect(await dave.request('receipts', { with: 'alice' })).toEqual({ with: 'alice', receipts: [] });
    await new Promise((r) => setTimeout(r, 300));
    expect(receipts).toEqual([]);
    expect(await dave.request('settings', {})).toEqual({ receipts: false });
    await dave.request('settings', { receipts: true });
    await expect(dave.request('receipts', { with: '*' })).rejects.toMatchObject({ code: 'INVALID' });
  });

  it('searches what the caller may read, newest first, by the text now', async () => {
    const alice = await login('alice');
    const bob = await login('bob');
    await alice.request('send', { to: '*', text: 'Kubernetes upgrade tonight' });
    const secret = await alice.request('send', { to: 'bob', text: 'kubernetes password rotation' });
    const typo = await bob.request('send', { to: '*', text: 'the kubernets dashboard' });
    await bob.request('edit', { msgId: typo.msgId, text: 'the kubernetes dashboard' });

    const carol = await login('carol');
    const forCarol = (await carol.request('search', { q: 'kubernetes' })).messages.map((m) => m.text);
    expect(forCarol).toEqual(['the kubernetes dashboard', 'Kubernetes upgrade tonight']);
    const forBob = (await bob.request('search', { q: 'KUBER' })).messages.map((m) => m.text);
    expect(forBob).toEqual([
      'the kubernetes dashboard',
      'kubernetes password rotation',
      'Kubernetes upgrade tonight',
    ]);
    expect(
      (await bob.request('search', { q: 'kubernetes', with: 'alice' })).messages.map((m) => m.msgId),
    ).toEqual([secret.msgId]);
    expect((await bob.request('search', { q: 'kubernetes', from: 'BOB' })).messages).toHaveLength(1);
    expect(
      (await bob.request('search', { q: 'kubernetes', before: typo.seq, limit: 1 })).messages[0].msgId,
    ).toBe(secret.msgId);
    await expect(bob.request('search', { q: '!!' })).rejects.toMatchObject({ code: 'INVALID' });
    await expect(bob.request('search', { q: 'x', from: 'ghost' })).rejects.toMatchObject({
      code: 'NO_SUCH_USER',
    });
  });

  it('speaks the same over WebSocket', async () => {
    const alice = await login('alice');
    const sent = await alice.request('send', { to: '*', text: 'websocket edit me' });
    const web = await WsPeer.open(edge.wsPort);
    web.send({ type: 'login', id: 'l', user: 'bob', password: 'bob-password' });
    expect(await web.reply('l')).toMatchObject({ type: 'ok', settings: { receipts: true } });
    web.send({ type: 'react', id: 'r', msgId: sent.msgId, emoji: '❤️' });
    expect(await web.reply('r')).toMatchObject({ type: 'ok', reactions: [{ emoji: '❤️', users: ['bob'] }] });
    web.send({ type: 'search', id: 's', q: 'websocket' });
    expect(((await web.reply('s'))['messages'] as Frame[])[0]).toMatchObject({ msgId: sent.msgId });
    web.send({ type: 'edit', id: 'e', msgId: 42 });
    expect(await web.reply('e')).toMatchObject({ type: 'error', code: 'INVALID' });
    await alice.request('edit', { msgId: sent.msgId, text: 'websocket edited' });
    await eventually(() =>
      expect(web.frames.find((f) => f.type === 'message.update' && f['action'] === 'edit')).toMatchObject({
        action: 'edit',
        text: 'websocket edited',
      }),
    );
    web.ws.close();
  });
});
