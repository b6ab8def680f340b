import { inject, Injectable, InjectionToken, OnDestroy, signal } from '@angular/core';
import { Observable, Subject } from 'rxjs';

import {
  ChatError,
  ErrorCode,
  ErrorDetails,
  ErrorFrame,
  EventFrame,
  OkReplies,
  ServerFrame,
} from '@chat/protocol';

/** The subset of the browser's WebSocket the service uses; tests give a fake. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((ev: Event) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export const WEBSOCKET_FACTORY = new InjectionToken<(url: string) => WebSocketLike>('WEBSOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => (url: string) => new WebSocket(url),
});

/** Delays before reconnect attempts: doubling from 500 ms to 15 s, with jitter. */
export const RECONNECT_BASE_MS = 500;
export const RECONNECT_MAX_MS = 15_000;
const REQUEST_TIMEOUT_MS = 30_000;
/** Login errors that a retry cannot cure. */
const LOGIN_REFUSALS: ReadonlySet<ErrorCode> = new Set([
  'BANNED',
  'BAD_CREDENTIALS',
  'NOT_AUTHENTICATED',
  'INVALID',
]);

export type ConnectionState = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'stopped';

export type LoginReply = OkReplies['login'];

/** Why the socket gave up for good: the server ended the session, or refused the credentials. */
export type StopReason =
  | { kind: 'kicked'; by: string; reason?: string }
  | { kind: 'banned'; by: string; reason?: string; until: string | null }
  | { kind: 'refused'; error: ChatError }
  | { kind: 'logout' };

/** A request that could not be answered because the connection went away. */
export class ConnectionLostError extends Error {
  public override readonly name = 'ConnectionLostError';
  constructor() {
    super('Connection lost');
  }
}

