import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class StoreHealthDto {
  @ApiProperty({ enum: ['sqlite', 'mongodb'], example: 'sqlite' })
  public kind!: 'sqlite' | 'mongodb';

  @ApiProperty({ example: true })
  public reachable!: boolean;
}

export class EdgeHealthDto {
  /** Whether the edge answered on its control channel within a second. */
  @ApiProperty({ example: true })
  public reachable!: boolean;

  /** Open connections on the edge, when reachable. */
  @ApiPropertyOptional({ example: 3 })
  public connections?: number;

  /** Users online, when reachable. */
  @ApiPropertyOptional({ example: 2 })
  public online?: number;
}

export class MediaJobsDto {
  /** Jobs at once in the api (MEDIA_JOBS). */
  @ApiProperty({ example: 2 })
  public max!: number;

  @ApiProperty({ example: 0 })
  public running!: number;

  @ApiProperty({ example: 0 })
  public waiting!: number;
}

/** Voice messages and pictures (protocol.md §10), as the api processes them. */
export class MediaHealthDto {
  /** Whether ffmpeg was found: without it the media routes answer MEDIA_UNAVAILABLE. */
  @ApiProperty({ example: true })
  public available!: boolean;

  /** The ffmpeg in use. */
  @ApiPropertyOptional({ example: '5.1.9-0+deb12u1' })
  public ffmpegVersion?: string;

  /** Where it was found. */
  @ApiPropertyOptional({ enum: ['FFMPEG_PATH', 'ffmpeg-static', 'PATH'], example: 'PATH' })
  public ffmpegSource?: 'FFMPEG_PATH' | 'ffmpeg-static' | 'PATH';

  /** Why media is off, when it is. */
  @ApiPropertyOptional({ example: 'No ffmpeg found (FFMPEG_PATH, ffmpeg-static, PATH)' })
  public reason?: string;

  public jobs!: MediaJobsDto;
}

/** `ok`: store and edge reachable; `degraded`: the edge is not (moderation still applies to the store); `down`: the store is not. */
export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded', 'down'], enumName: 'HealthStatus', example: 'ok' })
  public status!: 'ok' | 'degraded' | 'down';

  public store!: StoreHealthDto;

  public edge!: EdgeHealthDto;

  public media!: MediaHealthDto;
}
