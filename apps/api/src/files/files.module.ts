import { DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';

import { FilesService } from '@chat/core';
import { MULTIPART_LIMITS } from '@chat/protocol';

import { BlobStorageEngine } from './blob-storage.engine';
import { FilesHttpController } from './files.http.controller';
import { FilesHttpService } from './files.http.service';
import { MediaHttpController } from './media.http.controller';

/** Multipart uploads streamed into FilesService; every module with an upload route imports it. */
export function uploadsMulterModule(): DynamicModule {
  return MulterModule.registerAsync({
    inject: [FilesService],
    useFactory: (files: FilesService) => ({
      storage: new BlobStorageEngine(files),
      // One byte over the limit reaches FilesService, which refuses it with FILE_TOO_LARGE. The
      // text fields, held in memory, are few and short (400 INVALID beyond).
      limits: { ...MULTIPART_LIMITS, fileSize: files.maxFileBytes + 1 },
      // Browsers send file names as UTF-8.
      defParamCharset: 'utf8',
    }),
  });
}

@Module({
  imports: [uploadsMulterModule()],
  controllers: [FilesHttpController, MediaHttpController],
  providers: [FilesHttpService],
})
export class FilesModule {}
