import { EventEmitter } from 'node:events';

import {
  ChatClient,
  ChatClientEvents,
  ChatError,
  ClientFrameInput,
  ClientFrameType,
  ClientOptions,
  FileInfo,
  MessageFrame,
  OkReplies,
  Role,
} from '@chat/protocol';

import { backoffDelay } from './backoff';

export type Credentials = { user: string; password: string } | { token: string };

/** Why a session ended for good. */
export type EndReason = 'quit' | 'kicked' | 'banned' | 'closed' | 'login-failed';

/** The server's events as the client passes them on, plus the session's own. */
export type ChatSessionEvents = Pick<
  ChatClientEvents,
  'message' | 'presence' | 'notice' | 'kicked' | 'banned' | 'muted' | 'unmuted'
> & {
  /** The connection dropped; the first attempt to come back follows after `delayMs`. */
  disconnected: [delayMs: number];
  /** A reconnect attempt failed; the next follows after `delayMs`. */
  'reconnect-failed': [error: unknown, delayMs: number];
  reconnected: [OkReplies['login']];
  ended: [reason: EndReason, error?: unknown];
};

/** A request made while the connection is down: nothing was sent; the session is reconnecting. */
export class OfflineError extends Error {
  constructor() {
    super('offline, not sent: reconnecting (try again in a moment)');
    this.name = 'OfflineError';
  }
}

/** Codes after which logging in again cannot succeed by retrying. */
const FINAL_LOGIN_CODES: ReadonlySet<string> = new Set(['BANNED', 'BAD_CREDENTIALS', 'INVALID', 'FORBIDDEN']);
const LOGOUT_TIMEOUT_MS = 2_000;

export interface SessionOptions extends ClientOptions {
  /** Reconnect when the connection drops after a login (default true). */
  reconnect?: boolean;
  connect?: (options: ClientOptions) => Promise<ChatClient>;
}

/**
 * A logged-in user over a ChatClient that reconnects by itself: when the connection drops (but
 * not after kicked, banned or quit) it connects again with backoff and logs in with the token of
 * the last login and `since` = the highest seq seen, so that no message is missed.
 */
export class ChatSession extends EventEmitter {
  public user = '';
  public role: Role = 'user';
  /** Names online, kept current from presence events (for completion). */
  public readonly online = new Set<string>();
  /** Files seen in messages and history: /get names the download after them. */
  public readonly files = new Map<string, FileInfo>();
  private client: ChatClient | undefined;
  private token: string | undefined;
  private password: string | undefined;
  /** The highest seq known: from the first login's reply, then from each message. */
  private lastSeq = 0;
  /** The highest seq delivered as a message: anything at or below it is a duplicate. */
  private lastDelivered = 0;
  private loggedIn = false;
  private stopping = false;
  private ending: EndReason | undefined;
  private reconnecting = false;
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(private readonly options: SessionOptions = {}) {
    super();
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
    return super.emit(event, ...args);
  }

  public get connected(): boolean {
    return this.client !== undefined && !this.client.closed;
  }

  /** The highest message seq seen; a reconnect asks for everything after it. */
  public get seq(): number {
    return this.lastSeq;
  }

  /** The current connection; OfflineError while reconnecting. */
  public get connection(): ChatClient {
    if (!this.client || this.client.closed) throw new OfflineError();
    return this.client;
  }

  /** Connects (or connects again, before logging in). */
  public async connect(): Promise<void> {
    if (this.connected) return;
    this.attach(await this.openClient());
  }

  public async register(user: string, password: string): Promise<void> {
    await this.connection.request('register', { user, password });
  }

  /** Logs in; with `since`, the server first replays the messages after that seq. */
  public async login(credentials: Credentials, since?: number): Promise<OkReplies['login']> {
    const ok = await this.connection.request('login', {
      ...credentials,
      ...(since === undefined ? {} : { since }),
    });
    if ('password' in credentials) this.password = credentials.password;
    if (since === undefined) this.lastSeq = Math.max(this.lastSeq, ok.seq);
    else this.lastSeq = Math.max(this.lastSeq, since);
    this.onLoggedIn(ok);
    return ok;
  }

