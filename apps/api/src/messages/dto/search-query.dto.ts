import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

import { SearchInput } from '@chat/core';
import {
  MAX_QUERY_LENGTH,
  MAX_RECIPIENT_LENGTH,
  MAX_RECIPIENTS,
  MAX_USERNAME_INPUT_LENGTH,
  SEARCH_DEFAULT_LIMIT,
  SEARCH_MAX_LIMIT,
} from '@chat/protocol';

/** The protocol's `search` frame as a query string. */
export class SearchQueryDto {
  /** Words that must all appear; the last may be the start of a word. */
  @ApiProperty({ maxLength: MAX_QUERY_LENGTH, example: 'deploy fri' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_QUERY_LENGTH)
  public q!: string;

  /** Only this conversation: `*`, a user name, comma-separated names, or a room (`%23dev`). */
  @ApiPropertyOptional({ example: '#dev' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_RECIPIENTS * (MAX_RECIPIENT_LENGTH + 1))
  @Matches(/^[^,]+(,[^,]+)*$/, {
    message: 'with must be *, a user name, comma-separated user names, or a room',
  })
  public with?: string;

  /** Only messages from this user. */
  @ApiPropertyOptional({ example: 'bob' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_USERNAME_INPUT_LENGTH)
  public from?: string;

  /** Only messages with a smaller `seq` (the next page: the last result's seq). */
  @ApiPropertyOptional({ minimum: 0, example: 420 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  public before?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: SEARCH_MAX_LIMIT, default: SEARCH_DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(SEARCH_MAX_LIMIT)
  public limit?: number;

  public toInput(): SearchInput {
    const names = this.with?.split(',').map((n) => n.trim());
    return {
      q: this.q,
      with: names === undefined ? undefined : names.length === 1 ? names[0] : names,
      from: this.from,
      before: this.before,
      limit: this.limit,
    };
  }
}
