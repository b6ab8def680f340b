import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, Max, MaxLength } from 'class-validator';

import { IsOptionalNotNull, IsPositiveMinutes, MAX_MINUTES } from './minutes.validator';

export class MuteUserDto {
  /** Shown to the user and to everyone in the notice, and kept in the audit log. */
  @ApiPropertyOptional({ maxLength: 500, example: 'flooding' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  public reason?: string;

  /** How long the mute lasts, in minutes (fractions allowed); none: until lifted. */
  @ApiPropertyOptional({ minimum: 0, exclusiveMinimum: true, maximum: MAX_MINUTES, example: 10 })
  @IsOptionalNotNull()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'minutes must be a number' })
  @IsPositiveMinutes()
  @Max(MAX_MINUTES)
  public minutes?: number;
}
