import { Inject, Injectable } from '@nestjs/common';

import { APP_CONFIG, AppConfig, FilesService, Upload } from '@chat/core';
import { ChatError, ClientFrameOf, MAX_UPLOADS_PER_CONNECTION, OkReplies } from '@chat/protocol';

import { ChatContext } from '../transport/chat.context';

/** Uploads and downloads over a connection: raw byte blocks in, raw byte blocks out. */
@Injectable()
export class FileTransfers {
  constructor(
    private readonly files: FilesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  public async offer(ctx: ChatContext, f: ClientFrameOf<'file.offer'>): Promise<OkReplies['file.offer']> {
    this.assertBlocks(ctx);
    // Each upload in progress holds a temporary file open: bounded, or offers use up the descriptors.
    if (ctx.connection.uploads.size >= MAX_UPLOADS_PER_CONNECTION) {
      throw new ChatError(
        'QUOTA_EXCEEDED',
        `At most ${MAX_UPLOADS_PER_CONNECTION} uploads in progress per connection; finish one first`,
        { max: MAX_UPLOADS_PER_CONNECTION },
      );
    }
    const upload = await this.files.startUpload(ctx.user.username, f);
    ctx.connection.uploads.set(upload.id, upload);
    return { upload: upload.id, chunk: this.config.limits.chunk };
  }

  /** Replies only when the chunk frame has an id; errors always get a frame. */
  public async chunk(
    ctx: ChatContext,
    f: ClientFrameOf<'file.chunk'>,
  ): Promise<OkReplies['file.chunk'] | undefined> {
    this.assertBlocks(ctx);
    const upload = this.upload(ctx, f.upload);
    try {
      await upload.write(f.offset, ctx.block ?? Buffer.alloc(0));
    } catch (err) {
      if (err instanceof ChatError && err.code === 'FILE_TOO_LARGE') await this.discard(ctx, upload);
      throw err;
    }
    return f.id === undefined ? undefined : { upload: upload.id, received: upload.received };
  }

  public async done(ctx: ChatContext, f: ClientFrameOf<'file.done'>): Promise<OkReplies['file.done']> {
    this.assertBlocks(ctx);
    const upload = this.upload(ctx, f.upload);
    ctx.connection.uploads.delete(upload.id);
    const file = await upload.finish();
    const reply: OkReplies['file.done'] = { fileId: file.id, size: file.size, sha256: file.sha256 };
    // A processed upload is another file than the one sent: say what it became (protocol.md §10).
    if (file.media) Object.assign(reply, { name: file.name, mime: file.mime, media: file.media });
    return reply;
  }

  /** Streams the file as `file.data` blocks of at most the chunk size, then the final ok. */
  public async get(ctx: ChatContext, f: ClientFrameOf<'file.get'>): Promise<OkReplies['file.get']> {
    this.assertBlocks(ctx);
    const file = await this.files.authorize(ctx.user.username, f.fileId);
    const start = f.offset ?? 0;
    if (start > file.size) throw new ChatError('BAD_OFFSET', `The file has ${file.size} bytes`);
    const conn = ctx.connection;
    let offset = start;
    const stream = this.files.openRead(file, start, this.config.limits.chunk);
    try {
      for await (const block of stream as AsyncIterable<Buffer>) {
        if (!conn.isOpen) break;
        await conn.sendBlock(
          { type: 'file.data', re: f.id, fileId: file.id, offset, bytes: block.length },
          block,
        );
        offset += block.length;
      }
    } finally {
      stream.destroy();
    }
    return { size: file.size, sha256: file.sha256 };
  }

  /** Raw byte blocks travel only on TCP; browsers use the admin API's /api/files. */
  private assertBlocks(ctx: ChatContext): void {
    if (!ctx.connection.wire.carriesBlocks) {
      throw new ChatError(
        'INVALID',
        'On WebSocket, files go through /api/files (voice messages and pictures: /api/media/voice, /api/media/image); send them by fileId',
      );
    }
  }

  private upload(ctx: ChatContext, id: string): Upload {
    const upload = ctx.connection.uploads.get(id);
    if (!upload) throw new ChatError('NO_SUCH_UPLOAD');
    return upload;
  }

  private async discard(ctx: ChatContext, upload: Upload): Promise<void> {
    ctx.connection.uploads.delete(upload.id);
    await upload.abort();
  }
}
