import { randomUUID } from 'node:crypto';

import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * An incoming id a proxy or client chose is kept when it is a plain token of at most 128
 * characters; anything else (spaces, a line break that would forge a log line, an overlong value)
 * is replaced.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@+=/-]{1,128}$/;

/** The request's id: the incoming `X-Request-Id` when sane, else a new UUID. */
export function requestId(incoming: string | string[] | undefined): string {
  const given = Array.isArray(incoming) ? incoming[0] : incoming;
  return given !== undefined && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** The id `useRequestLog` gave the request this response answers (for the error filter's log). */
export function requestIdOf(res: Response): string | undefined {
  const id = res.getHeader(REQUEST_ID_HEADER);
  return typeof id === 'string' ? id : undefined;
}

/**
 * One log line per HTTP request, when its response is done, carrying its id, which the response
 * echoes in `X-Request-Id`: `GET /api/me 200 3 ms id=…`. Requests of the api, and any answered
 * with an error, are logged at `log`; the web app's and Swagger UI's files at `debug`, since a
 * page load is dozens of them that say nothing.
 */
export function useRequestLog(app: NestExpressApplication, apiPrefix: string): void {
  const logger = new Logger('Http');
  app.use((req: Request, res: Response, next: NextFunction) => {
    const id = requestId(req.headers['x-request-id']);
    res.setHeader(REQUEST_ID_HEADER, id);
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const outcome = res.writableFinished ? String(res.statusCode) : `${res.statusCode} aborted`;
      const line = `${req.method} ${req.originalUrl} ${outcome} ${ms.toFixed(1)} ms id=${id}`;
      const ofApi = req.path === `/${apiPrefix}` || req.path.startsWith(`/${apiPrefix}/`);
      if (ofApi || res.statusCode >= 400 || !res.writableFinished) logger.log(line);
      else logger.debug(line);
    });
    next();
  });
}
