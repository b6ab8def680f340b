import { ApiProperty } from '@nestjs/swagger';

import type { UserRecord } from '@chat/data';
import type { Role } from '@chat/protocol';

export const ROLES: Role[] = ['user', 'admin'];

/** A user's name and role. */
export class UserSummaryDto {
  /** The name as registered (case kept). */
  @ApiProperty({ example: 'alice' })
  public username!: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role', example: 'user' })
  public role!: Role;

  public static from(user: Pick<UserRecord, 'username' | 'role'>): UserSummaryDto {
    return { username: user.username, role: user.role };
  }
}
