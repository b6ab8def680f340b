import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

import { PageQueryDto } from '../../common/dto/page-query.dto';

export class ListUsersQueryDto extends PageQueryDto {
  /** Case-insensitive part of the user name. */
  @ApiPropertyOptional({ maxLength: 64, example: 'ali' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  public search?: string;
}
