import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';

import { ChatError, ErrorCode } from '@chat/protocol';

import { requestIdOf } from './request-log';

/** Codes for errors raised by the framework rather than the domain (unknown route, bad JSON, ...). */
const CODE_FOR_STATUS: Partial<Record<number, ErrorCode | 'NOT_FOUND'>> = {
  [HttpStatus.BAD_REQUEST]: 'INVALID',
  [HttpStatus.UNAUTHORIZED]: 'NOT_AUTHENTICATED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'FILE_TOO_LARGE',
  [HttpStatus.TOO_MANY_REQUESTS]: 'RATE_LIMITED',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'SERVER_BUSY',
};

/**
 * The one place errors become HTTP responses: a ChatError through the protocol's error table
 * (`ChatError.httpStatus`), the framework's own exceptions by status, anything else as 500
 * INTERNAL without its text. Body: `{statusCode, code, message, ...details}`; an error with
 * `retryAfterMs` (RATE_LIMITED, SERVER_BUSY) also gets `Retry-After` in whole seconds.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  public catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception, requestIdOf(res));
    if (res.headersSent) {
      // A streamed download failed midway: all we can do is cut the connection.
      res.destroy();
      return;
    }
    const retryAfterMs = (body as { retryAfterMs?: unknown }).retryAfterMs;
    if (typeof retryAfterMs === 'number') {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
    }
    res.status(body.statusCode).json(body);
  }

  /** `requestId`: named in the log of an unexpected error, as in the request's own line. */
  private toBody(
    exception: unknown,
    requestId?: string,
  ): { statusCode: number; code: string; message: string } {
    const context = requestId ? `request ${requestId}: ` : '';
    if (exception instanceof ChatError) {
      if (exception.code === 'INTERNAL') this.logger.error(context + (exception.stack ?? exception.message));
      return {
        statusCode: exception.httpStatus,
        code: exception.code,
        message: exception.message,
        ...exception.details,
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : exception.message;
      const code = CODE_FOR_STATUS[statusCode] ?? (statusCode >= 500 ? 'INTERNAL' : 'INVALID');
      return { statusCode, code, message };
    }
    this.logger.error(
      context + (exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)),
    );
    const internal = new ChatError('INTERNAL');
    return { statusCode: internal.httpStatus, code: internal.code, message: internal.message };
  }
}
