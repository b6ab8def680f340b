import { ValidationError, ValidationPipe } from '@nestjs/common';

import { ChatError } from '@chat/protocol';

/**
 * Validates every body, query and parameter DTO: unknown fields are refused, query strings become
 * numbers where the DTO says so, and every problem is reported in one readable sentence as INVALID.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      return new ChatError('INVALID', problems.join('; ') || 'Invalid request', {
        field: firstField(errors),
      });
    },
  });
}

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    // One problem per field: the first constraint declared (class-validator lists it last), which is
    // the type check, so `"minutes": "x"` reads "must be a number", not also "must be positive".
    const messages = Object.values(e.constraints ?? {});
    const own = messages.slice(-1).map((m) => (prefix ? `${prefix}.${m}` : m));
    return [...own, ...flatten(e.children ?? [], prefix ? `${prefix}.${e.property}` : e.property)];
  });
}

function firstField(errors: ValidationError[]): string | null {
  return errors[0]?.property ?? null;
}
