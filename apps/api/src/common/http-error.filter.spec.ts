import {
  ArgumentsHost,
  BadRequestException,
  Logger,
  NotFoundException,
  PayloadTooLargeException,
} from '@nestjs/common';
import { beforeAll, describe, expect, it } from 'vitest';

import { ChatError } from '@chat/protocol';

import { HttpErrorFilter } from './http-error.filter';

/**
 * A stand-in for Express' response and Nest's ArgumentsHost: the filter only sets a status and a
 * JSON body, and the e2e tests cover it on the real server.
 */
function respond(exception: unknown): { status: number; body: unknown; headers: Record<string, string> } {
  const out = { status: 0, body: undefined as unknown, headers: {} as Record<string, string> };
  const res = {
    headersSent: false,
    setHeader(name: string, value: string) {
      out.headers[name] = value;
      return this;
    },
    getHeader(name: string) {
      return out.headers[name];
    },
    status(code: number) {
      out.status = code;
      return this;
    },
    json(body: unknown) {
      out.body = body;
      return this;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  new HttpErrorFilter().catch(exception, host);
  return out;
}

describe(HttpErrorFilter.name, () => {
  // The filter logs unknown errors; the log is not what these tests look at.
  beforeAll(() => Logger.overrideLogger(false));

  it.each([
    [
      new ChatError('NO_SUCH_USER', 'No such user: bob'),
      404,
      { code: 'NO_SUCH_USER', message: 'No such user: bob' },
    ],
    [
      new ChatError('BANNED', 'You are banned', { until: null, reason: 'spam' }),
      403,
      { code: 'BANNED', until: null, reason: 'spam' },
    ],
    [new ChatError('USER_EXISTS'), 409, { code: 'USER_EXISTS', message: 'That user name is taken' }],
    [
      new ChatError('RATE_LIMITED', undefined, { retryAfterMs: 100 }),
      429,
      { code: 'RATE_LIMITED', retryAfterMs: 100 },
    ],
    [
      new BadRequestException(['a must be a string', 'b must be a number']),
      400,
      { code: 'INVALID', message: 'a must be a string; b must be a number' },
    ],
    [new NotFoundException('Cannot GET /api/x'), 404, { code: 'NOT_FOUND', message: 'Cannot GET /api/x' }],
    [new PayloadTooLargeException('File too large'), 413, { code: 'FILE_TOO_LARGE' }],
    [new Error('secret database detail'), 500, { code: 'INTERNAL', message: 'Internal error' }],
  ])('maps %s to %i', (exception, status, body) => {
    const sut = respond(exception);
    expect(sut.status).toBe(status);
    expect(sut.body).toMatchObject({ statusCode: status, ...body });
  });

  it.each([
    [new ChatError('RATE_LIMITED', undefined, { retryAfterMs: 1 }), '1'],
    [new ChatError('RATE_LIMITED', undefined, { retryAfterMs: 4_001 }), '5'],
    [new ChatError('SERVER_BUSY', undefined, { retryAfterMs: 1_000 }), '1'],
  ])('tells %s to retry after %s s in Retry-After', (exception, seconds) => {
    expect(respond(exception).headers).toEqual({ 'Retry-After': seconds });
  });

  it('sends no Retry-After without retryAfterMs', () => {
    expect(respond(new ChatError('RATE_LIMITED')).headers).toEqual({});
  });

  it('never leaks the text of an unknown error', () => {
    expect(JSON.stringify(respond(new Error('secret database detail')).body)).not.toContain('secret');
  });
});
