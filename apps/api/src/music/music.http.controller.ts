import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  UploadedFile,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';

import type { Actor } from '@chat/core';

import { AdminOnly, Authenticated } from '../auth/authenticated.decorator';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import type { StoredUpload } from '../files/blob-storage.engine';
import { MediaUpload } from '../files/media-upload.decorator';
import { AddMusicTrackDto, MAX_TRACK_TITLE } from './dto/add-music-track.dto';
import { MusicTrackDto } from './dto/music-track.dto';
import { MusicService } from './music.service';

@ApiTags('music')
@Controller('music')
export class MusicHttpController {
  constructor(private readonly music: MusicService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'The music tracks',
    description: 'In the order they were added. Every logged-in user may play (download) their files.',
  })
  @ApiOkResponse({ type: [MusicTrackDto] })
  public list(): Promise<MusicTrackDto[]> {
    return this.music.list();
  }

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @AdminOnly()
  @MediaUpload('music')
  @ApiOperation({
    summary: 'Add a music track',
    description:
      'Multipart: a part named `file` (any audio ffmpeg decodes) and an optional `title` (sent before the file). ' +
      'Stored as stereo AAC-LC in MP4 at 128 kb/s (the voice messages’ format, in stereo and at a music bit rate), ' +
      'its loudness brought towards -16 LUFS; at most 20 minutes.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: AddMusicTrackDto })
  @ApiCreatedResponse({ type: MusicTrackDto })
  @ApiErrors(
    { code: 'INVALID', message: 'A multipart part named "file" is required', details: { field: 'file' } },
    {
      code: 'INVALID',
      name: 'TITLE_TOO_LONG',
      message: `title must be at most ${MAX_TRACK_TITLE} characters`,
      details: { field: 'title' },
    },
    { code: 'FILE_TOO_LARGE', message: 'Files are limited to 104857600 bytes', details: { max: 104857600 } },
    { code: 'UNSUPPORTED_MEDIA', message: 'Not audio the server can read' },
    { code: 'MEDIA_TOO_LONG', message: 'Music tracks are limited to 1200 s', details: { max: 1200 } },
    {
      code: 'MEDIA_UNAVAILABLE',
      message:
        'Music tracks cannot be processed: this server has no ffmpeg (its administrator can install it or set FFMPEG_PATH)',
    },
    { code: 'SERVER_BUSY', message: 'Too many media jobs waiting; try again shortly' },
  )
  public add(
    @CurrentUser() user: Actor,
    @UploadedFile() file: StoredUpload | undefined,
    @Body() body: AddMusicTrackDto,
  ): Promise<MusicTrackDto> {
    return this.music.add(user, file, body.title);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @AdminOnly()
  @ApiOperation({
    summary: 'Remove a music track',
    description:
      'Unlists it. Its file stays for the conversations it was shared in; others can no longer download it.',
  })
  @ApiParam({ name: 'id', example: 't_Yc2pQ8vLm4xKd0sW' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors({ code: 'NO_SUCH_FILE', message: 'No such music track' })
  public remove(@Param('id') id: string): Promise<void> {
    return this.music.remove(id);
  }
}
