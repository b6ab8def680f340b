import { ClientFrameInput, ClientFrameType, OkReplies, PUBLIC_FRAME_TYPES, Role } from '../frames';
import { backoffDelay } from './backoff';
import { OfflineError } from './client-errors';
import { ChatConnection } from './connection';
import { Emitter } from './emitter';
import { EventFeed } from './event-feed';
import { RetrySchedule } from './retry-schedule';
import {
  Credentials,
  LoginReply,
  SessionCoreOptions,
  SessionEvents,
  SessionState,
  StopReason,
} from './session.types';
import { isFinalRefusal, sayGoodbye, SessionCredentials, withSince } from './session-login';

/** After a `presence.many`, `who` is asked for between these many milliseconds from now. */
const WHO_REFRESH_MIN_MS = 200;
const WHO_REFRESH_SPREAD_MS = 2_800;

/**
 * The one client session, under the CLI and the web client alike: logs in with a password or a
 * token and keeps the token each login reply refreshes; when the connection drops it reconnects
 * with backoff, logs in again with that token (the password when the token is refused) and
 * `since` = the highest seq seen, so that no message is missed and none is passed on twice. It
 * stops for good when kicked, banned, logged out, or refused with a code no retry can change.
 * Browser-safe: any ChatConnection over any transport.
 */
