import { ApiProperty } from '@nestjs/swagger';

import type { RoomSummary } from '@chat/data';
import type { RoomInfo } from '@chat/protocol';

import { PageDto } from '../../common/dto/page.dto';

/** A room as the protocol's room object describes it (§12), for the caller. */
export class RoomDto implements RoomInfo {
  /** Canonical (lower-case) name, `#` included. */
  @ApiProperty({ example: '#dev' })
  public room!: string;

  /** Empty when none was set. */
  @ApiProperty({ example: 'Builds and bugs' })
  public topic!: string;

  @ApiProperty({ example: false })
  public private!: boolean;

  /** Its creator. */
  @ApiProperty({ example: 'alice' })
  public owner!: string;

  /** How many members it has. */
  @ApiProperty({ example: 12 })
  public members!: number;

  /** Whether the caller is one of them. */
  @ApiProperty({ example: true })
  public joined!: boolean;
}

export class RoomListDto {
  /** The public rooms and the caller's own, by name. */
  @ApiProperty({ type: [RoomDto] })
  public rooms!: RoomDto[];
}

export class RoomMembersDto {
  /** Every member, sorted. */
  @ApiProperty({ type: [String], example: ['alice', 'bob', 'carol'] })
  public members!: string[];

  /** The members online now, sorted. */
  @ApiProperty({ type: [String], example: ['alice', 'carol'] })
  public online!: string[];
}

export class RoomRefDto {
  @ApiProperty({ example: '#dev' })
  public room!: string;
}

export class RoomUserDto extends RoomRefDto {
  @ApiProperty({ example: 'bob' })
  public user!: string;
}

export class RoomRemovalDto extends RoomUserDto {
  /** Set when the user was banned too: until when (ISO 8601), or null until lifted. */
  @ApiProperty({ required: false, nullable: true, format: 'date-time', example: '2026-12-02T21:00:00.000Z' })
  public until?: string | null;
}

/** A room as admins list it: every room, private ones too. */
export class AdminRoomDto {
  @ApiProperty({ example: '#dev' })
  public room!: string;

  @ApiProperty({ example: 'Builds and bugs' })
  public topic!: string;

  @ApiProperty({ example: false })
  public private!: boolean;

  @ApiProperty({ example: 'alice' })
  public owner!: string;

  @ApiProperty({ example: 12 })
  public members!: number;

  @ApiProperty({ format: 'date-time', example: '2026-12-02T19:00:00.000Z' })
  public createdAt!: string;

  public static from(room: RoomSummary): AdminRoomDto {
    return {
      room: room.name,
      topic: room.topic,
      private: room.private,
      owner: room.owner,
      members: room.members,
      createdAt: room.createdAt.toISOString(),
    };
  }
}

/** One page of every room, by name. */
export class AdminRoomPageDto extends PageDto(AdminRoomDto) {}
