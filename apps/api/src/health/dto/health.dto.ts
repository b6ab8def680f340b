import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class StoreHealthDto {
  @ApiProperty({ enum: ['sqlite', 'mongodb'], example: 'sqlite' })
  public kind!: 'sqlite' | 'mongodb';

  @ApiProperty({ example: true })
  public reachable!: boolean;

  /** What is wrong with the stored data (a damaged database file), when something is: then `down`. */
  @ApiPropertyOptional({ example: '/srv/chat/data/chat.db: database disk image is malformed' })
  public error?: string;
}

/** Space left where the database and the files are. */
export class DiskHealthDto {
  /** The folder measured (the blobs', beside the database). */
  @ApiProperty({ example: '/srv/chat/data/files' })
  public path!: string;

  @ApiPropertyOptional({ example: 52_000_000_000 })
  public freeBytes?: number;

  @ApiPropertyOptional({ example: 250_000_000_000 })
  public totalBytes?: number;

  /** Under 100 MiB or 1 % free: uploads and messages will soon fail, so health says `degraded`. */
  @ApiProperty({ example: false })
  public low!: boolean;

  /** Why the space could not be read, when it could not. */
  @ApiPropertyOptional()
  public error?: string;
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

/**
 * `ok`: store and edge reachable, disk space enough; `degraded`: the edge is not reachable
 * (moderation still applies to the store) or disk space is low; `down`: the store is unreachable
 * or its data damaged.
 */
export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded', 'down'], enumName: 'HealthStatus', example: 'ok' })
  public status!: 'ok' | 'degraded' | 'down';

  /** Why the status is not `ok`, one sentence each. */
  @ApiPropertyOptional({
    type: [String],
    example: ['Low disk space: 80 MiB free of 20480 MiB in /data/files'],
  })
  public reasons?: string[];

  public store!: StoreHealthDto;

  public edge!: EdgeHealthDto;

  public disk!: DiskHealthDto;

  public media!: MediaHealthDto;
}
