import { HttpErrorResponse } from '@angular/common/http';

import { ChatError, toChatError } from '@chat/protocol';

/**
 * A failed api call as a ChatError: the api's error body `{statusCode, code, message, ...details}`
 * through the protocol's one converter (which also reads error frames); a network failure or a
 * body that is not the api's as INTERNAL.
 */
export function fromHttpError(err: unknown): ChatError {
  if (err instanceof ChatError) return err;
  if (err instanceof HttpErrorResponse) {
    const body: unknown = err.error;
    if (typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string') {
      return toChatError(body);
    }
    if (err.status === 0) return new ChatError('INTERNAL', 'The server cannot be reached');
  }
  return new ChatError('INTERNAL', err instanceof Error ? err.message : undefined);
}
