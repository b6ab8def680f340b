import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';

import { ClientFrameOf, OkReplies } from '@chat/protocol';

import { ChatContext } from '../transport/chat.context';
import { Frame } from '../transport/frame.decorator';
import { FileTransfers } from './file-transfers.service';

@Controller()
export class FilesFrameHandler {
  constructor(private readonly transfers: FileTransfers) {}

  @Frame('file.offer')
  public offer(
    @Payload() f: ClientFrameOf<'file.offer'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['file.offer']> {
    return this.transfers.offer(ctx, f);
  }

  @Frame('file.chunk')
  public chunk(
    @Payload() f: ClientFrameOf<'file.chunk'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['file.chunk'] | undefined> {
    return this.transfers.chunk(ctx, f);
  }

  @Frame('file.done')
  public done(
    @Payload() f: ClientFrameOf<'file.done'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['file.done']> {
    return this.transfers.done(ctx, f);
  }

  @Frame('file.get')
  public get(
    @Payload() f: ClientFrameOf<'file.get'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['file.get']> {
    return this.transfers.get(ctx, f);
  }
}
