import { Controller, Get, Param, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';

import type { Actor } from '@chat/core';

import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import type { StoredUpload } from './blob-storage.engine';
import { FileInfoDto } from './dto/file-info.dto';
import { UploadFileDto } from './dto/upload-file.dto';
import { FilesHttpService } from './files.http.service';

@ApiTags('files')
@Controller('files')
export class FilesHttpController {
  constructor(private readonly files: FilesHttpService) {}

  @Post()
  @Authenticated()
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary: 'Upload a file',
    description:
      "Multipart, one part named `file`, streamed to the store and hashed on the way (never held whole). Send it with the protocol's `send` (`fileId`).",
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadFileDto })
  @ApiCreatedResponse({ type: FileInfoDto })
  @ApiErrors(
    { code: 'INVALID', message: 'A multipart part named "file" is required', details: { field: 'file' } },
    { code: 'FILE_TOO_LARGE', message: 'Files are limited to 104857600 bytes', details: { max: 104857600 } },
  )
  public upload(@UploadedFile() file: StoredUpload | undefined): FileInfoDto {
    return this.files.uploaded(file);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({
    summary: 'Download a file',
    description:
      'Streamed. Only its uploader and the participants of a conversation that carried it may read it ' +
      "(a picture's thumbnail: whoever may read the picture). Answers `Range` requests (206), so that " +
      'browsers can seek in a voice message; the ETag is the SHA-256 (`If-None-Match`: 304).',
  })
  @ApiParam({ name: 'id', example: 'f_3kTMd9vQn2xWcY1z' })
  @ApiHeader({ name: 'Range', required: false, description: 'One byte range, e.g. `bytes=0-1023`' })
  @ApiOkResponse({
    description: "The bytes, with the file's content type",
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiResponse({
    status: 206,
    description: 'The range asked for, with `Content-Range`',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiResponse({ status: 304, description: 'Not modified (`If-None-Match` names the ETag)' })
  @ApiErrors(
    { code: 'NO_SUCH_FILE', message: 'No such file' },
    { code: 'RANGE_NOT_SATISFIABLE', message: 'The file has 48213 bytes', details: { size: 48213 } },
  )
  public download(@CurrentUser() user: Actor, @Param('id') id: string, @Res() res: Response): Promise<void> {
    return this.files.download(user, id, res);
  }
}
