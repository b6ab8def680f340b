import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Where `ng build` puts the web app (angular.json: outputPath `dist/web`). */
export const WEB_APP_DIR = resolve(
  process.env.WEB_APP_DIR ?? join(__dirname, '..', '..', '..', '..', 'web', 'browser'),
);

/** Paths that belong to the api or Swagger UI, never to the web app's router. */
const SERVER_PATHS = /^\/(api|docs)(\/|-json|$)/;

/**
 * Serves the built Angular app at `/`, with index.html for any other path the app's router
 * owns (SPA fallback). Returns false, serving nothing, when the app was not built.
 */
export function serveWebApp(app: NestExpressApplication, dir: string = WEB_APP_DIR): boolean {
  const index = join(dir, 'index.html');
  if (!webAppBuilt(dir)) return false;
  app.useStaticAssets(dir, { index: false, maxAge: '1h', immutable: false });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path)) return next();
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}

/** Whether `ng build` has put the web app in `dir`. */
export function webAppBuilt(dir: string = WEB_APP_DIR): boolean {
  return existsSync(join(dir, 'index.html'));
}
