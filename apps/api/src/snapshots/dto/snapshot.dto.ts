import { ApiProperty } from '@nestjs/swagger';

import type { SnapshotRecord } from '@chat/data';

/** A screenshot in the caller's Snapshots folder: private to them until they send it. */
export class SnapshotDto {
  @ApiProperty({ example: 's_Kq3vT9xWn2cY1zLd' })
  public id!: string;

  /** The picture as taken: `GET /api/files/{fileId}` (its owner only). */
  @ApiProperty({ example: 'f_3kTMd9vQn2xWcY1z' })
  public fileId!: string;

  /** A JPEG of at most 320 px on its longest side, for the gallery. */
  @ApiProperty({ example: 'f_Q2x9vTn4KcWm8pLd' })
  public thumbId!: string;

  @ApiProperty({ example: 'screenshot-20261202-091500.png' })
  public name!: string;

  /** Of the picture, as found in its bytes. */
  @ApiProperty({ enum: ['image/png', 'image/jpeg'], example: 'image/png' })
  public mime!: string;

  /** In bytes. */
  @ApiProperty({ example: 184233 })
  public size!: number;

  /** In pixels. */
  @ApiProperty({ example: 1280 })
  public width!: number;

  /** In pixels. */
  @ApiProperty({ example: 720 })
  public height!: number;

  @ApiProperty({ format: 'date-time', example: '2026-12-02T09:15:00.000Z' })
  public createdAt!: string;

  public static from(s: SnapshotRecord): SnapshotDto {
    return {
      id: s.id,
      fileId: s.fileId,
      thumbId: s.thumbId,
      name: s.name,
      mime: s.mime,
      size: s.size,
      width: s.width,
      height: s.height,
      createdAt: s.createdAt.toISOString(),
    };
  }
}
