import { ApiProperty } from '@nestjs/swagger';

/** The multipart body of a snapshot upload (documentation only: multer reads it). */
export class UploadSnapshotDto {
  /** A PNG or JPEG of at most 10 MB; its part's file name is kept, with its format's extension. */
  @ApiProperty({ type: 'string', format: 'binary' })
  public file!: unknown;
}
