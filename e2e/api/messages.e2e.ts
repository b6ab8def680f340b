import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient, MessageFrame } from '@chat/protocol';

import { SystemProcess } from '../support/system-process';

describe('admin API: GET /api/messages (history, as the protocol)', () => {
  let sys: SystemProcess;
  let alice: ChatClient;
  let bob: ChatClient;
  let token: string;
  const seqs: Record<string, number> = {};

  beforeAll(async () => {
    sys = await SystemProcess.start();
    await sys.token('carol');
    alice = await sys.tcp('alice');
    bob = await sys.tcp('bob');
    token = await sys.token('alice', 'alice-password');
    for (const [key, to, text] of [
      ['all1', '*', 'hello all'],
      ['p1', 'bob', 'hi bob'],
      ['g1', ['bob', 'carol'], 'hi group'],
      ['p2', 'bob', 'again bob'],
      ['all2', '*', 'bye all'],
    ] as const) {
      seqs[key] = (await alice.request('send', { to: to as string | string[], text })).seq;
    }
    await bob.request('send', { to: 'alice', text: 'hi alice' }).then((r) => (seqs.p3 = r.seq));
  });
  afterAll(async () => {
    await Promise.all([alice?.close(), bob?.close()]);
    await sys?.dispose();
  });

  const history = (query: string, as = token) =>
    sys.request<{ messages: MessageFrame[] }>('GET', `/api/messages?${query}`, { token: as });

  it('with=* answers the group chat, oldest first, as the protocol', async () => {
    const res = await history('with=*');
    expect(res.status).toBe(200);
    expect(res.body.messages.map((m) => m.text)).toEqual(['hello all', 'bye all']);
    const tcp = await alice.request('history', { with: '*' });
    expect(res.body.messages).toEqual(tcp.messages);
  });

  it('with=NAME answers the private conversation, both directions, in any case', async () => {
    const res = await history('with=BOB');
    expect(res.body.messages.map((m) => [m.from, m.text, m.kind])).toEqual([
      ['alice', 'hi bob', 'private'],
      ['alice', 'again bob', 'private'],
      ['bob', 'hi alice', 'private'],
    ]);
  });

  it('with=a,b answers that group conversation', async () => {
    const res = await history('with=carol,bob');
    expect(res.body.messages).toMatchObject([
      { kind: 'group', text: 'hi group', to: ['bob', 'carol'], seq: seqs.g1 },
    ]);
    expect((await alice.request('history', { with: ['bob', 'carol'] })).messages).toEqual(res.body.messages);
  });

  it('pages with before and limit', async () => {
    const last = await history('with=bob&limit=1');
    expect(last.body.messages.map((m) => m.seq)).toEqual([seqs.p3]);
    const before = await history(`with=bob&before=${seqs.p3}&limit=10`);
    expect(before.body.messages.map((m) => m.seq)).toEqual([seqs.p1, seqs.p2]);
  });

  it('answers only conversations the caller takes part in', async () => {
    const carol = await sys.token('carol');
    expect((await history('with=bob', carol)).body.messages).toEqual([]);
    expect((await history('with=alice,bob', carol)).body.messages.map((m) => m.text)).toEqual(['hi group']);
  });

  it.each([
    ['no with', '', 400, 'INVALID', /^with must be a string$/],
    ['an empty with', 'with=', 400, 'INVALID', /^with should not be empty$/],
    [
      'an empty name in the list',
      'with=bob,,carol',
      400,
      'INVALID',
      /^with must be \*, a user name, comma-separated user names, or a room$/,
    ],
    ['limit=0', 'with=*&limit=0', 400, 'INVALID', /^limit must not be less than 1$/],
    ['limit=201', 'with=*&limit=201', 400, 'INVALID', /^limit must not be greater than 200$/],
    ['before=-1', 'with=*&before=-1', 400, 'INVALID', /^before must not be less than 0$/],
    ['before=abc', 'with=*&before=abc', 400, 'INVALID', /^before must be an integer number$/],
    ['an unknown parameter', 'with=*&since=3', 400, 'INVALID', /^property since should not exist$/],
    ['only oneself', 'with=alice', 400, 'SELF_MESSAGE', /only to yourself/],
    ['an unknown user', 'with=ghost', 404, 'NO_SUCH_USER', /^No such user: ghost$/],
    ['an unknown user in a group', 'with=bob,ghost', 404, 'NO_SUCH_USER', /ghost/],
  ])('refuses %s: %i %s', async (_case, query, status, code, message) => {
    const res = await history(query);
    expect(res).toMatchObject({ status, body: { statusCode: status, code } });
    expect(res.body).toHaveProperty('message');
    expect((res.body as unknown as { message: string }).message).toMatch(message);
  });

  it('GET /api/search finds what the caller may read, with the filters of the search frame', async () => {
    const search = (query: string, as = token) =>
      sys.request<{ messages: MessageFrame[] }>('GET', `/api/search?${query}`, { token: as });
    expect((await search('q=hi')).body.messages.map((m) => m.text)).toEqual([
      'hi alice',
      'hi group',
      'hi bob',
    ]);
    expect((await search('q=hi&with=bob')).body.messages.map((m) => m.seq)).toEqual([seqs.p3, seqs.p1]);
    expect((await search('q=hi&from=BOB')).body.messages.map((m) => m.seq)).toEqual([seqs.p3]);
    expect((await search(`q=hi&before=${seqs.p3}&limit=1`)).body.messages.map((m) => m.seq)).toEqual([
      seqs.g1,
    ]);
    const carol = await sys.token('carol');
    expect((await search('q=bob', carol)).body.messages).toEqual([]);
    expect((await search('q=al', carol)).body.messages.map((m) => m.text)).toEqual(['bye all', 'hello all']);
    expect((await search('q=%21%21')).body).toMatchObject({ statusCode: 400, code: 'INVALID' });
    expect((await search('q=')).body).toMatchObject({ statusCode: 400, code: 'INVALID' });
    expect((await search('q=hi&limit=51')).body).toMatchObject({ statusCode: 400 });
    expect((await sys.request('GET', '/api/search?q=hi')).status).toBe(401);
  });
});
