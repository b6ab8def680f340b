import { ApiProperty } from '@nestjs/swagger';

/** Who is online now: the protocol's `who`. */
export class OnlineUsersDto {
  /** Sorted names. */
  @ApiProperty({ type: [String], example: ['alice', 'bob'] })
  public online!: string[];

  @ApiProperty({ example: 2 })
  public count!: number;
}
