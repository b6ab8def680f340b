import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SystemProcess } from '../support/system-process';

interface RankedScore {
  rank: number;
  username: string;
  score: number;
  at: string;
}

interface Scoreboard {
  top: RankedScore[];
  best: RankedScore | null;
}

const ROUTE = '/api/games/snake/scores';

describe('admin API: the Snake leaderboard', () => {
  let sys: SystemProcess;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    sys = await SystemProcess.start();
  });
  afterAll(() => sys?.dispose());

  async function token(user: string): Promise<string> {
    if (!tokens.has(user)) tokens.set(user, await sys.token(user));
    return tokens.get(user)!;
  }

  const post = async (user: string, json: unknown) =>
    sys.request<Scoreboard & { score: number }>('POST', ROUTE, { token: await token(user), json });
  const board = async (user: string) => sys.request<Scoreboard>('GET', ROUTE, { token: await token(user) });

  it('is empty at first: no top, no best', async () => {
    const res = await board('alice');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ top: [], best: null });
  });

  it("answers a posted score with the caller's best and rank, keeping each player's best only", async () => {
    const first = await post('alice', { score: 7 });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      score: 7,
      best: { rank: 1, username: 'alice', score: 7, at: expect.any(String) },
      top: [{ rank: 1, username: 'alice', score: 7, at: first.body.best!.at }],
    });
    expect(Date.parse(first.body.best!.at)).toBeGreaterThan(Date.now() - 60_000);

    expect((await post('bob', { score: 12 })).body.best).toMatchObject({ rank: 1, score: 12 });
    // A lower score later does not replace alice's best, and is not listed a second time.
    const lower = await post('alice', { score: 3 });
    expect(lower.body).toMatchObject({ score: 3, best: { rank: 2, username: 'alice', score: 7 } });
    expect((await post('carol', { score: 7 })).body.best).toMatchObject({ rank: 3, score: 7 });
    expect((await post('dave', { score: 0 })).body.best).toMatchObject({ rank: 4, score: 0 });

    const res = await board('erin');
    expect(res.body.best).toBeNull();
    // Equal scores: alice reached 7 before carol did.
    expect(res.body.top.map((s) => [s.rank, s.username, s.score])).toEqual([
      [1, 'bob', 12],
      [2, 'alice', 7],
      [3, 'carol', 7],
      [4, 'dave', 0],
    ]);
  });

  it('lists the top 10, and tells a player below them their rank', async () => {
    for (let i = 0; i < 10; i++) expect((await post(`player${i}`, { score: 20 + i })).status).toBe(201);
    const res = await board('alice');
    expect(res.body.top).toHaveLength(10);
    expect(res.body.top.map((s) => s.score)).toEqual([29, 28, 27, 26, 25, 24, 23, 22, 21, 20]);
    expect(res.body.top.map((s) => s.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(res.body.best).toMatchObject({ rank: 12, username: 'alice', score: 7 });
  });

  it.each([
    ['no score', {}, 'score must be a whole number'],
    ['a string', { score: '5' }, 'score must be a whole number'],
    ['a fraction', { score: 2.5 }, 'score must be a whole number'],
    ['null', { score: null }, 'score must be a whole number'],
    ['a negative score', { score: -1 }, 'score must not be less than 0'],
    ['too high a score', { score: 100_001 }, 'score must not be greater than 100000'],
    ['an unknown field', { score: 1, level: 3 }, 'property level should not exist'],
  ])('refuses %s with 400 INVALID', async (_name, json, message) => {
    const res = await post('frank', json);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'INVALID', message });
  });

  it('accepts the bounds 0 and 100000', async () => {
    expect((await post('gina', { score: 0 })).status).toBe(201);
    expect((await post('gina', { score: 100_000 })).body.best).toMatchObject({ rank: 1, score: 100_000 });
  });

  it('wants a bearer token on both routes', async () => {
    for (const method of ['GET', 'POST']) {
      const res = await sys.request(method, ROUTE, { json: method === 'POST' ? { score: 1 } : undefined });
      expect(res.status, method).toBe(401);
      expect(res.body, method).toMatchObject({ code: 'NOT_AUTHENTICATED' });
    }
  });

  it('answers 429 RATE_LIMITED after a burst of 10 posts, per user', async () => {
    for (let i = 0; i < 10; i++)
      expect((await post('henry', { score: i })).status, `post ${i + 1}`).toBe(201);
    const limited = await post('henry', { score: 99 });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/^At most 10 scores in a row, then 10 a minute; try again in \d+ s$/),
      retryAfterMs: expect.any(Number),
    });
    expect((limited.body as unknown as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    // The refused score was not counted; another player is not limited; reading is not limited.
    expect((await board('henry')).body.best).toMatchObject({ score: 9 });
    expect((await post('ivy', { score: 1 })).status).toBe(201);
    expect((await board('henry')).status).toBe(200);
  });
});
