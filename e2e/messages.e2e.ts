import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient, MessageFrame } from '@chat/protocol';

import { EdgeProcess } from './support/edge-process';
import { collect, eventually, nextEvent } from './support/events';
import { RawSocket } from './support/raw-socket';

describe('messages (protocol.md §4)', () => {
  let edge: EdgeProcess;
  let alice: ChatClient;
  let bob: ChatClient;
  let carol: ChatClient;

  beforeAll(async () => {
    edge = await EdgeProcess.start({ env: { RATE_LIMIT_BURST: '0' } });
    [alice, bob, carol] = await Promise.all([edge.login('alice'), edge.login('bob'), edge.login('carol')]);
  });
  afterAll(async () => {
    await Promise.all([alice, bob, carol].map((c) => c.close()));
    await edge.dispose();
  });

  it('delivers a message to everyone, the sender included, with kind all', async () => {
    const got = [
      nextEvent<MessageFrame>(alice, 'message'),
      nextEvent<MessageFrame>(bob, 'message'),
      nextEvent<MessageFrame>(carol, 'message'),
    ];
    const ok = await alice.request('send', { to: '*', text: 'hello all' });
    expect(ok).toMatchObject({ seq: expect.any(Number), msgId: expect.any(String) });
    expect(new Date(ok.ts).toISOString()).toBe(ok.ts);
    for (const m of await Promise.all(got)) {
      expect(m).toEqual({
        type: 'message',
        seq: ok.seq,
        msgId: ok.msgId,
        ts: ok.ts,
        from: 'alice',
        to: '*',
        kind: 'all',
        text: 'hello all',
      });
    }
  });

  it('delivers a private message only to both parties', async () => {
    const carolSeen = collect<MessageFrame>(carol, 'message');
    const toBob = nextEvent<MessageFrame>(bob, 'message');
    const toAlice = nextEvent<MessageFrame>(alice, 'message');
    const ok = await alice.request('send', { to: 'BOB', text: 'psst' });
    expect(await toBob).toMatchObject({
      seq: ok.seq,
      from: 'alice',
      to: 'bob',
      kind: 'private',
      text: 'psst',
    });
    expect(await toAlice).toMatchObject({ seq: ok.seq, kind: 'private' });
    await carol.request('ping', {});
    await bob.request('ping', {});
    expect(carolSeen).toEqual([]);
  });

  it('delivers a message to a chosen group of users with kind group', async () => {
    const dave = await edge.login('dave');
    const daveSeen = collect<MessageFrame>(dave, 'message');
    const got = [nextEvent<MessageFrame>(bob, 'message'), nextEvent<MessageFrame>(carol, 'message')];
    const ok = await alice.request('send', { to: ['bob', 'Carol', 'bob', 'alice'], text: 'team' });
    for (const m of await Promise.all(got)) {
      expect(m).toMatchObject({
        seq: ok.seq,
        from: 'alice',
        to: ['bob', 'carol'],
        kind: 'group',
        text: 'team',
      });
    }
    await dave.request('ping', {});
    expect(daveSeen).toEqual([]);
    await dave.close();
  });

  it('rejects bad sends with the exact code', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ to: 'nobody', text: 'x' }, 'NO_SUCH_USER'],
      [{ to: ['bob', 'nobody'], text: 'x' }, 'NO_SUCH_USER'],
      [{ to: 'alice', text: 'x' }, 'SELF_MESSAGE'],
      [{ to: ['ALICE'], text: 'x' }, 'SELF_MESSAGE'],
      [{ to: '*', text: 'x'.repeat(4001) }, 'TEXT_TOO_LONG'],
      [{ to: '*', text: '' }, 'EMPTY'],
      [{ to: '*', text: '   ' }, 'EMPTY'],
      [{ to: '*' }, 'EMPTY'],
      [{ to: '*', fileId: 'f_nope' }, 'NO_SUCH_FILE'],
      [{ to: [], text: 'x' }, 'INVALID'],
      [{ to: 5, text: 'x' }, 'INVALID'],
      [{ text: 'x' }, 'INVALID'],
      [{ to: '*', text: 5 }, 'INVALID'],
    ];
    for (const [fields, code] of cases) {
      await expect(
        alice.request('send', fields as never),
        JSON.stringify(fields).slice(0, 80),
      ).rejects.toMatchObject({ code });
    }
    // Everyone gets this one: wait for it, so it cannot land in the next test's counts.
    const delivered = [alice, bob, carol].map((c) => nextEvent<MessageFrame>(c, 'message'));
    await expect(alice.request('send', { to: '*', text: '😀'.repeat(4000) })).resolves.toBeDefined();
    await Promise.all(delivered);
  });

  it('gives strictly increasing seq, and every connection sees messages in that order, under concurrent senders', async () => {
    const senders = [alice, bob, carol];
    const per = 60;
    const views = senders.map((c) => collect<MessageFrame>(c, 'message'));
    const replies = await Promise.all(
      senders.map(async (c, s) => {
        const seqs: number[] = [];
        const pending = [];
        for (let i = 0; i < per; i++) pending.push(c.request('send', { to: '*', text: `s${s}-${i}` }));
        for (const r of await Promise.all(pending)) seqs.push(r.seq);
        return seqs;
      }),
    );
    for (const seqs of replies)
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]);
    expect(new Set(replies.flat()).size).toBe(per * senders.length);
    // Only this test's messages: a '*' message of the test before may still be on its way to bob.
    const ours = (view: MessageFrame[]): MessageFrame[] => view.filter((m) => /^s\d-/.test(m.text ?? ''));
    await eventually(() => views.forEach((v) => expect(ours(v)).toHaveLength(per * senders.length)));
    for (const view of views.map(ours)) {
      const seqs = view.map((m) => m.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      // the first received is the first sent, per sender
      for (let s = 0; s < senders.length; s++) {
        const texts = view.filter((m) => m.text!.startsWith(`s${s}-`)).map((m) => m.text);
        expect(texts).toEqual(Array.from({ length: per }, (_, i) => `s${s}-${i}`));
      }
    }
  });

  it('keeps private and group messages for an offline user, and replays them with since', async () => {
    const first = await edge.login('olga');
    const { seq: before } = await first.request('login', { user: 'olga', password: 'olga-password' });
    await first.close();
    const a = await alice.request('send', { to: 'olga', text: 'while you were out' });
    const g = await bob.request('send', { to: ['olga', 'carol'], text: 'group while out' });
    const all = await carol.request('send', { to: '*', text: 'everyone while out' });
    await alice.request('send', { to: 'bob', text: 'not for olga' });

    const back = await edge.connect();
    const got = collect<MessageFrame>(back, 'message');
    await back.request('login', { user: 'olga', password: 'olga-password', since: before });
    await eventually(() => expect(got.map((m) => m.seq)).toEqual([a.seq, g.seq, all.seq]));
    const live = nextEvent<MessageFrame>(back, 'message');
    const after = await alice.request('send', { to: 'olga', text: 'live now' });
    expect((await live).seq).toBe(after.seq);
    await back.close();
  });

  it('sends the login reply before the replayed messages, and goes live after them', async () => {
    const raw = await RawSocket.open(edge.port);
    await alice.request('send', { to: 'bob', text: 'for replay' });
    raw.send({ type: 'login', id: 'l', user: 'bob', password: 'bob-password', since: 0 });
    const ok = await raw.reply('l');
    await raw.waitFor((f) => f.type === 'message' && f.seq === ok.seq);
    const types = raw.frames.filter((f) => f.type === 'ok' || f.type === 'message');
    expect(types[0]).toMatchObject({ type: 'ok', re: 'l' });
    const seqs = types.slice(1).map((f) => f.seq as number);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    raw.close();
  });

  it('answers history with only the conversations the caller took part in, oldest first, paged by before', async () => {
    const hist = await edge.login('hist1');
    const other = await edge.login('hist2');
    const seqs: number[] = [];
    for (let i = 0; i < 5; i++) seqs.push((await hist.request('send', { to: 'hist2', text: `h${i}` })).seq);
    await other.request('send', { to: 'hist1', text: 'reply' });
    const page = await hist.request('history', { with: 'hist2', limit: 3 });
    expect(page.messages.map((m) => m.text)).toEqual(['h3', 'h4', 'reply']);
    const older = await hist.request('history', { with: 'HIST2', before: page.messages[0].seq, limit: 3 });
    expect(older.messages.map((m) => m.text)).toEqual(['h0', 'h1', 'h2']);
    const stranger = await edge.login('hist3');
    expect((await stranger.request('history', { with: 'hist2' })).messages).toEqual([]);
    const everyone = await hist.request('history', { with: '*', limit: 200 });
    expect(everyone.messages.every((m) => m.kind === 'all')).toBe(true);
    const cases: [Record<string, unknown>, string][] = [
      [{ with: 'nobody' }, 'NO_SUCH_USER'],
      [{ with: 'hist1' }, 'SELF_MESSAGE'],
      [{ with: '*', limit: 0 }, 'INVALID'],
      [{ with: '*', limit: 201 }, 'INVALID'],
      [{ with: '*', before: 'x' }, 'INVALID'],
    ];
    for (const [fields, code] of cases)
      await expect(hist.request('history', fields as never)).rejects.toMatchObject({ code });
    await Promise.all([hist.close(), other.close(), stranger.close()]);
  });

  it('delivers to every connection of a user', async () => {
    const second = await edge.login('bob');
    const both = [nextEvent<MessageFrame>(bob, 'message'), nextEvent<MessageFrame>(second, 'message')];
    const ok = await carol.request('send', { to: 'bob', text: 'two screens' });
    for (const m of await Promise.all(both)) expect(m.seq).toBe(ok.seq);
    await second.close();
  });
});
