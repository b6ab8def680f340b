import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';

import type { MediaKind } from '@chat/protocol';

import type { MediaRequest } from './blob-storage.engine';

/** Tells the storage engine, before multer reads the body, what the file part is to become. */
class MediaKindInterceptor implements NestInterceptor {
  constructor(private readonly kind: MediaKind) {}

  public intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    context.switchToHttp().getRequest<MediaRequest>().mediaKind = this.kind;
    return next.handle();
  }
}

/** A multipart upload (part `file`) processed as `kind` (protocol.md §10) while it streams in. */
export function MediaUpload(kind: MediaKind): MethodDecorator & ClassDecorator {
  return applyDecorators(UseInterceptors(new MediaKindInterceptor(kind), FileInterceptor('file')));
}
