import { randomBytes } from 'node:crypto';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ERROR_TABLE, RawFrame } from '@chat/protocol';

import { ADMIN, EdgeProcess } from './support/edge-process';
import { RawSocket } from './support/raw-socket';

/** Every field name a client frame has, so that random frames reach past the first check. */
const FIELDS = [
  'user',
  'password',
  'token',
  'since',
  'to',
  'text',
  'fileId',
  'with',
  'before',
  'limit',
  'name',
  'size',
  'sha256',
  'mime',
  'upload',
  'offset',
  'reason',
  'minutes',
] as const;

const NAMES = ['witness', 'fuzzer', 'admin', 'ghost'];

/** Valid frames of every type but `logout` and the block frames, for the users of this test. */
const TEMPLATES: Record<string, unknown>[] = [
  { type: 'hello' },
  { type: 'register', user: 'newcomer', password: 'newcomer-password' },
  { type: 'login', user: 'fuzzer', password: 'fuzzer-password', since: 0 },
  { type: 'ping' },
  { type: 'who' },
  { type: 'send', to: '*', text: 'hello' },
  { type: 'send', to: 'witness', text: 'psst' },
  { type: 'send', to: ['witness', 'admin'], text: 'both of you' },
  { type: 'history', with: '*', limit: 5 },
  { type: 'history', with: ['witness', 'admin'], before: 10 },
  { type: 'file.offer', name: 'a.txt', size: 3, sha256: 'ab'.repeat(32), mime: 'text/plain' },
  { type: 'file.done', upload: 'u1' },
  { type: 'file.get', fileId: 'f1', offset: 0 },
  { type: 'kick', user: 'ghost', reason: 'x' },
  { type: 'ban', user: 'witness', minutes: 1 },
  { type: 'unban', user: 'witness' },
  { type: 'mute', user: 'ghost', minutes: 0.5, reason: 'x' },
  { type: 'unmute', user: 'witness' },
];

/** Any JSON, or values of the shapes the fields take. */
const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('*', ...NAMES),
  fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 3 }),
  fc.integer({ min: -5, max: 100 }),
  fc.string({ maxLength: 20 }),
);

/** A valid frame as is, or with a field dropped, changed or added, or of a made-up type. */
const randomFrame = fc
  .tuple(
    fc.constantFrom(...TEMPLATES),
    fc.constantFrom('keep', 'drop', 'change', 'add', 'type'),
    fc.constantFrom(...FIELDS),
    fieldValue,
    fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null)),
  )
  .map(([template, how, field, value, id]) => {
    const frame: Record<string, unknown> = { ...template, id };
    const own = Object.keys(template).filter((k) => k !== 'type');
    const pick = own.length ? own[Math.abs(String(value).length) % own.length] : field;
    if (how === 'drop') delete frame[pick];
    if (how === 'change') frame[pick] = value;
    if (how === 'add') frame[field] = value;
    if (how === 'type') frame.type = typeof value === 'string' ? value : 42;
    return frame;
  });

const KNOWN_CODES = new Set(Object.keys(ERROR_TABLE));

/** What the server may say: replies and events with a type, errors with a code from the table. */
function wellFormed(frame: RawFrame): boolean {
  if (typeof frame.type !== 'string') return false;
  return frame.type !== 'error' || KNOWN_CODES.has(String(frame.code));
}

describe('hostile input: the edge answers with error frames and keeps serving', () => {
  let edge: EdgeProcess;

  beforeAll(async () => {
    edge = await EdgeProcess.start();
  });
  afterAll(() => edge.dispose());

  async function loggedIn(user: string, password: string): Promise<RawSocket> {
    const s = await RawSocket.open(edge.port);
    s.send({ type: 'register', id: 'r', user, password });
    await s.reply('r');
    s.send({ type: 'login', id: 'l', user, password });
    expect((await s.reply('l')).type).toBe('ok');
    return s;
  }

  it('random frames of every type, from a user and from an admin, get well-formed answers only', async () => {
    // A witness whose message is acknowledged before the storm and must still be there after.
    const witness = await edge.login('witness');
    const before = await witness.request('send', { to: '*', text: 'before the storm' });

    const sockets = [
      await RawSocket.open(edge.port),
      await loggedIn('fuzzer', 'fuzzer-password'),
      await loggedIn(ADMIN.user, ADMIN.password),
    ];
    const frames = fc.sample(randomFrame, { numRuns: 600, seed: 42 });
    for (const [i, frame] of frames.entries()) {
      const socket = sockets[i % sockets.length];
      if (socket.closed) continue;
      socket.send(frame);
      // A good frame between bad ones keeps the "10 bad frames in a row" rule from closing it.
      socket.send({ type: 'ping' });
    }
    for (const socket of sockets) {
      if (!socket.closed) {
        socket.send({ type: 'ping', id: 'last' });
        await socket.reply('last', 15_000);
      }
    }
    for (const socket of sockets) {
      expect(socket.frames.length).toBeGreaterThan(0);
      expect(socket.frames.filter((f) => !wellFormed(f))).toEqual([]);
      socket.close();
    }

    // Still serving: a new client logs in and sends; the acknowledged message is still stored.
    const after = await edge.login('afterwards');
    const sent = await after.request('send', { to: '*', text: 'after the storm' });
    expect(sent.seq).toBeGreaterThan(before.seq);
    const history = await after.request('history', { with: '*', limit: 200 });
    expect(history.messages.map((m) => m.msgId)).toContain(before.msgId);
    await Promise.all([witness.close(), after.close()]);
  });

  it('random bytes, newlines and half-frames on many connections never take the edge down', async () => {
    const sockets = await Promise.all(Array.from({ length: 20 }, () => RawSocket.open(edge.port)));
    for (const [i, socket] of sockets.entries()) {
      const noise = randomBytes(4096 + i * 512);
      // Some lines end, some do not: a frame cut off mid-way, then the connection goes.
      socket.write(Buffer.concat([noise, Buffer.from(i % 2 ? '\n{"type":"pi' : '\n')]));
    }
    await Promise.all(sockets.map((s) => s.waitFor(() => true, 5_000).catch(() => undefined)));
    for (const socket of sockets) {
      expect(socket.frames.filter((f) => !wellFormed(f))).toEqual([]);
      socket.close();
    }

    const client = await edge.login('still-here');
    await expect(client.request('send', { to: '*', text: 'still serving' })).resolves.toMatchObject({
      seq: expect.any(Number),
    });
    await client.close();
    expect(edge.output).not.toMatch(/Unhandled|uncaught|FATAL/i);
  });
});
