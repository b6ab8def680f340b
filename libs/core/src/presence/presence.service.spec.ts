import { beforeEach, describe, expect, it } from 'vitest';

import type { EventFrame, MessageFrame } from '@chat/protocol';

import { LiveGateway } from '../live/live-gateway';
import { PresenceService } from './presence.service';

/**
 * The gateway's real implementations live in the apps (the edge's connections, the api's control
 * channel), out of a library's reach: this one records what it is asked and answers `online` with
 * whoever the test says is online anywhere.
 */
class RecordingGateway implements LiveGateway {
  public onlineNames: string[] = [];
  public readonly broadcasts: EventFrame[] = [];

  public deliverMessage(_frame: MessageFrame, _participants: readonly string[]): void {}
  public sendToUser(_username: string, _frame: EventFrame): void {}
  public disconnectUser(_username: string, _frame: EventFrame): void {}

  public broadcast(frame: EventFrame): void {
    this.broadcasts.push(frame);
  }

  public async online(): Promise<string[]> {
    return this.onlineNames;
  }
}

describe(PresenceService.name, () => {
  let live: RecordingGateway;
  let sut: PresenceService;

  beforeEach(() => {
    live = new RecordingGateway();
    sut = new PresenceService(live);
  });

  it('answers who with what the gateway has online, and the count', async () => {
    live.onlineNames = ['alice', 'bob', 'carol'];

    await expect(sut.who()).resolves.toEqual({ online: ['alice', 'bob', 'carol'], count: 3 });
  });

  it('broadcasts an arrival with the count the gateway gives, which may span edges', async () => {
    live.onlineNames = ['alice', 'bob', 'on-another-edge'];

    await sut.arrived('bob');

    expect(live.broadcasts).toEqual([{ type: 'presence', user: 'bob', status: 'online', count: 3 }]);
  });

  it('broadcasts a departure with the count left', async () => {
    live.onlineNames = ['alice'];

    await sut.left('bob');

    expect(live.broadcasts).toEqual([{ type: 'presence', user: 'bob', status: 'offline', count: 1 }]);
  });
});
