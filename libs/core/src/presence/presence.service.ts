import { Inject, Injectable } from '@nestjs/common';

import type { OkReplies, PresenceFrame } from '@chat/protocol';

import { LIVE_GATEWAY, LiveGateway } from '../live/live-gateway';

/**
 * Who is online, and telling every logged-in connection when that changes (protocol.md §5). It
 * reads and reaches everyone only through the LiveGateway, so its names and counts span whatever
 * the gateway spans: this process today, every edge behind a Redis-backed gateway.
 */
@Injectable()
export class PresenceService {
  constructor(@Inject(LIVE_GATEWAY) private readonly live: LiveGateway) {}

  /** The sorted names online now, and how many. */
  public async who(): Promise<OkReplies['who']> {
    const online = await this.live.online();
    return { online, count: online.length };
  }

  /** A user's first connection has logged in: everyone hears that the user is online. */
  public arrived(username: string): Promise<void> {
    return this.announce(username, 'online');
  }

  /** A user's last connection has gone: everyone hears that the user is offline. */
  public left(username: string): Promise<void> {
    return this.announce(username, 'offline');
  }

  private async announce(user: string, status: PresenceFrame['status']): Promise<void> {
    const { count } = await this.who();
    await this.live.broadcast({ type: 'presence', user, status, count });
  }
}
