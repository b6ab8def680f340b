import { ApiProperty } from '@nestjs/swagger';

import { MessageDto } from './message.dto';

/** The protocol's `history` reply. */
export class HistoryDto {
  /** Oldest first. */
  @ApiProperty({ type: [MessageDto] })
  public messages!: MessageDto[];
}
