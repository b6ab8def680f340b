import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

import { ERROR_TABLE, ErrorCode } from '@chat/protocol';

import { ErrorResponseDto } from './dto/error-response.dto';

/** One documented error: its code, and optionally the message and extra fields of the example. */
export interface ApiErrorExample {
  code: ErrorCode;
  message?: string;
  details?: Record<string, unknown>;
  /** Name of the example when one code has several (defaults to the code). */
  name?: string;
}

/**
 * Documents the errors a route can answer, grouped by HTTP status (the protocol's error table),
 * each with an example body. Decorators on the same route merge their examples per status.
 */
export function ApiErrors(...errors: (ErrorCode | ApiErrorExample)[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ApiErrorExample[]>();
  for (const e of errors.map((x) => (typeof x === 'string' ? { code: x } : x))) {
    const status = ERROR_TABLE[e.code].http;
    byStatus.set(status, [...(byStatus.get(status) ?? []), e]);
  }
  return applyDecorators(
    ...[...byStatus].map(([status, examples]) =>
      ApiResponse({
        status,
        description: examples
          .map((e) => `\`${e.code}\`: ${e.message ?? ERROR_TABLE[e.code].message}`)
          .join('; '),
        type: ErrorResponseDto,
        ...(examples.some((e) => e.details && 'retryAfterMs' in e.details) ? RETRY_AFTER : {}),
        examples: Object.fromEntries(
          examples.map((e) => [
            e.name ?? e.code,
            {
              summary: e.message ?? ERROR_TABLE[e.code].message,
              value: {
                statusCode: status,
                code: e.code,
                message: e.message ?? ERROR_TABLE[e.code].message,
                ...e.details,
              },
            },
          ]),
        ),
      }),
    ),
  );
}

/** The header an answer with `retryAfterMs` carries (HttpErrorFilter). */
const RETRY_AFTER = {
  headers: {
    'Retry-After': {
      description: 'Seconds to wait before trying again: `retryAfterMs` rounded up',
      schema: { type: 'integer' as const, minimum: 1 },
    },
  },
};

/** The error every route with a body or a query can answer: a field missing, of the wrong type, or unknown. */
export const INVALID_BODY: ApiErrorExample = {
  code: 'INVALID',
  message: 'minutes must be a positive number',
};
