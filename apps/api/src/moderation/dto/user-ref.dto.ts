import { ApiProperty } from '@nestjs/swagger';

import type { UserRecord } from '@chat/data';

/** The user acted on: the protocol's `ok` reply. */
export class UserRefDto {
  /** The user's name as registered. */
  @ApiProperty({ example: 'bob' })
  public user!: string;

  public static from(user: UserRecord): UserRefDto {
    return { user: user.username };
  }
}
