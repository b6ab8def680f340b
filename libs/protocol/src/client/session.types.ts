import { ChatError, ErrorCode } from '../errors';
import { HelloFrame, LiveEventArgs, OkReplies } from '../frames';

/**
 * idle: not started (or disconnected); connecting: the first connection, not logged in yet;
 * online: logged in; reconnecting: the connection dropped and the session is coming back;
 * stopped: for good, see StopReason.
 */
export type SessionState = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'stopped';

export type Credentials = { user: string; password: string } | { token: string };

export type LoginReply = OkReplies['login'];

/** Why a session stopped for good. */
export type StopReason =
  | { kind: 'kicked'; by: string; reason?: string }
  | { kind: 'banned'; by: string; reason?: string; until: string | null }
  /** Logging in again was refused with one of FINAL_LOGIN_CODES. */
  | { kind: 'refused'; error: ChatError }
  | { kind: 'logout' }
  /** The connection closed before any login, or while reconnecting was turned off. */
  | { kind: 'closed' };

/** The server's events as the session passes them on (messages once each, in seq order), and its own. */
export interface SessionEvents extends LiveEventArgs {
  hello: [HelloFrame];
  state: [SessionState];
  /** A login succeeded: the first one, or one after a reconnect (`reconnected`). */
  'logged-in': [reply: LoginReply, reconnected: boolean];
  /** The connection dropped; the first attempt to come back follows after `delayMs`. */
  disconnected: [delayMs: number];
  /** An attempt to connect and log in failed; the next follows after `delayMs`. */
  'reconnect-failed': [error: unknown, delayMs: number];
  stopped: [StopReason];
  /** Who is online, asked for again (`who`) after a `presence.many`. */
  online: [names: string[]];
}

/**
 * Login errors that no retry can cure: reconnecting ends with StopReason `refused`. The one list
 * of both clients (the CLI's and the web's used to differ).
 */
export const FINAL_LOGIN_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'BANNED',
  'BAD_CREDENTIALS',
  'NOT_AUTHENTICATED',
  'INVALID',
  'FORBIDDEN',
]);

export interface SessionCoreOptions<C> {
  /**
   * Opens a connection: at once (a WebSocket's, whose frames wait until it opens, so the login
   * goes out the moment it does) or once it is up (TCP: after the server's hello).
   */
  dial(): C | Promise<C>;
  /** Reconnect when the connection drops after a login (default true). */
  reconnect?: boolean;
  /** The delay before reconnect attempt `n`, 0-based (default backoffDelay). */
  backoff?: (attempt: number) => number;
}
