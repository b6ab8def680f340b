import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { NotFoundException } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

import { isWebPage } from '@chat/protocol';

import type { WithNonce } from './security-headers';

/** Where `ng build` puts the web app (angular.json: outputPath `dist/web`). */
export const WEB_APP_DIR = resolve(
  process.env.WEB_APP_DIR ?? join(__dirname, '..', '..', '..', '..', 'web', 'browser'),
);

/** Paths that belong to the api or Swagger UI, never to the web app. */
const SERVER_PATHS = /^\/(api|docs)(\/|-json|$)/;
/** The app's root element, where Angular reads the nonce of the styles it adds (`ngCspNonce`). */
const ROOT_ELEMENT = /<chat-root(?=[\s>])/;

/**
 * Serves the built Angular app at `/`: its static files, and index.html for the paths of its
 * pages (`WEB_PAGE_PATHS`, which its router is built from). Any other path outside `/api` and
 * `/docs` is a 404 in the api's error shape (Nest's own 404 covers only its prefix), so that a probe
 * of `/metrics` or a typo is not answered with the app. index.html is never served as a plain file:
 * each response carries a fresh CSP nonce, in its policy and on the root element. Returns false,
 * serving only the 404s, when the app was not built.
 */
export function serveWebApp(
  app: NestExpressApplication,
  withNonce: WithNonce,
  dir: string = WEB_APP_DIR,
): boolean {
  const index = join(dir, 'index.html');
  if (!webAppBuilt(dir)) {
    app.use(notFoundOutsideApi);
    return false;
  }
  const sendIndex = (req: Request, res: Response, next: NextFunction): void =>
    withNonce(req, res, next, (nonce) => {
      // Read for each page, as `sendFile` did: a rebuild while the api runs is served at once.
      readFile(index, 'utf8').then((html) => {
        res.setHeader('Cache-Control', 'no-cache');
        res.type('html').send(html.replace(ROOT_ELEMENT, `<chat-root ngCspNonce="${nonce}"`));
      }, next);
    });
  const isPageRequest = (req: Request): boolean => req.method === 'GET' || req.method === 'HEAD';
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (isPageRequest(req) && req.path === '/index.html') sendIndex(req, res, next);
    else next();
  });
  app.useStaticAssets(dir, { index: false, maxAge: '1h', immutable: false });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (isPageRequest(req) && isWebPage(req.path) && req.accepts('html')) sendIndex(req, res, next);
    else notFoundOutsideApi(req, res, next);
  });
  return true;
}

/** Hands a request outside the api's and Swagger UI's paths to Nest's exception layer as a 404. */
function notFoundOutsideApi(req: Request, _res: Response, next: NextFunction): void {
  if (SERVER_PATHS.test(req.path)) next();
  else next(new NotFoundException(`Cannot ${req.method} ${req.path}`));
}

/** Whether `ng build` has put the web app in `dir`. */
export function webAppBuilt(dir: string = WEB_APP_DIR): boolean {
  return existsSync(join(dir, 'index.html'));
}
