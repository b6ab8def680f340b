import { LIVE_EVENT_TYPES, LiveEventFrame } from '../frames';
import { ChatConnection } from './connection';
import { HeldEvents } from './held-events';
import { SeqTracker } from './seq-tracker';
import { LoginReply, SessionEvents, StopReason } from './session.types';

type Emit = <E extends keyof SessionEvents>(event: E, ...args: SessionEvents[E]) => void;

/** What the feed needs of its session. */
export interface FeedOwner<C> {
  emit: Emit;
  /** Whether the session still uses the connection: a left one's events are dropped. */
  uses(connection: C): boolean;
  /** Kicked or banned: the session stops for good, after the event has gone out. */
  stop(reason: StopReason): void;
}

/**
 * The server's events on their way through a session: held while a login is answered, messages
 * passed on once each (by seq), `online` kept current from the login reply and presence events.
 */
export class EventFeed<C extends ChatConnection> {
  /** Names online (for completion). */
  public readonly online = new Set<string>();
  public readonly seq = new SeqTracker();
  private readonly held = new HeldEvents<C>();

  constructor(private readonly owner: FeedOwner<C>) {}

  public attach(connection: C): void {
    const { owner } = this;
    const relay = (deliver: () => void): void => {
      if (owner.uses(connection)) this.held.pass(connection, deliver);
    };
    connection.on('hello', (f) => relay(() => owner.emit('hello', f)));
    for (const type of LIVE_EVENT_TYPES) {
      connection.on(type, (event: LiveEventFrame) => relay(() => this.pass(event)));
    }
  }

  /** Passes one event on: messages once each; presence kept in `online`; kicked and banned stop the session. */
  private pass(event: LiveEventFrame): void {
    const { owner } = this;
    switch (event.type) {
      case 'message':
        if (this.seq.isNew(event)) owner.emit('message', event);
        return;
      case 'message.update':
        if (this.seq.isNew(event)) owner.emit('message.update', event);
        return;
      case 'presence':
        if (event.status === 'online') this.online.add(event.user);
        else this.online.delete(event.user);
        owner.emit('presence', event);
        return;
      case 'kicked':
        owner.emit('kicked', event);
        owner.stop({ kind: 'kicked', by: event.by, reason: event.reason });
        return;
      case 'banned':
        owner.emit('banned', event);
        owner.stop({ kind: 'banned', by: event.by, reason: event.reason, until: event.until });
        return;
      default:
        (owner.emit as (type: string, frame: LiveEventFrame) => void)(event.type, event);
    }
  }

  /** A login request is out: what comes meanwhile waits for its reply (a `since` replay, often in the same read). */
  public hold(): void {
    this.held.hold();
  }

  /** A login reply taken in: who is online, and where seq starts. */
  public loggedIn(ok: LoginReply, since: number | undefined): void {
    this.seq.loggedIn(since, ok.seq);
    this.online.clear();
    for (const name of ok.online) this.online.add(name);
  }

  /** Lets the held events of the connection in use go, in order. */
  public release(): void {
    this.held.release((connection) => this.owner.uses(connection));
  }

  public clear(): void {
    this.held.clear();
  }

  /** Who is online, as a `who` reply says (after a `presence.many`). */
  public setOnline(names: readonly string[]): void {
    this.online.clear();
    for (const name of names) this.online.add(name);
  }
}
