/** Protocol limits, as announced in `hello`. */
export interface Limits {
  /** Largest frame line in bytes. */
  frame: number;
  /** Longest message text in characters. */
  text: number;
  /** Largest file in bytes. */
  file: number;
  /** Largest raw byte block (file chunk) in bytes. */
  chunk: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  frame: 1024 * 1024,
  text: 4000,
  file: 100 * 1024 * 1024,
  chunk: 256 * 1024,
});

export const PROTOCOL_VERSION = 1;
export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,32}$/;
export const MIN_PASSWORD_LENGTH = 8;
export const HISTORY_DEFAULT_LIMIT = 50;
export const HISTORY_MAX_LIMIT = 200;
export const MAX_ID_LENGTH = 64;
/** After this many bad frames in a row the server closes the connection. */
export const MAX_BAD_FRAMES_IN_A_ROW = 10;
