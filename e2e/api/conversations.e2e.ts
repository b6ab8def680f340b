import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient, MessageFrame } from '@chat/protocol';

import { SystemProcess } from '../support/system-process';

interface Conversation {
  kind: 'private' | 'group';
  with: string | string[];
  last: MessageFrame;
}

describe("admin API: GET /api/conversations (the caller's conversation list)", () => {
  let sys: SystemProcess;
  let alice: ChatClient;
  let bob: ChatClient;
  let carol: ChatClient;
  const tokens: Record<string, string> = {};
  const seqs: Record<string, number> = {};

  beforeAll(async () => {
    sys = await SystemProcess.start();
    tokens.Erin = await sys.token('Erin');
    tokens.dave = await sys.token('dave');
    alice = await sys.tcp('alice');
    bob = await sys.tcp('bob');
    carol = await sys.tcp('carol');
    for (const [key, from, to, text] of [
      ['all', alice, '*', 'hello all'],
      ['aliceBob', alice, 'bob', 'hi bob'],
      ['group', alice, ['bob', 'carol'], 'hi group'],
      ['aliceErin', alice, 'erin', 'hi erin'],
      ['bobAlice', bob, 'ALICE', 'hi alice'],
      ['carolBob', carol, 'bob', 'hi bob, from carol'],
    ] as const) {
      seqs[key] = (await from.request('send', { to: to as string | string[], text })).seq;
    }
    for (const user of ['alice', 'bob', 'carol']) tokens[user] = await sys.token(user);
  });
  afterAll(async () => {
    await Promise.all([alice?.close(), bob?.close(), carol?.close()]);
    await sys?.dispose();
  });

  const conversations = (as: string | undefined, query = '') =>
    sys.request<{ conversations: Conversation[] }>('GET', `/api/conversations${query}`, { token: as });
  const summary = (list: Conversation[]) => list.map((c) => [c.kind, c.with, c.last.seq]);

  it('lists private and group conversations sent over TCP, newest first, with canonical names', async () => {
    const res = await conversations(tokens.alice);
    expect(res.status).toBe(200);
    expect(summary(res.body.conversations)).toEqual([
      ['private', 'bob', seqs.bobAlice],
      ['private', 'Erin', seqs.aliceErin],
      ['group', ['bob', 'carol'], seqs.group],
    ]);
  });

  it('gives the last message as the history route gives it', async () => {
    const [withBob] = (await conversations(tokens.alice)).body.conversations;
    const history = await sys.request<{ messages: MessageFrame[] }>('GET', '/api/messages?with=bob&limit=1', {
      token: tokens.alice,
    });
    expect(withBob.last).toEqual(history.body.messages[0]);
    expect(withBob.last).toMatchObject({ type: 'message', from: 'bob', to: 'alice', text: 'hi alice' });
  });

  it('shows each user only the conversations they take part in', async () => {
    expect(summary((await conversations(tokens.bob)).body.conversations)).toEqual([
      ['private', 'carol', seqs.carolBob],
      ['private', 'alice', seqs.bobAlice],
      ['group', ['alice', 'carol'], seqs.group],
    ]);
    expect(summary((await conversations(tokens.carol)).body.conversations)).toEqual([
      ['private', 'bob', seqs.carolBob],
      ['group', ['alice', 'bob'], seqs.group],
    ]);
    expect(summary((await conversations(tokens.Erin)).body.conversations)).toEqual([
      ['private', 'alice', seqs.aliceErin],
    ]);
    expect((await conversations(tokens.dave)).body).toEqual({ conversations: [] });
  });

  it('gives at most limit conversations, the most recent', async () => {
    const res = await conversations(tokens.alice, '?limit=2');
    expect(summary(res.body.conversations)).toEqual([
      ['private', 'bob', seqs.bobAlice],
      ['private', 'Erin', seqs.aliceErin],
    ]);
  });

  it.each([
    ['no token', undefined, 'NOT_AUTHENTICATED'],
    ['a token that is no JWT', 'not-a-jwt', 'BAD_CREDENTIALS'],
  ])('refuses %s: 401 %s', async (_case, token, code) => {
    const res = await conversations(token);
    expect(res).toMatchObject({ status: 401, body: { statusCode: 401, code } });
  });

  it.each([
    ['limit=0', '?limit=0', /^limit must not be less than 1$/],
    ['limit=201', '?limit=201', /^limit must not be greater than 200$/],
    ['limit=1.5', '?limit=1.5', /^limit must be an integer number$/],
    ['limit=abc', '?limit=abc', /^limit must be an integer number$/],
    ['an unknown parameter', '?with=bob', /^property with should not exist$/],
  ])('refuses %s: 400 INVALID', async (_case, query, message) => {
    const res = await conversations(tokens.alice, query);
    expect(res).toMatchObject({ status: 400, body: { statusCode: 400, code: 'INVALID' } });
    expect((res.body as unknown as { message: string }).message).toMatch(message);
  });
});
