import { MIN_PASSWORD_LENGTH, ROOM_NAME_RULE, USERNAME_RULE } from './limits';

/**
 * The protocol's error codes: one table, used by the edge (error frames), the admin API
 * (HTTP status) and the clients (which act on `code`, never on `message`).
 */
export const ERROR_TABLE = {
  BAD_FRAME: { http: 400, message: 'Not a JSON object with a string "type"' },
  FRAME_TOO_LARGE: { http: 413, message: 'Frame too large' },
  UNKNOWN_TYPE: { http: 400, message: 'Unknown frame type' },
  INVALID: { http: 400, message: 'Invalid field' },
  NOT_AUTHENTICATED: { http: 401, message: 'Log in first' },
  USER_EXISTS: { http: 409, message: 'That user name is taken' },
  INVALID_USERNAME: { http: 400, message: `A user name is ${USERNAME_RULE}` },
  WEAK_PASSWORD: { http: 400, message: `A password has at least ${MIN_PASSWORD_LENGTH} characters` },
  BAD_CREDENTIALS: { http: 401, message: 'Wrong user name or password' },
  BANNED: { http: 403, message: 'You are banned' },
  MUTED: { http: 403, message: 'You are muted' },
  RATE_LIMITED: { http: 429, message: 'Too many messages; slow down' },
  NO_SUCH_USER: { http: 404, message: 'No such user' },
  SELF_MESSAGE: { http: 400, message: 'You cannot send a message only to yourself' },
  TEXT_TOO_LONG: { http: 400, message: 'Text too long' },
  EMPTY: { http: 400, message: 'A message needs text or a file' },
  NO_SUCH_FILE: { http: 404, message: 'No such file' },
  FILE_TOO_LARGE: { http: 413, message: 'File too large' },
  BAD_OFFSET: { http: 400, message: 'Chunk offset does not follow the bytes received' },
  NO_SUCH_UPLOAD: { http: 404, message: 'No such upload' },
  CHECKSUM_MISMATCH: { http: 400, message: 'Size or SHA-256 does not match; upload discarded' },
  FORBIDDEN: { http: 403, message: 'Forbidden' },
  SERVER_BUSY: { http: 503, message: 'Server busy' },
  INTERNAL: { http: 500, message: 'Internal error' },
  // §10 media
  UNSUPPORTED_MEDIA: { http: 415, message: 'Not a recording or a picture the server can read' },
  MEDIA_TOO_LONG: { http: 413, message: 'Voice message too long' },
  MEDIA_UNAVAILABLE: { http: 503, message: 'Media processing is not available on this server (no ffmpeg)' },
  // §11 calls
  USER_OFFLINE: { http: 409, message: 'Nobody you called is online' },
  NO_SUCH_CALL: { http: 404, message: 'No such call' },
  NOT_IN_CALL: { http: 409, message: 'Not in this call' },
  // §12 rooms
  ROOM_EXISTS: { http: 409, message: 'A room of that name exists' },
  INVALID_ROOM: { http: 400, message: `A room name is ${ROOM_NAME_RULE}` },
  NO_SUCH_ROOM: { http: 404, message: 'No such room' },
  NOT_IN_ROOM: { http: 403, message: 'You are not in that room' },
  BANNED_FROM_ROOM: { http: 403, message: 'You are banned from that room' },
  // Edits, deletions, reactions and replies (this server's additions)
  NO_SUCH_MESSAGE: { http: 404, message: 'No such message' },
  // HTTP only: a Range request past the end of a file (GET /api/files/{id}, §10).
  RANGE_NOT_SATISFIABLE: { http: 416, message: 'Range not satisfiable' },
  // A per-user or per-connection bound reached: snapshots (MAX_SNAPSHOTS), rooms, reactions,
  // open uploads (MAX_UPLOADS_PER_CONNECTION, MAX_UPLOADS_PER_USER); carries `max`.
  QUOTA_EXCEEDED: { http: 409, message: 'Limit reached; delete something first' },
  // Account care (HTTP only): a session id that is not the caller's, an admin deleting their own
  // account, and an account that must stay (the configured admin, the last admin).
  NO_SUCH_SESSION: { http: 404, message: 'No such session' },
  OWN_ACCOUNT: { http: 400, message: 'An admin cannot delete their own account' },
  ACCOUNT_PROTECTED: { http: 409, message: 'This account cannot be deleted' },
} as const satisfies Record<string, { http: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_TABLE;
export const ERROR_CODES = Object.keys(ERROR_TABLE) as ErrorCode[];

/** Extra fields an error frame may carry beside code and message (e.g. `retryAfterMs`, `until`, `reason`). */
export type ErrorDetails = Record<string, string | number | boolean | null>;

/** A domain error with a stable protocol code. Mapped once to an `error` frame and once to an HTTP status. */
export class ChatError extends Error {
  public readonly code: ErrorCode;
  public readonly details: ErrorDetails;

  constructor(code: ErrorCode, message?: string, details: ErrorDetails = {}) {
    super(message ?? ERROR_TABLE[code].message);
    this.name = 'ChatError';
    this.code = code;
    this.details = details;
  }

  public get httpStatus(): number {
    return ERROR_TABLE[this.code].http;
  }

  /** The `error` frame for this error, replying to `re` when the request had an id. */
  public toFrame(re?: string): ErrorFrame {
    return {
      type: 'error',
      ...(re === undefined ? {} : { re }),
      code: this.code,
      message: this.message,
      ...this.details,
    };
  }

  /** Any thrown value as a ChatError: unknown errors become INTERNAL without leaking their text. */
  public static from(err: unknown): ChatError {
    return err instanceof ChatError ? err : new ChatError('INTERNAL');
  }
}

export interface ErrorFrame {
  type: 'error';
  re?: string;
  code: ErrorCode;
  message: string;
  [detail: string]: unknown;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_TABLE, value);
}
