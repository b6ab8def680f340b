import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

import { MAX_SEARCH_LENGTH } from '@chat/protocol';

import { PageQueryDto } from '../../common/dto/page-query.dto';

export class ListUsersQueryDto extends PageQueryDto {
  /** Case-insensitive part of the user name. */
  @ApiPropertyOptional({ maxLength: MAX_SEARCH_LENGTH, example: 'ali' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SEARCH_LENGTH)
  public search?: string;
}
