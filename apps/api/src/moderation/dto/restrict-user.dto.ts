import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, Max, MaxLength } from 'class-validator';

import { MAX_MINUTES, MAX_REASON_LENGTH } from '@chat/protocol';

import { IsOptionalNotNull, IsPositiveMinutes } from './minutes.validator';

/** A ban or a mute: the same two fields, the same rules (the protocol's `ban` and `mute` frames). */
export class RestrictUserDto {
  /** Shown to the user and to everyone in the notice, and kept in the audit log. */
  @ApiPropertyOptional({ maxLength: MAX_REASON_LENGTH, example: 'spam' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_REASON_LENGTH)
  public reason?: string;

  /** How long the ban or mute lasts, in minutes (fractions allowed); none: until lifted. */
  @ApiPropertyOptional({ minimum: 0, exclusiveMinimum: true, maximum: MAX_MINUTES, example: 60 })
  @IsOptionalNotNull()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'minutes must be a number' })
  @IsPositiveMinutes()
  @Max(MAX_MINUTES)
  public minutes?: number;
}
