import type { Server, ServerOptions } from 'node:http';

import type { HttpServerConfig } from './app-config';

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
