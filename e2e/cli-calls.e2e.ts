import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openRepl } from './support/cli-repl';
import { EdgeProcess } from './support/edge-process';
import { eventually } from './support/events';

describe('terminal client: calls (protocol.md §11)', () => {
  let edge: EdgeProcess;

  beforeAll(async () => {
    edge = await EdgeProcess.start();
  });
  afterAll(() => edge.dispose());

  it('says who is calling and that it is answered in the web client, then how it ended; /history shows the call', async () => {
    await (await edge.login('bob')).close();
    const alice = await edge.login('alice');
    const repl = openRepl([
      '--host',
      '127.0.0.1',
      '--port',
      String(edge.port),
      '--user',
      'bob',
      '--password',
      'bob-password',
    ]);
    try {
      await eventually(async () => {
        // bob's CLI is online once the edge lists him.
        const who = await alice.request('who', {});
        expect(who.online).toContain('bob');
      }, 10_000);
      const { callId } = await alice.request('call.invite', { to: 'bob', media: 'video' });
      await eventually(() =>
        expect(repl.printed()).toContain('*** alice is calling you (video): answer in the web client'),
      );
      await alice.request('call.hangup', { callId });
      await eventually(() => expect(repl.printed()).toContain('*** Missed video call from alice'));
      await eventually(() =>
        expect(repl.printed()).toMatch(/\] alice → you \(private\): \[Missed video call\]$/m),
      );
      const before = repl.printed().length;
      repl.type('/history alice');
      await eventually(() =>
        expect(repl.printed().slice(before)).toMatch(/alice → you \(private\): \[Missed video call\]/),
      );
    } finally {
      await repl.stop();
      await alice.close();
    }
  }, 30_000);
});
