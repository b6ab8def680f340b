import { ApiProperty } from '@nestjs/swagger';

import { PageDto } from '../../common/dto/page.dto';
import { SnapshotDto } from './snapshot.dto';

/** One page of the caller's snapshots, newest first. */
export class SnapshotPageDto extends PageDto(SnapshotDto) {
  /** How many snapshots a user may keep (`MAX_SNAPSHOTS`); beyond, an upload gets QUOTA_EXCEEDED. */
  @ApiProperty({ example: 500 })
  public max!: number;
}
