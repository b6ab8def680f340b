import { ApiProperty } from '@nestjs/swagger';

import { activeRestriction } from '@chat/core';
import type { UserRecord } from '@chat/data';
import type { Role } from '@chat/protocol';

import { ROLES } from '../../auth/dto/user-summary.dto';
import { RestrictionDto } from './restriction.dto';

/** A user as an admin sees it: role, presence, and the ban and mute in force (expired ones are null). */
export class UserViewDto {
  @ApiProperty({ example: 'alice' })
  public username!: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role', example: 'user' })
  public role!: Role;

  /** Logged in on at least one connection now (as the edge reports it). */
  @ApiProperty({ example: true })
  public online!: boolean;

  @ApiProperty({ format: 'date-time', example: '2026-11-01T09:00:00.000Z' })
  public createdAt!: string;

  /** When the user last logged out or was last seen by the edge; null: never logged in. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-22T09:30:00.000Z' })
  public lastSeen!: string | null;

  public ban!: RestrictionDto | null;

  public mute!: RestrictionDto | null;

  public static from(user: UserRecord, online: boolean, now = Date.now()): UserViewDto {
    const ban = activeRestriction(user.ban, now);
    const mute = activeRestriction(user.mute, now);
    return {
      username: user.username,
      role: user.role,
      online,
      createdAt: user.createdAt.toISOString(),
      lastSeen: user.lastSeen ? user.lastSeen.toISOString() : null,
      ban: ban ? RestrictionDto.from(ban) : null,
      mute: mute ? RestrictionDto.from(mute) : null,
    };
  }
}
