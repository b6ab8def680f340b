import { X509Certificate } from 'node:crypto';
import { createServer as createPlainServer, RequestListener, Server, ServerOptions } from 'node:http';
import { createServer as createSecureServer } from 'node:https';
import type { TlsOptions } from 'node:tls';

import type { HttpServerConfig, TlsConfig } from './app-config';

/**
 * A TLS handshake must be done within this, on every TLS port: a connection that never sends its
 * ClientHello is not yet a chat connection or an HTTP request, and no other timeout reaches it.
 * (Node's default is 120 s.)
 */
export const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * How often Node looks for requests past their headers or request timeout. Its default, 30 s,
 * would let a connection that drips its headers outlive the timeout by as much again.
 */
const CONNECTIONS_CHECKING_INTERVAL_MS = 1_000;

/**
 * The options of every HTTP server the system runs, so that no connection is held by a client
 * that sends its headers or its body a byte at a time: the headers within `headersTimeoutMs`,
 * the whole request within `requestTimeoutMs`, the next request on a kept-alive connection within
 * `keepAliveTimeoutMs`. (`maxConnections` is a property of the listening server, not an option.)
 */
export function httpServerOptions(config: HttpServerConfig): ServerOptions {
  return {
    headersTimeout: config.headersTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
  };
}

/** What every TLS server of the system (the TCP edge, the WebSocket port, the api) is given. */
export function tlsServerOptions(tls: TlsConfig): Pick<TlsOptions, 'cert' | 'key' | 'handshakeTimeout'> {
  return { cert: tls.cert, key: tls.key, handshakeTimeout: TLS_HANDSHAKE_TIMEOUT_MS };
}

/** A line for the start-up log: which certificate, for which names, until when. */
export function describeTls(tls: TlsConfig, now: Date = new Date()): string {
  const cert = new X509Certificate(tls.cert);
  const until = new Date(cert.validTo);
  const expired = until < now ? ' (EXPIRED: clients refuse it)' : '';
  return `TLS certificate ${tls.certFile} for ${cert.subjectAltName ?? cert.subject}, valid until ${until.toISOString()}${expired}`;
}

/** An HTTP server with `httpServerOptions`, HTTPS (`tlsServerOptions`) when TLS is configured. */
export function createHttpServer(
  config: HttpServerConfig,
  tls: TlsConfig | undefined,
  listener: RequestListener,
): Server {
  const options = httpServerOptions(config);
  return tls
    ? createSecureServer({ ...options, ...tlsServerOptions(tls) }, listener)
    : createPlainServer(options, listener);
}

/**
 * The same bounds on a server someone else created (Nest creates the api's), and at most
 * `maxConnections` connections at once (Node drops the ones beyond). Before it listens: Node
 * starts checking the timeouts then, at the interval it finds.
 */
export function limitHttpServer(server: Server, config: HttpServerConfig, maxConnections: number): void {
  if (server.listening) throw new Error('limitHttpServer: the server is listening already');
  Object.assign(server, httpServerOptions(config));
  server.maxConnections = maxConnections;
}
