import { ApiExtraModels, ApiProperty } from '@nestjs/swagger';

import type { FileRecord } from '@chat/data';
import type { MediaFileReply, MediaInfo } from '@chat/protocol';

import { ImageMediaDto, MEDIA_INFO_PROPERTY, VoiceMediaDto } from './media-info.dto';

/** A stored voice message or picture, as `POST /api/media/voice` and `/api/media/image` answer. */
@ApiExtraModels(VoiceMediaDto, ImageMediaDto)
export class MediaFileDto implements MediaFileReply {
  /** Use it in `send` (`fileId`) or to download. */
  @ApiProperty({ example: 'f_3kTMd9vQn2xWcY1z' })
  public fileId!: string;

  /** The uploaded name with the stored format's extension. */
  @ApiProperty({ example: 'voice.m4a' })
  public name!: string;

  /** In bytes, of the processed file. */
  @ApiProperty({ example: 28113 })
  public size!: number;

  /** Hex SHA-256 of the processed file's bytes. */
  @ApiProperty({
    pattern: '^[0-9a-f]{64}$',
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  })
  public sha256!: string;

  @ApiProperty({ example: 'audio/mp4' })
  public mime!: string;

  /** What the file is: a voice message's duration and waveform, or a picture's size and thumbnail. */
  @ApiProperty(MEDIA_INFO_PROPERTY)
  public media!: MediaInfo;

  public static from(f: FileRecord): MediaFileDto {
    return { fileId: f.id, name: f.name, size: f.size, sha256: f.sha256, mime: f.mime, media: f.media! };
  }
}
