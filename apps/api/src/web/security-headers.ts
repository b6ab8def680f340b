import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** What the policies depend on, from the configuration. */
export interface SecurityHeadersOptions {
  /** `connect-src` sources for the edge's WebSocket (see `webSocketSources`). */
  webSocketSources: string[];
  /** Whether browsers reach the api over HTTPS: only then is `Strict-Transport-Security` sent. */
  https: boolean;
}

type Directives = Record<string, Array<string | ((req: unknown, res: ServerResponse) => string)>>;

/** Paths of Swagger UI (`/docs`, its assets, `/docs-json`), which get a policy of their own. */
const DOCS_PATHS = /^\/docs(\/|-json|$)/;
/** The api's own routes: JSON and file bytes, never a page. */
const API_PATHS = /^\/api(\/|$)/;

/**
 * The `connect-src` sources the web client needs for the edge's WebSocket: PUBLIC_WS_URL's origin
 * when it is set (the client then connects there and nowhere else), else `ws://` and `wss://` on
 * WS_PORT of every WEB_ORIGINS host, the pages the edge accepts a WebSocket from: the client
 * connects to its own page's host on WS_PORT, and the edge refuses any other page's origin anyway.
 */
export function webSocketSources(webOrigins: string[], wsPort: number, publicWsUrl?: string): string[] {
  if (publicWsUrl) return [new URL(publicWsUrl).origin];
  const hosts = new Set<string>();
  for (const origin of webOrigins) {
    const host = urlHostname(origin);
    if (host) hosts.add(host);
  }
  return [...hosts].flatMap((host) => [`ws://${host}:${wsPort}`, `wss://${host}:${wsPort}`]);
}

/** The host of an http(s) origin, or undefined when it is none (such an origin never matches a browser's). */
function urlHostname(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    // WHATWG hosts may still hold characters a policy cannot: such a host is left out.
    return /^([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/i.test(url.hostname) ? url.hostname : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The web app's policy. Scripts only from the app's origin, no inline script and no eval;
 * `'wasm-unsafe-eval'` lets the Hand snake compile MediaPipe's WebAssembly (it allows
 * `WebAssembly.compile`, not JavaScript's eval). Styles from the origin, and the `<style>` elements
 * Angular adds for its components at run time carry the page's nonce (`ngCspNonce`, see
 * `withNonce`); without one (assets, workers) no inline style passes. Pictures, voice and music
 * play from `blob:` URLs of files fetched with the token; `data:` pictures are the favicon's badge
 * and the screenshots'.
 */
function appDirectives(
  options: SecurityHeadersOptions,
  nonce?: (req: unknown, res: ServerResponse) => string,
): Directives {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    'script-src-attr': ["'none'"],
    'style-src': nonce ? ["'self'", nonce] : ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'media-src': ["'self'", 'blob:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...options.webSocketSources],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    ...(options.https ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/**
 * Swagger UI's policy: Nest serves its scripts as files (the init script included), so scripts
 * stay `'self'`; but its page has `<style>` blocks and a `style` attribute of its own, and it
 * takes no nonce, so styles, and only styles, may be inline here. Its icons are `data:` SVGs;
 * "Try it out" calls the api on the same origin.
 */
function docsDirectives(options: SecurityHeadersOptions): Directives {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    ...(options.https ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/** The api's routes answer JSON and file bytes (always as attachments): nothing there may run or load. */
const API_DIRECTIVES: Directives = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

function policy(directives: Directives): RequestHandler {
  return helmet.contentSecurityPolicy({ useDefaults: false, directives }) as RequestHandler;
}

/** Sets a policy with a fresh nonce on the response, then `send(nonce)` sends the page whose styles carry it. */
export type WithNonce = (
  req: Request,
  res: Response,
  next: NextFunction,
  send: (nonce: string) => void,
) => void;

/**
 * Sets the security headers on every response of the api: a Content-Security-Policy (one for
 * the web app, one for Swagger UI, one for the api's routes), `X-Content-Type-Options: nosniff`,
 * `X-Frame-Options: DENY` (for browsers without `frame-ancestors`), `Referrer-Policy:
 * no-referrer`, and `Strict-Transport-Security` only when browsers come over HTTPS. No
 * `Cross-Origin-Embedder-Policy` (nothing here needs cross-origin isolation); resources may be
 * used by pages of the same site. Returns `withNonce`, for the handler that serves index.html.
 */
export function useSecurityHeaders(app: NestExpressApplication, options: SecurityHeadersOptions): WithNonce {
  app.use(
    helmet({
      contentSecurityPolicy: false,
      crossOriginEmbedderPolicy: false,
      crossOriginResourcePolicy: { policy: 'same-site' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: options.https ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
      xFrameOptions: { action: 'deny' },
    }),
  );
  const webApp = policy(appDirectives(options));
  const docs = policy(docsDirectives(options));
  const api = policy(API_DIRECTIVES);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (API_PATHS.test(req.path)) api(req, res, next);
    else if (DOCS_PATHS.test(req.path)) docs(req, res, next);
    else webApp(req, res, next);
  });
  const page = policy(
    appDirectives(options, (_req, res) => `'nonce-${String((res as Response).locals.cspNonce)}'`),
  );
  return (req, res, next, send) => {
    const nonce = randomBytes(16).toString('base64');
    res.locals.cspNonce = nonce;
    // The page's policy replaces the one set above for every response.
    page(req, res, (err?: unknown) => (err ? next(err) : send(nonce)));
  };
}
