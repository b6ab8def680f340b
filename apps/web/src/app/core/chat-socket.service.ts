import { inject, Injectable, InjectionToken, OnDestroy, signal } from '@angular/core';
import { Observable, Subject } from 'rxjs';

import {
  ChatConnection,
  ClientFrameInput,
  ConnectionClosedError,
  EventFrame,
  LIVE_EVENT_TYPES,
  LoginReply,
  OfflineError,
  OkReplies,
  SessionCore,
  SessionState,
  StopReason,
  WebSocketLike,
  WebSocketTransport,
} from '@chat/protocol';

export type { LoginReply, StopReason, WebSocketLike } from '@chat/protocol';
export { RECONNECT_MAX_MS, RECONNECT_MIN_MS as RECONNECT_BASE_MS } from '@chat/protocol';

export const WEBSOCKET_FACTORY = new InjectionToken<(url: string) => WebSocketLike>('WEBSOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => (url: string) => new WebSocket(url),
});

const REQUEST_TIMEOUT_MS = 30_000;
/** The server's events, as events$ passes them on. */
const EVENT_TYPES = ['hello', ...LIVE_EVENT_TYPES] as const;

export type ConnectionState = SessionState;

/** A request that could not be answered because the connection went away. */
export class ConnectionLostError extends Error {
  public override readonly name = 'ConnectionLostError';
  constructor() {
    super('Connection lost');
  }
}

/**
 * The browser's connection to the edge, for Angular: the client core (SessionCore: log-in with
 * the session's token, replies by id, reconnects with backoff and `since` = the highest seq seen)
 * over a WebSocket, with its state as signals and its events as observables.
 */
@Injectable({ providedIn: 'root' })
export class ChatSocket implements OnDestroy {
  private readonly createSocket = inject(WEBSOCKET_FACTORY);
  private readonly eventSubject = new Subject<EventFrame>();
  private readonly loginSubject = new Subject<LoginReply>();
  private readonly onlineSubject = new Subject<string[]>();
  private core: SessionCore | null = null;

  public readonly state = signal<ConnectionState>('idle');
  public readonly stopReason = signal<StopReason | null>(null);
  /** Server events (messages, presence, notices, moderation), in arrival order. */
  public readonly events$: Observable<EventFrame> = this.eventSubject.asObservable();
  /** Every successful log-in, the first and each after a reconnect. */
  public readonly loggedIn$: Observable<LoginReply> = this.loginSubject.asObservable();
  /** Who is online, asked for again after many came and went at once (`presence.many`). */
  public readonly online$: Observable<string[]> = this.onlineSubject.asObservable();

  /** The highest message `seq` this client has seen: what a reconnect asks for with `since`. */
  public get lastSeq(): number {
    return this.core?.lastSeq ?? 0;
  }

  public connect(url: string, token: string): void {
    this.disconnect();
    this.stopReason.set(null);
    const core = new SessionCore({
      dial: () =>
        new ChatConnection(new WebSocketTransport(this.createSocket(url)), {
          requestTimeoutMs: REQUEST_TIMEOUT_MS,
        }),
    });
    this.core = core;
    // A core replaced by a later connect() is disconnected and says nothing more; the guard holds anyway.
    const ours = (): boolean => core === this.core;
    for (const type of EVENT_TYPES) {
      core.on(type, (event: EventFrame) => {
        if (ours()) this.eventSubject.next(event);
      });
    }
    core.on('state', (state) => {
      if (ours()) this.state.set(state);
    });
    core.on('logged-in', (reply) => {
      if (ours()) this.loginSubject.next(reply);
    });
    core.on('online', (names) => {
      if (ours()) this.onlineSubject.next(names);
    });
    core.on('stopped', (reason) => {
      if (ours()) this.stopReason.set(reason);
    });
    core.start({ token });
  }

  /** Logs out (when online) and closes for good. */
  public logout(): void {
    void this.core?.logout();
  }

  public disconnect(): void {
    this.core?.disconnect();
    this.state.set('idle');
  }

  /** Sends a request and resolves with its `ok` reply's fields, or rejects with the ChatError. */
  public request<T extends keyof OkReplies>(
    type: T,
    fields: Record<string, unknown> = {},
  ): Promise<OkReplies[T]> {
    if (!this.core || this.state() !== 'online') return Promise.reject(new ConnectionLostError());
    return this.core.request(type, fields as ClientFrameInput<T>).catch((err: unknown) => {
      throw err instanceof OfflineError || err instanceof ConnectionClosedError
        ? new ConnectionLostError()
        : err;
    });
  }

  public ngOnDestroy(): void {
    this.disconnect();
  }
}
