import { EventEmitter } from 'node:events';

import {
  ChatClient,
  ClientFrameInput,
  ClientFrameType,
  ClientOptions,
  Credentials,
  FileInfo,
  OkReplies,
  Role,
  ROOM_EVENT_TYPES,
  SessionCore,
  SessionEvents,
  StopReason,
} from '@chat/protocol';

export type { Credentials } from '@chat/protocol';
export { OfflineError } from '@chat/protocol';

/** Why a session ended for good. */
export type EndReason = 'quit' | 'kicked' | 'banned' | 'closed' | 'login-failed';

/** The server's events as the session passes them on, plus the session's own. */
export type ChatSessionEvents = Pick<
  SessionEvents,
  | 'message'
  | 'message.update'
  | 'presence'
  | 'presence.many'
  | 'notice'
  | 'gap'
  | 'kicked'
  | 'banned'
  | 'muted'
  | 'unmuted'
  | 'call.ring'
  | 'call.ended'
  | (typeof ROOM_EVENT_TYPES)[number]
  | 'disconnected'
  | 'reconnect-failed'
> & {
  reconnected: [OkReplies['login']];
  ended: [reason: EndReason, error?: unknown];
};

export interface SessionOptions extends ClientOptions {
  /** Reconnect when the connection drops after a login (default true). */
  reconnect?: boolean;
  connect?: (options: ClientOptions) => Promise<ChatClient>;
}

/** Events held while a log-in is answered, at most. */
const MAX_HELD_EVENTS = 10_000;

const END_REASONS: Record<StopReason['kind'], EndReason> = {
  logout: 'quit',
  kicked: 'kicked',
  banned: 'banned',
  closed: 'closed',
  refused: 'login-failed',
};

/**
 * The terminal's session: the client core (SessionCore over TCP: log-in, reconnects with backoff
 * and `since`, once-only messages) with what only the terminal needs: the files seen, so that
 * /get can name a download, and its events in the words the REPL and the modes print.
 */
export class ChatSession extends EventEmitter {
  /** Files seen in messages and history: /get names the download after them. */
  public readonly files = new Map<string, FileInfo>();
  /** The rooms the user is in (canonical names): from the log-in reply, kept by the room events. */
  public readonly rooms = new Set<string>();
  private readonly core: SessionCore<ChatClient>;
  private held: [keyof ChatSessionEvents, unknown[]][] | null = null;

  constructor(options: SessionOptions = {}) {
    super();
    const { reconnect, connect = ChatClient.connect, ...clientOptions } = options;
    this.core = new SessionCore({ dial: () => connect(clientOptions), reconnect });
    const core = this.core;
    core.on('message', (m) => {
      if (m.file) this.files.set(m.file.id, m.file);
      this.emit('message', m);
    });
    core.on('message.update', (u) => this.emit('message.update', u));
    core.on('presence', (p) => this.emit('presence', p));
    core.on('presence.many', (p) => this.emit('presence.many', p));
    core.on('notice', (n) => this.emit('notice', n));
    core.on('gap', (g) => this.emit('gap', g));
    core.on('muted', (m) => this.emit('muted', m));
    core.on('unmuted', (u) => this.emit('unmuted', u));
    core.on('call.ring', (r) => this.emit('call.ring', r));
    core.on('call.ended', (e) => this.emit('call.ended', e));
    core.on('kicked', (k) => this.emit('kicked', k));
    core.on('banned', (b) => this.emit('banned', b));
    core.on('disconnected', (delay) => this.emit('disconnected', delay));
    core.on('reconnect-failed', (err, delay) => this.emit('reconnect-failed', err, delay));
    for (const type of ROOM_EVENT_TYPES) {
      core.on(type, (event) => {
        this.trackRoom(event);
        (this.emit as (e: string, ...args: unknown[]) => boolean)(type, event);
      });
    }
    core.on('logged-in', (ok, reconnected) => {
      this.rooms.clear();
      for (const room of ok.rooms ?? []) this.rooms.add(room);
      if (reconnected) this.emit('reconnected', ok);
    });
    core.on('stopped', (reason) =>
      this.emit('ended', END_REASONS[reason.kind], reason.kind === 'refused' ? reason.error : undefined),
    );
  }

  public override on<E extends keyof ChatSessionEvents>(
    event: E,
    listener: (...args: ChatSessionEvents[E]) => void,
  ): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  public override once<E extends keyof ChatSessionEvents>(
    event: E,
    listener: (...args: ChatSessionEvents[E]) => void,
  ): this {
    return super.once(event, listener as (...args: unknown[]) => void);
  }

  public override emit<E extends keyof ChatSessionEvents>(event: E, ...args: ChatSessionEvents[E]): boolean {
    if (this.held) {
      // The most a log-in's own burst (its reply's read) can bring; beyond, the oldest go.
      if (this.held.length >= MAX_HELD_EVENTS) this.held.shift();
      this.held.push([event, args]);
      return true;
    }
    return super.emit(event, ...args);
  }

  /**
   * Keeps the server's events from here until releaseEvents(): what comes in the same read as the
   * log-in reply (a call ringing, a message) is emitted before a caller awaiting the log-in can
   * subscribe, and would be lost.
   */
  public holdEvents(): void {
    this.held ??= [];
  }

  /** Emits the events held since holdEvents(), in order, and goes on live. */
  public releaseEvents(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const [event, args] of held) super.emit(event, ...args);
  }

  public get user(): string {
    return this.core.user;
  }

  public get role(): Role {
    return this.core.role;
  }

  /** Names online, kept current from presence events (for completion). */
  public get online(): ReadonlySet<string> {
    return this.core.online;
  }

  public get connected(): boolean {
    return this.core.connected;
  }

  /** The highest message seq seen; a reconnect asks for everything after it. */
  public get seq(): number {
    return this.core.lastSeq;
  }

  /** The current connection (for file transfers); OfflineError while reconnecting. */
  public get connection(): ChatClient {
    return this.core.connection;
  }

  /** Connects (or connects again, before logging in). */
  public connect(): Promise<void> {
    return this.core.open();
  }

  public async register(user: string, password: string): Promise<void> {
    await this.core.register(user, password);
  }

  /** Logs in; with `since`, the server first replays the messages after that seq. */
  public login(credentials: Credentials, since?: number): Promise<OkReplies['login']> {
    return this.core.login(credentials, since);
  }

  public request<T extends ClientFrameType>(type: T, fields: ClientFrameInput<T>): Promise<OkReplies[T]> {
    return this.core.request(type, fields);
  }

  /** Keeps `rooms` as the user's own room events change it. */
  private trackRoom(event: SessionEvents[(typeof ROOM_EVENT_TYPES)[number]][0]): void {
    const mine = 'user' in event && event.user.toLowerCase() === this.user.toLowerCase();
    if (event.type === 'room.joined' && mine) this.rooms.add(event.room);
    else if (
      (event.type === 'room.left' && mine) ||
      event.type === 'room.kicked' ||
      event.type === 'room.deleted'
    ) {
      this.rooms.delete(event.room);
    }
  }

  /** Logs out and closes; no reconnect afterwards. */
  public quit(): Promise<void> {
    return this.core.logout();
  }
}
