import { Controller, HttpCode, HttpStatus, Post, UploadedFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Authenticated } from '../auth/authenticated.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import type { StoredUpload } from './blob-storage.engine';
import { MediaFileDto } from './dto/media-file.dto';
import { UploadFileDto } from './dto/upload-file.dto';
import { FilesHttpService } from './files.http.service';
import { MediaUpload } from './media-upload.decorator';

const MISSING_PART = {
  code: 'INVALID',
  message: 'A multipart part named "file" is required',
  details: { field: 'file' },
} as const;
const TOO_LARGE = {
  code: 'FILE_TOO_LARGE',
  message: 'Files are limited to 104857600 bytes',
  details: { max: 104857600 },
} as const;
const BUSY = { code: 'SERVER_BUSY', message: 'Too many media jobs waiting; try again shortly' } as const;
const UNAVAILABLE = {
  code: 'MEDIA_UNAVAILABLE',
  message:
    'Voice messages cannot be processed: this server has no ffmpeg (its administrator can install it or set FFMPEG_PATH)',
} as const;

@ApiTags('media')
@Controller('media')
export class MediaHttpController {
  constructor(private readonly files: FilesHttpService) {}

  @Post('voice')
  @HttpCode(HttpStatus.CREATED)
  @Authenticated()
  @MediaUpload('voice')
  @ApiOperation({
    summary: 'Upload a voice message',
    description:
      'Multipart, one part named `file`: any recording ffmpeg decodes (WebM/Opus, MP4/AAC, WAV, MP3, Ogg). ' +
      'Stored as mono AAC in MP4 (which Chromium, Firefox and Safari all play), loudness-normalised, ' +
      "silence trimmed at both ends, with its duration and waveform. Send it with the protocol's `send` (`fileId`).",
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadFileDto })
  @ApiCreatedResponse({ type: MediaFileDto })
  @ApiErrors(
    MISSING_PART,
    TOO_LARGE,
    { code: 'UNSUPPORTED_MEDIA', message: 'No audio in this file' },
    { code: 'MEDIA_TOO_LONG', message: 'Voice messages are limited to 300 s', details: { max: 300 } },
    UNAVAILABLE,
    BUSY,
  )
  public voice(@UploadedFile() file: StoredUpload | undefined): MediaFileDto {
    return this.files.processed(file);
  }

  @Post('image')
  @HttpCode(HttpStatus.CREATED)
  @Authenticated()
  @MediaUpload('image')
  @ApiOperation({
    summary: 'Upload a picture',
    description:
      'Multipart, one part named `file`: JPEG, PNG, WebP, GIF (its first frame) or another still. ' +
      'Stored as a JPEG turned upright, every tag (EXIF, GPS, XMP) removed, its longest side at most MAX_IMAGE_PX, ' +
      "with a thumbnail (`media.thumbId`). Send it with the protocol's `send` (`fileId`).",
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadFileDto })
  @ApiCreatedResponse({ type: MediaFileDto })
  @ApiErrors(
    MISSING_PART,
    TOO_LARGE,
    { code: 'UNSUPPORTED_MEDIA', message: 'Not a picture the server can read' },
    { ...UNAVAILABLE, message: UNAVAILABLE.message.replace('Voice messages', 'Pictures') },
    BUSY,
  )
  public image(@UploadedFile() file: StoredUpload | undefined): MediaFileDto {
    return this.files.processed(file);
  }
}
