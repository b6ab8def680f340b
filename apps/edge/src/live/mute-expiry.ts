import { encodeFrame, EventFrame } from '@chat/protocol';

import { ConnectionRegistry, SessionListener } from '../registry/connection-registry';

/** setTimeout's longest delay (about 24.8 days); a longer mute re-arms its timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Tells a user's connections here `unmuted` when a timed mute ends by itself. Local on purpose,
 * not behind the LiveGateway: every edge sees the `muted`/`unmuted` events and the log-ins of its
 * own users, so each runs the timers of the users connected to it and its `unmuted` reaches just
 * them. Sent through the gateway, each edge's timer would reach the user on every edge.
 */
export class MuteExpiry implements SessionListener {
  /** One timer per user online here, following the latest `muted`/`unmuted`. */
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly unmuted = encodeFrame({ type: 'unmuted' });

  constructor(private readonly registry: ConnectionRegistry) {}

  /** Follows the mute events that pass on their way to a user's connections. */
  public observe(username: string, frame: EventFrame): void {
    if (frame.type === 'muted') this.endsAt(username, frame.until);
    else if (frame.type === 'unmuted') this.endsAt(username, null);
  }

  /**
   * Arms (or with null disarms) the `unmuted` event for a timed mute of a user online here. Log-in
   * arms it for a mute that already runs.
   */
  public endsAt(username: string, until: string | Date | null): void {
    const key = username.toLowerCase();
    this.disarm(key);
    if (until === null || !this.registry.isOnline(username)) return;
    const ms = new Date(until).getTime() - Date.now();
    if (Number.isNaN(ms)) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(key);
        if (ms > MAX_TIMER_MS) this.endsAt(username, until);
        else for (const conn of this.registry.connectionsOf(username)) conn.sendEvent(this.unmuted);
      },
      Math.max(0, Math.min(ms, MAX_TIMER_MS)),
    );
    timer.unref();
    this.timers.set(key, timer);
  }

  /** A user with no connection left here has no one to tell. */
  public left(username: string): void {
    this.disarm(username.toLowerCase());
  }

  private disarm(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }
}
