import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsNumber, IsOptional, IsString, Max, MaxLength } from 'class-validator';

import {
  MAX_MINUTES,
  MAX_REASON_LENGTH,
  MAX_ROOM_INPUT_LENGTH,
  MAX_SEARCH_LENGTH,
  MAX_TOPIC_LENGTH,
  MAX_USERNAME_INPUT_LENGTH,
  ROOM_NAME_RULE,
} from '@chat/protocol';

import { PageQueryDto } from '../../common/dto/page-query.dto';
import { IsPositiveMinutes } from '../../moderation/dto/minutes.validator';

/** `room.create` as a body; the name's rule is the service's (`INVALID_ROOM`). */
export class CreateRoomDto {
  @ApiProperty({ description: ROOM_NAME_RULE, maxLength: MAX_ROOM_INPUT_LENGTH, example: '#dev' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_ROOM_INPUT_LENGTH)
  public room!: string;

  @ApiPropertyOptional({ maxLength: MAX_TOPIC_LENGTH, example: 'Builds and bugs' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TOPIC_LENGTH)
  public topic?: string;

  /** By invitation only. */
  @ApiPropertyOptional({ default: false, example: false })
  @IsOptional()
  @IsBoolean()
  public private?: boolean;
}

export class InviteDto {
  @ApiProperty({ maxLength: MAX_USERNAME_INPUT_LENGTH, example: 'bob' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_USERNAME_INPUT_LENGTH)
  public user!: string;
}

export class TopicDto {
  /** Empty clears it. */
  @ApiProperty({ maxLength: MAX_TOPIC_LENGTH, example: 'Release on Friday' })
  @IsString()
  @MaxLength(MAX_TOPIC_LENGTH)
  public topic!: string;
}

export class RoomSearchQueryDto {
  /** Case-insensitive part of the name or the topic. */
  @ApiPropertyOptional({ maxLength: MAX_SEARCH_LENGTH, example: 'dev' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SEARCH_LENGTH)
  public search?: string;
}

/** The admin list's query: a page, and the same search as the rooms list. */
export class AdminRoomsQueryDto extends IntersectionType(PageQueryDto, RoomSearchQueryDto) {}

/** How a member is removed: why, and whether they are banned from the room too (for how long). */
export class RemoveMemberQueryDto {
  @ApiPropertyOptional({ maxLength: MAX_REASON_LENGTH, example: 'spam' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_REASON_LENGTH)
  public reason?: string;

  /** Also bans them from the room: joining again fails with `BANNED_FROM_ROOM`. */
  @ApiPropertyOptional({ default: false, example: true })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  public ban?: boolean;

  /** How long the ban lasts, in minutes (fractions allowed); none: until lifted. */
  @ApiPropertyOptional({ minimum: 0, exclusiveMinimum: true, maximum: MAX_MINUTES, example: 60 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'minutes must be a number' })
  @IsPositiveMinutes()
  @Max(MAX_MINUTES)
  public minutes?: number;
}