interface Pending {
  resolve(value: Record<string, unknown>): void;
  reject(err: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

type ReplyFields<T extends keyof OkReplies> = OkReplies[T];

/**
 * The browser's connection to the edge: one WebSocket carrying protocol.md's frames, one per
 * message. It logs in with the session's token, answers requests by id, and when the connection
 * drops it reconnects with backoff and `since` = the highest `seq` seen, so nothing is lost.
 */
@Injectable({ providedIn: 'root' })
export class ChatSocket implements OnDestroy {
  private readonly createSocket = inject(WEBSOCKET_FACTORY);
  private socket: WebSocketLike | null = null;
  private readonly pending = new Map<string, Pending>();
  private readonly eventSubject = new Subject<EventFrame>();
  private readonly loginSubject = new Subject<LoginReply>();
  private nextId = 1;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private url = '';
  private token = '';
  private lastSeqSeen = 0;

  public readonly state = signal<ConnectionState>('idle');
  public readonly stopReason = signal<StopReason | null>(null);
  /** Server events (messages, presence, notices, moderation), in arrival order. */
  public readonly events$: Observable<EventFrame> = this.eventSubject.asObservable();
  /** Every successful log-in, the first and each after a reconnect. */
  public readonly loggedIn$: Observable<LoginReply> = this.loginSubject.asObservable();

  /** The highest message `seq` this client has seen: what a reconnect asks for with `since`. */
  public get lastSeq(): number {
    return this.lastSeqSeen;
  }

  public connect(url: string, token: string): void {
    this.disconnect();
    this.url = url;
    this.token = token;
    this.lastSeqSeen = 0;
    this.attempt = 0;
    this.stopReason.set(null);
    this.open('connecting');
  }

  /** Logs out (when online) and closes for good. */
  public logout(): void {
    if (this.socket && this.state() === 'online') this.sendFrame({ type: 'logout' });
    this.stop({ kind: 'logout' });
  }

  public disconnect(): void {
    this.close('idle');
  }

  /** Sends a request and resolves with its `ok` reply's fields, or rejects with the ChatError. */
  public request<T extends keyof OkReplies>(
    type: T,
    fields: Record<string, unknown> = {},
  ): Promise<ReplyFields<T>> {
    if (!this.socket || this.state() !== 'online') return Promise.reject(new ConnectionLostError());
    return this.send(type, fields) as Promise<ReplyFields<T>>;
  }

  public ngOnDestroy(): void {
    this.disconnect();
  }

  private open(state: ConnectionState): void {
    this.state.set(state);
    const socket = this.createSocket(this.url);
    this.socket = socket;
    socket.onopen = () => void this.login(socket);
    socket.onmessage = (ev) => this.receive(String(ev.data));
    socket.onerror = () => undefined; // onclose follows and decides.
    socket.onclose = () => this.closed(socket);
  }

  private async login(socket: WebSocketLike): Promise<void> {
    try {
      const since = this.lastSeqSeen > 0 ? { since: this.lastSeqSeen } : {};
      const reply = (await this.send('login', { token: this.token, ...since })) as LoginReply;
      if (socket !== this.socket) return;
      this.attempt = 0;
      this.token = reply.token || this.token;
      // The first log-in starts from "now"; history fills in the past on demand.
      if (this.lastSeqSeen === 0) this.lastSeqSeen = reply.seq;
      this.state.set('online');
      this.loginSubject.next(reply);
    } catch (err) {
      if (socket !== this.socket) return;
      if (err instanceof ChatError && LOGIN_REFUSALS.has(err.code))
        this.stop({ kind: 'refused', error: err });
      else socket.close(); // a timeout or a lost connection: onclose schedules a retry
    }
  }

  private send(type: string, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = String(this.nextId++);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ChatError('INTERNAL', 'The server did not answer'));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.sendFrame({ ...fields, type, id });
    });
  }

  private sendFrame(frame: Record<string, unknown>): void {
    this.socket?.send(JSON.stringify(frame));
  }

  private receive(text: string): void {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(text) as ServerFrame;
    } catch {
      return;
    }
    if ((frame.type === 'ok' || frame.type === 'error' || frame.type === 'pong') && frame.re !== undefined) {
      this.reply(frame.re, frame);
      return;
    }
    switch (frame.type) {
      case 'ping':
        this.sendFrame({ type: 'ping' });
        return;
      case 'message':
        this.lastSeqSeen = Math.max(this.lastSeqSeen, frame.seq);
        break;
      case 'kicked':
        this.eventSubject.next(frame);
        this.stop({ kind: 'kicked', by: frame.by, reason: frame.reason });
        return;
      case 'banned':
        this.eventSubject.next(frame);
        this.stop({ kind: 'banned', by: frame.by, reason: frame.reason, until: frame.until });
        return;
      case 'ok':
      case 'error':
      case 'pong':
      case 'file.data':
        return;
    }
    this.eventSubject.next(frame);
  }

  private reply(re: string, frame: ServerFrame): void {
    const pending = this.pending.get(re);
    if (!pending) return;
    this.pending.delete(re);
    clearTimeout(pending.timer);
    if (frame.type === 'error') {
      pending.reject(errorFromFrame(frame));
    } else {
      const { type: _type, re: _re, ...fields } = frame as Record<string, unknown>;
      pending.resolve(fields);
    }
  }

  private closed(socket: WebSocketLike): void {
    if (socket !== this.socket) return;
    this.socket = null;
    this.failPending();
    if (this.stopReason()) {
      this.state.set('stopped');
      return;
    }
    this.state.set('reconnecting');
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** this.attempt);
    this.attempt++;
    this.reconnectTimer = setTimeout(
      () => {
        this.reconnectTimer = null;
        this.open('reconnecting');
      },
      delay / 2 + (Math.random() * delay) / 2,
    );
  }

  private stop(reason: StopReason): void {
    this.stopReason.set(reason);
    this.close('stopped');
  }

  /** Closes the socket without reconnecting; pending requests fail. */
  private close(state: 'idle' | 'stopped'): void {
    this.clearReconnect();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = socket.onmessage = socket.onerror = socket.onopen = null;
      socket.close();
    }
    this.failPending();
    this.state.set(state);
  }

  private clearReconnect(): void {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private failPending(): void {
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new ConnectionLostError());
    }
    this.pending.clear();
  }
}

function errorFromFrame(frame: ErrorFrame): ChatError {
  const { type: _type, re: _re, code, message, ...details } = frame as ErrorFrame & Record<string, unknown>;
  return new ChatError(code as ErrorCode, message, details as ErrorDetails);
}
