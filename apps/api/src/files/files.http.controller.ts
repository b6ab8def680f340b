import {
  Controller,
  Get,
  Header,
  Param,
  Post,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';

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
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiOperation({
    summary: 'Download a file',
    description:
      'Streamed. Only its uploader and the participants of a conversation that carried it may read it.',
  })
  @ApiParam({ name: 'id', example: 'f_3kTMd9vQn2xWcY1z' })
  @ApiOkResponse({
    description: "The bytes, with the file's content type",
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors({ code: 'NO_SUCH_FILE', message: 'No such file' })
  public download(@CurrentUser() user: Actor, @Param('id') id: string): Promise<StreamableFile> {
    return this.files.download(user, id);
  }
}
