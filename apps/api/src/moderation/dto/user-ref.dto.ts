import { ApiProperty } from '@nestjs/swagger';

import type { Moderated } from '@chat/core';

/** The user acted on: the protocol's `ok` reply, and whether the live effect got through. */
export class UserRefDto {
  /** The user's name as registered. */
  @ApiProperty({ example: 'bob' })
  public user!: string;

  /**
   * Whether the edge was told at once. False when its control channel could not be reached: a
   * ban or mute is stored all the same and ends the user's session at their next send or log-in;
   * a kick or a sign-out then did nothing live.
   */
  @ApiProperty({ example: true })
  public live!: boolean;

  public static from({ user, live }: Moderated): UserRefDto {
    return { user: user.username, live };
  }
}
