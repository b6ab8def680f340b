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
    connection.on('message', (m) =>
      relay(() => {
        if (this.seq.isNew(m)) owner.emit('message', m);
      }),
    );
    connection.on('presence', (p) =>
      relay(() => {
        if (p.status === 'online') this.online.add(p.user);
        else this.online.delete(p.user);
        owner.emit('presence', p);
      }),
    );
    connection.on('notice', (n) => relay(() => owner.emit('notice', n)));
    connection.on('muted', (m) => relay(() => owner.emit('muted', m)));
    connection.on('unmuted', (u) => relay(() => owner.emit('unmuted', u)));
    connection.on('kicked', (k) =>
      relay(() => {
        owner.emit('kicked', k);
        owner.stop({ kind: 'kicked', by: k.by, reason: k.reason });
      }),
    );
    connection.on('banned', (b) =>
      relay(() => {
        owner.emit('banned', b);
        owner.stop({ kind: 'banned', by: b.by, reason: b.reason, until: b.until });
      }),
    );
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
}
