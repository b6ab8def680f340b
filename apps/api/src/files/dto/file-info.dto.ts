import { ApiExtraModels, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import type { FileInfo, MediaInfo } from '@chat/protocol';

import { ImageMediaDto, MEDIA_INFO_PROPERTY, VoiceMediaDto } from './media-info.dto';

/** A stored file, as messages carry it (protocol.md §6). */
@ApiExtraModels(VoiceMediaDto, ImageMediaDto)
export class FileInfoDto {
  /** Use it in `send` (`fileId`) or to download. */
  @ApiProperty({ example: 'f_3kTMd9vQn2xWcY1z' })
  public id!: string;

  @ApiProperty({ example: 'photo.jpg' })
  public name!: string;

  /** In bytes. */
  @ApiProperty({ example: 48213 })
  public size!: number;

  /** Hex SHA-256 of the bytes. */
  @ApiProperty({
    pattern: '^[0-9a-f]{64}$',
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  })
  public sha256!: string;

  @ApiProperty({ example: 'image/jpeg' })
  public mime!: string;

  /** Set when the server processed the file as a voice message or a picture (protocol.md §10). */
  @ApiPropertyOptional(MEDIA_INFO_PROPERTY)
  public media?: MediaInfo;

  public static from(f: FileInfo): FileInfoDto {
    const dto: FileInfoDto = { id: f.id, name: f.name, size: f.size, sha256: f.sha256, mime: f.mime };
    if (f.media) dto.media = f.media;
    return dto;
  }
}
