import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export const MAX_TRACK_TITLE = 200;

/** The multipart body of `POST /api/music` (multer streams the file; the other fields are validated). */
export class AddMusicTrackDto {
  /** Any audio ffmpeg decodes: MP3, AAC/MP4, FLAC, Ogg/Vorbis or Opus, WAV, AIFF. */
  @ApiProperty({ type: 'string', format: 'binary' })
  public file?: unknown;

  /** Shown in the player; the file's name without its extension when absent or blank. */
  @ApiPropertyOptional({ maxLength: MAX_TRACK_TITLE, example: 'Evening rain' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TRACK_TITLE)
  public title?: string;
}
