import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MessageFrame } from '@chat/protocol';

import { openRepl } from './support/cli-repl';
import { EdgeProcess } from './support/edge-process';
import { eventually, nextEvent } from './support/events';

describe('terminal client: rooms with IRC habits (protocol.md §12)', () => {
  let edge: EdgeProcess;

  beforeAll(async () => {
    edge = await EdgeProcess.start();
    for (const u of ['alice', 'bob', 'carol']) (await edge.login(u)).close();
  });
  afterAll(() => edge.dispose());

  const as = (user: string) =>
    openRepl([
      '--host',
      '127.0.0.1',
      '--port',
      String(edge.port),
      '--user',
      user,
      '--password',
      `${user}-password`,
    ]);

  it('creates, joins, switches to and chats in a room; /names, /topic, /rooms, /invite, /kickroom, /part', async () => {
    const alice = as('alice');
    const bob = await edge.login('bob');
    const carol = await edge.login('carol');
    try {
      await eventually(() => expect(alice.printed()).toContain('Logged in as alice'), 10_000);
      alice.type('/create #dev Builds and bugs');
      await eventually(() =>
        expect(alice.printed()).toContain(
          'created #dev (1 member, joined) Builds and bugs; plain text now goes there',
        ),
      );
      await bob.request('room.join', { room: '#dev' });
      await eventually(() => expect(alice.printed()).toContain('* bob joined #dev'));

      // Plain text goes to the room now.
      const atBob = nextEvent<MessageFrame>(bob, 'message');
      alice.type('the build is green');
      expect(await atBob).toMatchObject({ kind: 'room', to: '#dev', text: 'the build is green' });
      await eventually(() =>
        expect(alice.printed()).toMatch(/^(?:\(\d+\) )?\[\d\d:\d\d\] #dev you: the build is green$/m),
      );
      await bob.request('send', { to: '#dev', text: 'thanks' });
      await eventually(() =>
        expect(alice.printed()).toMatch(/^(?:\(\d+\) )?\[\d\d:\d\d\] #dev bob: thanks$/m),
      );

      // A file without a recipient goes where plain text goes: to the room, not to everyone.
      const notes = join(mkdtempSync(join(tmpdir(), 'cli-rooms-')), 'notes.txt');
      writeFileSync(notes, 'release checklist');
      const fileAtBob = nextEvent<MessageFrame>(bob, 'message');
      alice.type(`/send ${notes}`);
      expect(await fileAtBob).toMatchObject({ kind: 'room', to: '#dev', file: { name: 'notes.txt' } });
      await eventually(() => expect(alice.printed()).toContain('sent notes.txt (17 B) to #dev'));

      alice.type('/names');
      await eventually(() =>
        expect(alice.printed()).toContain('#dev (2, 2 online): alice*, bob* (* online)'),
      );
      alice.type('/topic Release on Friday');
      await eventually(() =>
        expect(alice.printed()).toContain('* topic of #dev: "Release on Friday" (set by you)'),
      );
      alice.type('/topic');
      await eventually(() => expect(alice.printed()).toContain('topic of #dev: "Release on Friday"'));
      alice.type('/rooms');
      await eventually(() =>
        expect(alice.printed()).toContain('  #dev (2 members, joined) Release on Friday'),
      );

      const invited = nextEvent(carol, 'room.invited');
      alice.type('/invite carol');
      expect(await invited).toMatchObject({ room: '#dev', by: 'alice' });
      await eventually(() => expect(alice.printed()).toContain('invited carol to #dev'));

      const kicked = nextEvent(bob, 'room.kicked');
      alice.type('/kickroom bob too loud');
      expect(await kicked).toMatchObject({ room: '#dev', by: 'alice', reason: 'too loud' });
      await eventually(() => expect(alice.printed()).toContain('* you removed bob from #dev: too loud'));

      // /switch to a user and back; /history of the room.
      const privately = nextEvent<MessageFrame>(bob, 'message');
      alice.type('/query bob');
      alice.type('sorry about that');
      expect(await privately).toMatchObject({ kind: 'private', to: 'bob', text: 'sorry about that' });
      alice.type('/switch #nowhere');
      await eventually(() => expect(alice.printed()).toContain('error NOT_IN_ROOM: You are not in #nowhere'));
      alice.type('/history #dev');
      await eventually(() => expect(alice.printed()).toContain('--- history with #dev: last 3 ---'));

      alice.type('/part #dev');
      await eventually(() => expect(alice.printed()).toContain('left #dev'));
      alice.type('/join #nope');
      await eventually(() =>
        expect(alice.printed()).toContain(
          'error NO_SUCH_ROOM: No such room: #nope; /create #nope [topic] starts it',
        ),
      );
    } finally {
      await alice.stop();
      await bob.close();
      await carol.close();
    }
  }, 30_000);

  it('names its rooms at log-in, and prints events from others in the room', async () => {
    const carol = await edge.login('carol');
    await carol.request('room.create', { room: '#garden', topic: 'Tomatoes' });
    const bob = await edge.login('bob');
    await bob.request('room.join', { room: '#garden' });
    const repl = as('bob');
    try {
      await eventually(() => expect(repl.printed()).toContain('Your rooms: #garden.'), 10_000);
      await carol.request('room.topic', { room: '#garden', topic: 'Peppers now' });
      await eventually(() =>
        expect(repl.printed()).toContain('* topic of #garden: "Peppers now" (set by carol)'),
      );
      repl.type('/switch #garden');
      await eventually(() => expect(repl.printed()).toContain('plain text now goes to #garden'));
      repl.type('/history');
      await eventually(() => expect(repl.printed()).toContain('no messages with #garden yet'));
      await carol.request('room.delete', { room: '#garden' });
      await eventually(() => expect(repl.printed()).toContain('*** #garden was deleted by carol'));
      await eventually(() => expect(repl.printed()).toContain('plain text now goes to everyone'));
    } finally {
      await repl.stop();
      await carol.close();
      await bob.close();
    }
  }, 30_000);
});
