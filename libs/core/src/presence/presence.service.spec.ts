import { beforeEach, describe, expect, it } from 'vitest';

import { RecordingLiveGateway } from '../testing/recording-live.gateway';
import { PresenceService } from './presence.service';

describe(PresenceService.name, () => {
  let live: RecordingLiveGateway;
  let sut: PresenceService;

  beforeEach(() => {
    live = new RecordingLiveGateway();
    sut = new PresenceService(live);
  });

  it('answers who with what the gateway has online, and the count', async () => {
    live.onlineNames = ['alice', 'bob', 'carol'];

    await expect(sut.who()).resolves.toEqual({ online: ['alice', 'bob', 'carol'], count: 3 });
  });

  it('broadcasts an arrival with the count the gateway gives, which may span edges', async () => {
    live.onlineNames = ['alice', 'bob', 'on-another-edge'];

    await sut.arrived('bob');

    expect(live.calls).toEqual([
      ['broadcast', { type: 'presence', user: 'bob', status: 'online', count: 3 }],
    ]);
  });

  it('broadcasts a departure with the count left', async () => {
    live.onlineNames = ['alice'];

    await sut.left('bob');

    expect(live.calls).toEqual([
      ['broadcast', { type: 'presence', user: 'bob', status: 'offline', count: 1 }],
    ]);
  });
});
