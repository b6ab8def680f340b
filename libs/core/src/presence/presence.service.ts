import { Inject, Injectable } from '@nestjs/common';

import {
  OkReplies,
  PRESENCE_BATCH_MAX,
  PRESENCE_WINDOW_MS,
  PresenceFrame,
  PresenceManyFrame,
} from '@chat/protocol';

import { LIVE_GATEWAY, LiveGateway } from '../live/live-gateway';

interface PendingChange {
  user: string;
  status: PresenceFrame['status'];
}

/**
 * Who is online, and telling every logged-in connection when that changes (protocol.md §5). It
 * reads and reaches everyone only through the LiveGateway, so its names and counts span whatever
 * the gateway spans: this process today, every edge behind a Redis-backed gateway.
 *
 * Changes are coalesced: at most one flush per PRESENCE_WINDOW_MS (the first after a quiet spell
 * goes out at once), a user who came and went within it cancels out, and a flush of more than
 * PRESENCE_BATCH_MAX changes is one `presence.many` for everyone instead of one event each. A
 * storm of N log-ins so costs O(N) events in all, not N for every connection.
 */
@Injectable()
export class PresenceService {
  /** Changes since the last flush, by lower-cased name: the latest status of each. */
  private readonly pending = new Map<string, PendingChange>();
  private next: Promise<void> | null = null;
  private lastFlushAt = 0;
  /** PRESENCE_WINDOW_MS; tests of other things may shorten it. */
  public windowMs = PRESENCE_WINDOW_MS;

  constructor(@Inject(LIVE_GATEWAY) private readonly live: LiveGateway) {}

  /** The sorted names online now, and how many. */
  public async who(): Promise<OkReplies['who']> {
    const online = await this.live.online();
    return { online, count: online.length };
  }

  /** A user's first connection has logged in: everyone hears that the user is online (resolves once told). */
  public arrived(username: string): Promise<void> {
    return this.change(username, 'online');
  }

  /** A user's last connection has gone: everyone hears that the user is offline (resolves once told). */
  public left(username: string): Promise<void> {
    return this.change(username, 'offline');
  }

  private change(user: string, status: PresenceFrame['status']): Promise<void> {
    const key = user.toLowerCase();
    const earlier = this.pending.get(key);
    // Came and went (or went and came back) within one window: nobody needs to hear of it.
    if (earlier && earlier.status !== status) this.pending.delete(key);
    else this.pending.set(key, { user, status });
    this.next ??= new Promise<void>((resolve, reject) => {
      const run = (): void => {
        this.next = null;
        this.flush().then(resolve, reject);
      };
      const wait = this.lastFlushAt + this.windowMs - Date.now();
      if (wait > 0) setTimeout(run, wait).unref?.();
      else setImmediate(run);
    });
    return this.next;
  }

  /** Resolves once the changes so far have been told. */
  public flushed(): Promise<void> {
    return this.next ?? Promise.resolve();
  }

  private async flush(): Promise<void> {
    this.lastFlushAt = Date.now();
    const changes = [...this.pending.values()];
    this.pending.clear();
    if (changes.length === 0) return;
    const count = (await this.live.online()).length;
    if (changes.length > PRESENCE_BATCH_MAX) {
      const arrived = changes.filter((c) => c.status === 'online').length;
      const many: PresenceManyFrame = {
        type: 'presence.many',
        count,
        arrived,
        left: changes.length - arrived,
      };
      await this.live.broadcast(many);
      return;
    }
    for (const { user, status } of changes)
      await this.live.broadcast({ type: 'presence', user, status, count });
  }
}
