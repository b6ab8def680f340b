import { ApiProperty } from '@nestjs/swagger';

import type { MusicTrackRecord } from '@chat/data';

/** A music track every logged-in user may play and share. */
export class MusicTrackDto {
  @ApiProperty({ example: 't_Yc2pQ8vLm4xKd0sW' })
  public id!: string;

  @ApiProperty({ example: 'Evening rain' })
  public title!: string;

  /** Length of the decoded audio, in milliseconds. */
  @ApiProperty({ example: 183_040 })
  public durationMs!: number;

  /** Its file: download it with `GET /api/files/{fileId}` (any logged-in user may), or send it with `send`. */
  @ApiProperty({ example: 'f_3kTMd9vQn2xWcY1z' })
  public fileId!: string;

  /** The stored format: stereo AAC-LC in MP4. */
  @ApiProperty({ example: 'audio/mp4' })
  public mime!: string;

  /** The admin who added it. */
  @ApiProperty({ example: 'root' })
  public addedBy!: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-02T08:15:00.000Z' })
  public addedAt!: string;

  public static from(t: MusicTrackRecord): MusicTrackDto {
    return {
      id: t.id,
      title: t.title,
      durationMs: t.durationMs,
      fileId: t.fileId,
      mime: t.mime,
      addedBy: t.addedBy,
      addedAt: t.addedAt.toISOString(),
    };
  }
}
