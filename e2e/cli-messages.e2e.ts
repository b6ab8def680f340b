import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MessageFrame, MessageUpdateFrame } from '@chat/protocol';

import { openRepl } from './support/cli-repl';
import { EdgeProcess } from './support/edge-process';
import { collect, eventually, nextEvent } from './support/events';

/** The terminal client's habits of irssi and weechat, and its commands for edits, replies, reactions and search. */
describe('terminal client: /me, numbers, /edit, /delete, /reply, /react, /search, /more', () => {
  let edge: EdgeProcess;

  beforeAll(async () => {
    edge = await EdgeProcess.start();
    for (const u of ['alice', 'bob']) (await edge.login(u)).close();
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

  it('numbers messages on screen and acts on them by number; others see every change', async () => {
    const alice = as('alice');
    const bob = await edge.login('bob');
    const updates = collect<MessageUpdateFrame>(bob, 'message.update');
    try {
      await eventually(() => expect(alice.printed()).toContain('Logged in as alice'), 10_000);
      await bob.request('send', { to: '*', text: 'who deploys today?' });
      await eventually(() =>
        expect(alice.printed()).toMatch(/\((\d+)\) \[\d\d:\d\d\] bob: who deploys today\?/),
      );
      const asked = Number(/\((\d+)\) \[\d\d:\d\d\] bob: who deploys today\?/.exec(alice.printed())![1]);

      const reply = nextEvent<MessageFrame>(bob, 'message');
      alice.type(`/reply ${asked} I do`);
      expect(await reply).toMatchObject({
        text: 'I do',
        replyTo: { from: 'bob', text: 'who deploys today?' },
      });
      await eventually(() => expect(alice.printed()).toContain('↳ in reply to bob: who deploys today?'));

      const action = nextEvent<MessageFrame>(bob, 'message');
      alice.type('/me waves');
      expect(await action).toMatchObject({ text: 'waves', me: true });
      await eventually(() => expect(alice.printed()).toMatch(/\[\d\d:\d\d\] \* you waves/));

      alice.type(`/react ${asked} 👍`);
      await eventually(() =>
        expect(updates.at(-1)).toMatchObject({
          action: 'react',
          reactions: [{ emoji: '👍', users: ['alice'] }],
        }),
      );
      await eventually(() => expect(alice.printed()).toContain(`* (${asked}) reactions: 👍 1 (you)`));
      alice.type(`/react ${asked} -👍`);
      await eventually(() => expect(alice.printed()).toContain(`* (${asked}) no reactions`));

      const typo = await bob.request('send', { to: '*', text: 'teh build is green' });
      await eventually(() => expect(alice.printed()).toContain('bob: teh build is green'));
      await bob.request('edit', { msgId: typo.msgId, text: 'the build is green' });
      await eventually(() => expect(alice.printed()).toMatch(/\* \(\d+\) bob edited: the build is green/));

      // Her own message: edited and deleted by its number.
      alice.type('my typo mesage');
      await eventually(() => expect(alice.printed()).toMatch(/\((\d+)\) \[\d\d:\d\d\] you: my typo mesage/));
      const mine = Number(/\((\d+)\) \[\d\d:\d\d\] you: my typo mesage/.exec(alice.printed())![1]);
      alice.type(`/edit ${mine} my typo message`);
      await eventually(() =>
        expect(updates.at(-1)).toMatchObject({ action: 'edit', text: 'my typo message' }),
      );
      alice.type(`/delete ${mine}`);
      await eventually(() => expect(updates.at(-1)).toMatchObject({ action: 'delete', by: 'alice' }));
      await eventually(() => expect(alice.printed()).toContain(`* (${mine}) deleted by you`));

      // Not hers: refused with the server's reason; and a number nobody has.
      alice.type(`/edit ${asked} mine now`);
      await eventually(() =>
        expect(alice.printed()).toContain('error FORBIDDEN: Only your own messages can be edited'),
      );
      alice.type('/delete 998');
      await eventually(() => expect(alice.printed()).toContain('no message (998) on screen'));
    } finally {
      await bob.close();
      await alice.stop();
    }
  }, 60_000);

  it('/search finds by words with its conversation, and /history pages back with /more', async () => {
    const bob = await edge.login('bob');
    for (let i = 1; i <= 55; i++) await bob.request('send', { to: 'alice', text: `note number ${i}` });
    await bob.request('send', { to: '*', text: 'kubernetes upgrade tonight' });
    const alice = as('alice');
    try {
      await eventually(() => expect(alice.printed()).toContain('Logged in as alice'), 10_000);
      alice.type('/search kubernetes');
      await eventually(() =>
        expect(alice.printed()).toContain('--- 1 found for "kubernetes", newest first ---'),
      );
      expect(alice.printed()).toMatch(/\(\d+\) \[\d\d:\d\d\] bob: kubernetes upgrade tonight/);
      alice.type('/search note from bob in bob');
      await eventually(() => expect(alice.printed()).toContain('found for "note"'));

      alice.type('/history bob');
      await eventually(() =>
        expect(alice.printed()).toContain('--- end of history; /more for earlier ones ---'),
      );
      expect(alice.printed()).toContain('bob → you (private): note number 55');
      alice.type('/more');
      await eventually(() => expect(alice.printed()).toContain('--- history with bob: earlier 5 ---'));
      expect(alice.printed()).toContain('bob → you (private): note number 1');
      alice.type('/more');
      await eventually(() => expect(alice.printed()).toContain('that was the start of the conversation'));
    } finally {
      await bob.close();
      await alice.stop();
    }
  }, 60_000);
});
