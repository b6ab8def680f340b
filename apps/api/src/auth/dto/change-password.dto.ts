import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

import { MAX_PASSWORD_LENGTH } from '@chat/protocol';

import { NewPasswordField } from './password-field';

/** The caller's password now and the one to replace it. */
export class ChangePasswordDto {
  /** Checked as a log-in checks it. */
  @ApiProperty({ maxLength: MAX_PASSWORD_LENGTH, format: 'password', example: 'correct horse' })
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  public currentPassword!: string;

  /** At least 8 characters. */
  @NewPasswordField('battery staple')
  public newPassword!: string;
}
