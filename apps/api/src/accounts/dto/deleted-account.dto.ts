import { ApiProperty } from '@nestjs/swagger';

import type { DeletedAccount } from '@chat/core';

/** What deleting an account changed. */
export class DeletedAccountDto {
  /** The deleted account's name as registered; it stays reserved. */
  @ApiProperty({ example: 'bob' })
  public user!: string;

  /** Messages (and changes to messages) now shown as sent by "deleted user". */
  @ApiProperty({ example: 42 })
  public messages!: number;

  /** Files removed: those nobody else could see. */
  @ApiProperty({ example: 3 })
  public files!: number;

  public static from(deleted: DeletedAccount): DeletedAccountDto {
    return { user: deleted.username, messages: deleted.messages, files: deleted.files };
  }
}
