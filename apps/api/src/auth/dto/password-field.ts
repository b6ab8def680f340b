import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@chat/protocol';

/**
 * A password being set (registration, change, an admin's reset): its document and its shape check.
 * Its strength (the minimum length) is the auth service's rule, answered as WEAK_PASSWORD.
 */
export function NewPasswordField(example: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      minLength: MIN_PASSWORD_LENGTH,
      maxLength: MAX_PASSWORD_LENGTH,
      format: 'password',
      example,
    }),
    // In the order stacked decorators apply (the lowest first), so that a missing password is
    // answered "must be a string" as every other field is.
    MaxLength(MAX_PASSWORD_LENGTH),
    IsString(),
  );
}
