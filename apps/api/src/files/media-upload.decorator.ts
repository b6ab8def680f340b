import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';

import type { ProcessingKind } from '@chat/core';

import type { MediaRequest } from './blob-storage.engine';

/** Tells the storage engine, before multer reads the body, what the file part is to become. */
class MediaKindInterceptor implements NestInterceptor {
  constructor(private readonly kind: ProcessingKind) {}

  public intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    context.switchToHttp().getRequest<MediaRequest>().mediaKind = this.kind;
    return next.handle();
  }
}

/** A multipart upload (part `file`) processed as `kind` (protocol.md §10, or a music track) while it streams in. */
export function MediaUpload(kind: ProcessingKind): MethodDecorator & ClassDecorator {
  return applyDecorators(UseInterceptors(new MediaKindInterceptor(kind), FileInterceptor('file')));
}