  public request<T extends ClientFrameType>(type: T, fields: ClientFrameInput<T>): Promise<OkReplies[T]> {
    try {
      return this.connection.request(type, fields);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Logs out and closes; no reconnect afterwards. */
  public async quit(): Promise<void> {
    this.stopping = true;
    this.ending ??= 'quit';
    this.wake?.();
    const client = this.client;
    if (client && !client.closed) {
      if (this.loggedIn) {
        const timeout = new Promise((resolve) => setTimeout(resolve, LOGOUT_TIMEOUT_MS).unref());
        await Promise.race([client.request('logout', {}).catch(() => undefined), timeout]);
      }
      await client.close();
    } else {
      this.end();
    }
  }

  private openClient(): Promise<ChatClient> {
    const { reconnect: _reconnect, connect = ChatClient.connect, ...clientOptions } = this.options;
    return connect(clientOptions);
  }

  private onLoggedIn(ok: OkReplies['login']): void {
    this.loggedIn = true;
    this.user = ok.user;
    this.role = ok.role;
    if (ok.token) this.token = ok.token;
    this.online.clear();
    for (const name of ok.online) this.online.add(name);
  }

  private attach(client: ChatClient): void {
    this.client = client;
    client.on('message', (m) => this.onMessage(m));
    client.on('presence', (p) => {
      if (p.status === 'online') this.online.add(p.user);
      else this.online.delete(p.user);
      this.emit('presence', p);
    });
    client.on('notice', (n) => this.emit('notice', n));
    client.on('muted', (m) => this.emit('muted', m));
    client.on('unmuted', (u) => this.emit('unmuted', u));
    client.on('kicked', (k) => {
      this.ending ??= 'kicked';
      this.emit('kicked', k);
    });
    client.on('banned', (b) => {
      this.ending ??= 'banned';
      this.emit('banned', b);
    });
    client.on('close', () => {
      if (client === this.client) this.onClose();
    });
  }

  private onMessage(message: MessageFrame): void {
    if (message.seq <= this.lastDelivered) return;
    this.lastDelivered = message.seq;
    if (message.seq > this.lastSeq) this.lastSeq = message.seq;
    if (message.file) this.files.set(message.file.id, message.file);
    this.emit('message', message);
  }

  private onClose(): void {
    if (this.reconnecting) return;
    const reconnect = this.options.reconnect ?? true;
    if (this.stopping || this.ending !== undefined || !this.loggedIn || !reconnect) {
      this.end();
      return;
    }
    void this.reconnect();
  }

  private end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.stopping = true;
    const reason = error === undefined ? (this.ending ?? 'closed') : 'login-failed';
    this.emit('ended', reason, error);
  }

  private async reconnect(): Promise<void> {
    this.reconnecting = true;
    let delay = backoffDelay(0);
    this.emit('disconnected', delay);
    for (let attempt = 1; !this.stopping; attempt++) {
      await this.sleep(delay);
      if (this.stopping) break;
      let client: ChatClient | undefined;
      try {
        client = await this.openClient();
        this.attach(client);
        const ok = await this.loginAgain(client);
        this.reconnecting = false;
        this.emit('reconnected', ok);
        return;
      } catch (err) {
        if (client) {
          this.client = undefined;
          void client.close();
        }
        if (err instanceof ChatError && FINAL_LOGIN_CODES.has(err.code)) {
          this.end(err);
          return;
        }
        if (this.stopping) break;
        delay = backoffDelay(attempt);
        this.emit('reconnect-failed', err, delay);
      }
    }
    this.end();
  }

  /** The token of the last login; the password (when one was used) if the token is refused, e.g. expired. */
  private async loginAgain(client: ChatClient): Promise<OkReplies['login']> {
    const since = this.lastSeq;
    const attempts: Credentials[] = [];
    if (this.token) attempts.push({ token: this.token });
    if (this.password !== undefined) attempts.push({ user: this.user, password: this.password });
    let lastError: unknown = new ChatError('BAD_CREDENTIALS', 'no token or password to log in again with');
    for (const credentials of attempts) {
      try {
        const ok = await client.request('login', { ...credentials, since });
        this.onLoggedIn(ok);
        return ok;
      } catch (err) {
        lastError = err;
        if (!(err instanceof ChatError) || err.code !== 'BAD_CREDENTIALS') throw err;
      }
    }
    throw lastError;
  }

  /** Waits `ms`, or less when quit() wakes it. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
