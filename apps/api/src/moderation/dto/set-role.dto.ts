import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

import type { Role } from '@chat/protocol';

import { ROLES } from '../../auth/dto/user-summary.dto';

export class SetRoleDto {
  /** `admin` promotes, `user` demotes; it applies at once, on live connections too. */
  @ApiProperty({ enum: ROLES, enumName: 'Role', example: 'admin' })
  @IsIn(ROLES)
  public role!: Role;
}
