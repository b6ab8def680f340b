import { ApiProperty } from '@nestjs/swagger';

/** The multipart body of an upload (documentation only: multer reads the stream). */
export class UploadFileDto {
  /** The file; its part's file name and content type are kept. */
  @ApiProperty({ type: 'string', format: 'binary' })
  public file!: unknown;
}
