import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

import {
  MAX_USERNAME_INPUT_LENGTH,
  USERNAME_MAX_LENGTH,
  USERNAME_MIN_LENGTH,
  USERNAME_PATTERN,
} from '@chat/protocol';

import { NewPasswordField } from './password-field';

/**
 * A new account. The name and password rules are the protocol's (AuthService checks them, with the
 * protocol's codes INVALID_USERNAME and WEAK_PASSWORD); this DTO only checks the types.
 */
export class RegisterDto {
  /** 3 to 32 characters of A-Z a-z 0-9 _ . -; unique without regard to case. */
  @ApiProperty({
    pattern: USERNAME_PATTERN.source,
    minLength: USERNAME_MIN_LENGTH,
    maxLength: USERNAME_MAX_LENGTH,
    example: 'alice',
  })
  @IsString()
  @MaxLength(MAX_USERNAME_INPUT_LENGTH)
  public username!: string;

  /** At least 8 characters. */
  @NewPasswordField('correct horse')
  public password!: string;
}
