import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openRepl } from './support/cli-repl';
import { ADMIN, EdgeProcess } from './support/edge-process';
import { eventually, nextEvent } from './support/events';

describe('terminal client: moderation with durations', () => {
  let edge: EdgeProcess;

  beforeAll(async () => {
    edge = await EdgeProcess.start();
  });
  afterAll(() => edge.dispose());

  it('bans for 30m, 2h or 3d; a ban without a duration asks first, and a typo in it bans nobody for ever', async () => {
    const bob = await edge.login('bob');
    const repl = openRepl([
      '--host',
      '127.0.0.1',
      '--port',
      String(edge.port),
      '--user',
      ADMIN.user,
      '--password',
      ADMIN.password,
    ]);
    try {
      await eventually(() => expect(repl.printed()).toContain('Logged in as admin'), 10_000);
      repl.type('/ban bob abc reason');
      await eventually(() =>
        expect(repl.printed()).toContain('Ban bob until it is lifted (reason: abc reason)? y confirms'),
      );
      repl.type('no');
      await eventually(() => expect(repl.printed()).toContain('not banned: cancelled'));
      expect((await bob.request('who', {})).online).toContain('bob');

      repl.type('/mute bob 2w');
      await eventually(() =>
        expect(repl.printed()).toContain('/mute: a duration is a positive number of minutes, or 30m, 2h, 3d'),
      );
      const muted = nextEvent<{ until: string }>(bob, 'muted');
      repl.type('/mute bob 2h flooding');
      const until = Date.parse((await muted).until);
      expect(until).toBeGreaterThan(Date.now() + 119 * 60_000);
      expect(until).toBeLessThan(Date.now() + 121 * 60_000);

      const banned = nextEvent<{ until: string | null }>(bob, 'banned');
      repl.type('/ban bob');
      await eventually(() => expect(repl.printed()).toContain('Ban bob until it is lifted? y confirms'));
      repl.type('y');
      expect((await banned).until).toBeNull();
      await eventually(() => expect(repl.printed()).toContain('banned bob until it is lifted'));
    } finally {
      await repl.stop();
      await bob.close();
    }
  }, 30_000);
});
