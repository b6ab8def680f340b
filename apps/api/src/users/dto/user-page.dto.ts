import { ApiProperty } from '@nestjs/swagger';

import { UserViewDto } from './user-view.dto';

/** One page of users, sorted by name. */
export class UserPageDto {
  @ApiProperty({ type: [UserViewDto] })
  public items!: UserViewDto[];

  /** How many users match, over all pages. */
  @ApiProperty({ example: 1 })
  public total!: number;

  @ApiProperty({ example: 0 })
  public offset!: number;

  @ApiProperty({ example: 50 })
  public limit!: number;
}
