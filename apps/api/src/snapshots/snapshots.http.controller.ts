import {
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
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

import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors, INVALID_BODY } from '../common/api-errors.decorator';
import { PageQueryDto } from '../common/dto/page-query.dto';
import { SnapshotDto } from './dto/snapshot.dto';
import { SnapshotPageDto } from './dto/snapshot-page.dto';
import { UploadSnapshotDto } from './dto/upload-snapshot.dto';
import { MAX_SNAPSHOT_BYTES } from './snapshot-image';
import { SnapshotUpload } from './snapshot-upload.decorator';
import { SnapshotsService } from './snapshots.service';

@ApiTags('snapshots')
@Controller('snapshots')
export class SnapshotsHttpController {
  constructor(private readonly snapshots: SnapshotsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: "The caller's snapshots",
    description:
      "The screenshots in the caller's Snapshots folder, newest first (nobody else's: there is no way to " +
      'list or read another user’s). Each names its picture and thumbnail, read with `GET /api/files/{id}`.',
  })
  @ApiOkResponse({ type: SnapshotPageDto })
  @ApiErrors({ ...INVALID_BODY, message: 'limit must not be greater than 1000', details: { field: 'limit' } })
  public list(@CurrentUser() user: Actor, @Query() query: PageQueryDto): Promise<SnapshotPageDto> {
    return this.snapshots.list(user, query);
  }

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @Authenticated()
  @SnapshotUpload(MAX_SNAPSHOT_BYTES)
  @ApiOperation({
    summary: 'Keep a screenshot',
    description:
      'Multipart, one part named `file`: a PNG or JPEG (checked by decoding it, whatever type the part claims), ' +
      'kept as it is, with a thumbnail. Private to the caller; to show it to others, send it as a picture ' +
      '(`POST /api/media/image`, then `send`).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadSnapshotDto })
  @ApiCreatedResponse({ type: SnapshotDto })
  @ApiErrors(
    { code: 'INVALID', message: 'A multipart part named "file" is required', details: { field: 'file' } },
    {
      code: 'FILE_TOO_LARGE',
      message: `Snapshots are limited to ${MAX_SNAPSHOT_BYTES} bytes`,
      details: { max: MAX_SNAPSHOT_BYTES },
    },
    { code: 'UNSUPPORTED_MEDIA', message: 'Snapshots are PNG or JPEG pictures' },
    {
      code: 'QUOTA_EXCEEDED',
      message: 'Your Snapshots folder holds at most 500 pictures; delete some first',
      details: { max: 500 },
    },
  )
  public add(
    @CurrentUser() user: Actor,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<SnapshotDto> {
    return this.snapshots.add(user, file);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Authenticated()
  @ApiOperation({
    summary: 'Delete a snapshot',
    description: "Removes it from the caller's folder; another user's snapshot is answered as absent.",
  })
  @ApiParam({ name: 'id', example: 's_Kq3vT9xWn2cY1zLd' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors({ code: 'NO_SUCH_FILE', message: 'No such snapshot' })
  public remove(@CurrentUser() user: Actor, @Param('id') id: string): Promise<void> {
    return this.snapshots.remove(user, id);
  }
}
