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

/**
 * The server's TLS certificate was refused: not signed by a CA the client trusts (a self-signed
 * one, say), expired, or for another name. `code` is Node's (`DEPTH_ZERO_SELF_SIGNED_CERT`,
 * `SELF_SIGNED_CERT_IN_CHAIN`, `CERT_HAS_EXPIRED`, `ERR_TLS_CERT_ALTNAME_INVALID`, ...).
 */
export class CertificateError extends Error {
  public override readonly name = 'CertificateError';

  constructor(
    public readonly code: string,
    reason: string,
  ) {
    super(`the server's TLS certificate was refused: ${reason}`);
  }
}

/**
 * TLS failed below the certificate: most often the port does not speak TLS
 * (`ERR_SSL_WRONG_VERSION_NUMBER`). `code` is Node's, `reason` OpenSSL's words.
 */
export class TlsError extends Error {
  public override readonly name = 'TlsError';

  constructor(
    public readonly code: string,
    reason: string,
  ) {
    super(`the TLS handshake failed: ${reason}`);
  }
}
