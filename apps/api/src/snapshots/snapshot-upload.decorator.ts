import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  NestInterceptor,
  PayloadTooLargeException,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { catchError, Observable, throwError } from 'rxjs';

import { ChatError, MULTIPART_LIMITS } from '@chat/protocol';

/** Multer's "too large" (a bare 413) as the protocol's FILE_TOO_LARGE, with the limit. */
class TooLargeInterceptor implements NestInterceptor {
  constructor(private readonly max: number) {}

  public intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((err: unknown) =>
        throwError(() =>
          err instanceof PayloadTooLargeException
            ? new ChatError('FILE_TOO_LARGE', `Snapshots are limited to ${this.max} bytes`, {
                max: this.max,
              })
            : err,
        ),
      ),
    );
  }
}

/**
 * A multipart upload (part `file`) of at most `max` bytes, held in memory: the picture is
 * decoded whole to be checked anyway, and `max` bounds what a request may hold.
 */
export function SnapshotUpload(max: number): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseInterceptors(
      new TooLargeInterceptor(max),
      FileInterceptor('file', { storage: memoryStorage(), limits: { ...MULTIPART_LIMITS, fileSize: max } }),
    ),
  );
}