export class SessionCore<C extends ChatConnection = ChatConnection> extends Emitter<SessionEvents> {
  private readonly dial: () => C | Promise<C>;
  private readonly reconnects: boolean;
  private readonly retry: RetrySchedule;
  private readonly feed = new EventFeed<C>({
    emit: (event, ...args) => this.emit(event, ...args),
    uses: (connection) => connection === this.current || connection === this.joining,
    stop: (reason) => this.stopOn(reason),
  });
  private credentials = new SessionCredentials();
  /** The connection in use: logged in, or opened for a login (open()). */
  private current: C | undefined;
  /** A reconnect's connection, until its login is answered. */
  private joining: C | undefined;
  private currentState: SessionState = 'idle';
  private reason: StopReason | null = null;
  /** Kicked or banned: the stop that follows once the connection has closed. */
  private pendingStop: StopReason | undefined;
  /** Bumped by whatever supersedes the work in flight (start, disconnect, logout): stale steps stop. */
  private generation = 0;
  private hasLoggedIn = false;
  /** A `who` due after a `presence.many`. */
  private whoTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: SessionCoreOptions<C>) {
    super();
    this.dial = options.dial;
    this.reconnects = options.reconnect ?? true;
    this.retry = new RetrySchedule(options.backoff ?? ((attempt) => backoffDelay(attempt)));
    this.on('presence.many', () => this.refreshOnline());
  }

  public get state(): SessionState {
    return this.currentState;
  }

  public get stopReason(): StopReason | null {
    return this.reason;
  }

  public get user(): string {
    return this.credentials.user;
  }

  public get role(): Role {
    return this.credentials.role;
  }

  /** Names online, kept current from the login reply and presence events (for completion). */
  public get online(): ReadonlySet<string> {
    return this.feed.online;
  }

  /** The highest message seq seen: a reconnect asks for everything after it. */
  public get lastSeq(): number {
    return this.feed.seq.last;
  }

  public get connected(): boolean {
    return this.current !== undefined && !this.current.closed;
  }

  /** The connection in use (e.g. for a file transfer); OfflineError while there is none. */
  public get connection(): C {
    if (!this.current || this.current.closed) throw new OfflineError();
    return this.current;
  }

  /** Connects without logging in, for a dialogue that registers and logs in itself; a failure is the caller's. */
  public async open(): Promise<void> {
    if (this.connected) return;
    this.drop();
    const generation = this.generation;
    this.reason = null;
    this.setState('connecting');
    let connection: C;
    try {
      connection = await this.dial();
    } catch (err) {
      if (generation === this.generation) this.setState('idle');
      throw err;
    }
    if (generation !== this.generation) return void connection.close();
    this.attach(connection);
    this.current = connection;
  }

  /** Connects and logs in, retrying with backoff until online or refused for good; then stays online. */
  public start(credentials: Credentials): void {
    this.drop();
    this.reason = null;
    this.feed.seq.reset();
    this.retry.reset();
    this.hasLoggedIn = false;
    this.credentials = new SessionCredentials();
    this.credentials.remember(credentials);
    this.setState('connecting');
    void this.attempt();
  }

  public register(user: string, password: string): Promise<OkReplies['register']> {
    return this.request('register', { user, password });
  }

  /** Logs in on the open connection; with `since`, the server first replays the messages after that seq. */
  public async login(credentials: Credentials, since?: number): Promise<LoginReply> {
    const connection = this.current;
    if (!connection || connection.closed) throw new OfflineError();
    let ok: LoginReply;
    this.feed.hold();
    try {
      ok = await connection.request('login', withSince(credentials, since));
    } catch (err) {
      this.feed.release();
      throw err;
    }
    this.credentials.remember(credentials);
    this.accept(connection, ok, since);
    return ok;
  }

  /** A request on the connection; OfflineError (nothing sent) while not logged in, but for the frames allowed before. */
  public request<T extends ClientFrameType>(type: T, fields: ClientFrameInput<T>): Promise<OkReplies[T]> {
    const connection = this.current;
    const allowed = this.currentState === 'online' || PUBLIC_FRAME_TYPES.has(type);
    if (!connection || connection.closed || !allowed) return Promise.reject(new OfflineError());
    return connection.request(type, fields);
  }

  /** Logs out (when logged in) and closes; stopped for good once the connection is closed. */
  public async logout(): Promise<void> {
    if (this.currentState === 'stopped') return;
    const loggedIn = this.currentState === 'online';
    const connection = this.current ?? this.joining;
    this.drop(false);
    const generation = this.generation;
    if (connection && !connection.closed) {
      if (loggedIn) await sayGoodbye(connection);
      await connection.close();
    }
    if (generation === this.generation) this.finish({ kind: 'logout' });
  }

  /** Closes without logging out and forgets the connection: idle, ready for start() or open(). */
  public disconnect(): void {
    this.drop();
    this.setState('idle');
  }

  /** One try at coming back: dial and log in again; on failure the next is scheduled, unless no retry can help. */
  private async attempt(): Promise<void> {
    const generation = this.generation;
    const since = this.hasLoggedIn ? this.feed.seq.last : undefined;
    let connection: C | undefined;
    let ok: LoginReply;
    this.feed.hold();
    try {
      const dialed = this.dial();
      // No await before the login when the connection came at once: a WebSocket sends it as it opens.
      connection = isPromise(dialed) ? await dialed : dialed;
      if (generation !== this.generation) return void connection.close();
      this.attach(connection);
      this.joining = connection;
      ok = await this.credentials.logInAgain(connection, since);
    } catch (err) {
      if (generation === this.generation) this.failedAttempt(err, connection);
      return;
    }
    if (generation !== this.generation) return;
    this.joining = undefined;
    this.accept(connection, ok, since);
  }

  private failedAttempt(err: unknown, connection: C | undefined): void {
    this.feed.clear();
    this.joining = undefined;
    if (connection) void connection.close();
    if (isFinalRefusal(err)) return this.finish({ kind: 'refused', error: err });
    const delay = this.retry.next(() => void this.attempt());
    this.setState('reconnecting');
    this.emit('reconnect-failed', err, delay);
  }

  /** Takes a login reply in (who, the fresh token, who is online, where seq starts), then lets the held events go. */
  private accept(connection: C, ok: LoginReply, since: number | undefined): void {
    const reconnected = this.hasLoggedIn;
    this.current = connection;
    this.hasLoggedIn = true;
    this.retry.reset();
    this.credentials.loggedIn(ok);
    this.feed.loggedIn(ok, since);
    this.setState('online');
    this.emit('logged-in', ok, reconnected);
    this.feed.release();
  }

  private attach(connection: C): void {
    this.feed.attach(connection);
    connection.on('close', () => this.onClose(connection));
  }

  /** Kicked or banned (the event has gone out): the session closes the connection and stops for good. */
  private stopOn(reason: StopReason): void {
    this.pendingStop ??= reason;
    void this.current?.close();
  }

  private onClose(connection: C): void {
    // A connection the session has left, or a reconnect's own (whose login then fails and says so).
    if (connection !== this.current) return;
    this.current = undefined;
    if (this.pendingStop) return this.finish(this.pendingStop);
    if (!this.hasLoggedIn || !this.reconnects) return this.finish({ kind: 'closed' });
    this.retry.reset();
    const delay = this.retry.next(() => void this.attempt());
    this.setState('reconnecting');
    this.emit('disconnected', delay);
  }

  /** Supersedes the work in flight and leaves the connection (closing it, unless `close` is false). */
  /**
   * Many came and went at once: who is online is asked for again, once, a moment later and at a
   * random point of a few seconds, since every client asks after the same event.
   */
  private refreshOnline(): void {
    if (this.whoTimer !== undefined) return;
    const delay = WHO_REFRESH_MIN_MS + Math.random() * WHO_REFRESH_SPREAD_MS;
    this.whoTimer = setTimeout(() => {
      this.whoTimer = undefined;
      if (this.currentState !== 'online') return;
      this.request('who', {}).then(
        ({ online }) => {
          this.feed.setOnline(online);
          this.emit('online', online);
        },
        () => undefined,
      );
    }, delay);
  }

  private drop(close = true): void {
    clearTimeout(this.whoTimer);
    this.whoTimer = undefined;
    this.generation++;
    this.retry.cancel();
    const connection = this.current ?? this.joining;
    this.current = this.joining = this.pendingStop = undefined;
    this.feed.clear();
    if (close) void connection?.close();
  }

  private finish(reason: StopReason): void {
    this.retry.cancel();
    this.pendingStop = undefined;
    this.reason = reason;
    this.setState('stopped');
    this.emit('stopped', reason);
  }

  private setState(state: SessionState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.emit('state', state);
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Partial<Promise<T>>).then === 'function';
}
