import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

import { DEFAULT_LIMITS } from '@chat/protocol';

export class AnnounceDto {
  /** Sent to every logged-in connection as a `notice` event. */
  @ApiProperty({ maxLength: DEFAULT_LIMITS.text, example: 'The server restarts at 22:00' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(DEFAULT_LIMITS.text)
  public text!: string;
}
