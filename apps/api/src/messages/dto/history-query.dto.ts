import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

import { HistoryInput } from '@chat/core';
import {
  HISTORY_DEFAULT_LIMIT,
  HISTORY_MAX_LIMIT,
  MAX_RECIPIENT_LENGTH,
  MAX_RECIPIENTS,
} from '@chat/protocol';

/** The protocol's `history` frame as a query string. */
export class HistoryQueryDto {
  /** `*` (everyone), a user name (private), comma-separated names (that group), or a room (`#dev`, sent as `%23dev`). */
  @ApiProperty({ example: 'bob,carol' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_RECIPIENTS * (MAX_RECIPIENT_LENGTH + 1)) // the most names, with their commas
  @Matches(/^[^,]+(,[^,]+)*$/, {
    message: 'with must be *, a user name, comma-separated user names, or a room',
  })
  public with!: string;

  /** Only messages with a smaller `seq` (to page back). */
  @ApiPropertyOptional({ minimum: 0, example: 42 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  public before?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: HISTORY_MAX_LIMIT,
    default: HISTORY_DEFAULT_LIMIT,
    example: HISTORY_DEFAULT_LIMIT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(HISTORY_MAX_LIMIT)
  public limit?: number;

  public toInput(): HistoryInput {
    const names = this.with.split(',').map((n) => n.trim());
    return { with: names.length === 1 ? names[0] : names, before: this.before, limit: this.limit };
  }
}
