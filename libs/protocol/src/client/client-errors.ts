import { ChatError, ErrorDetails, isErrorCode } from '../errors';

/**
 * An error as the server states it, as a ChatError: an `error` frame (`{type, re?, code, message,
 * ...details}`) or the admin API's HTTP error body (`{statusCode, code, message, ...details}`).
 * The one converter of every client. A code this version does not know (a newer server's) becomes
 * INTERNAL with the server's message; details keep only scalar fields, which is all the protocol sends.
 */
export function toChatError(source: object): ChatError {
  const {
    type: _type,
    re: _re,
    statusCode: _status,
    code,
    message,
    ...rest
  } = source as Record<string, unknown>;
  const details: ErrorDetails = {};
  for (const [key, value] of Object.entries(rest)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      details[key] = value as ErrorDetails[string];
    }
  }
  return new ChatError(
    isErrorCode(code) ? code : 'INTERNAL',
    typeof message === 'string' ? message : undefined,
    details,
  );
}

/** A request that was sent but got no reply: its connection ended first. */
export class ConnectionClosedError extends ChatError {
  constructor() {
    super('INTERNAL', 'connection closed');
  }
}

/** A reply that did not come within the connection's request timeout. */
export class RequestTimeoutError extends ChatError {
  constructor() {
    super('INTERNAL', 'The server did not answer');
  }
}

/** A request made while the session is not connected and logged in: nothing was sent. */
export class OfflineError extends Error {
  constructor() {
    super('offline, not sent: reconnecting (try again in a moment)');
    this.name = 'OfflineError';
  }
}
