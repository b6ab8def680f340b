import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';

import { AttentionService, MessagesService, SearchService } from '@chat/core';
import { ClientFrameOf, OkReplies } from '@chat/protocol';

import { ChatContext } from '../transport/chat.context';
import { Frame } from '../transport/frame.decorator';

@Controller()
export class MessagesFrameHandler {
  constructor(
    private readonly messages: MessagesService,
    private readonly attention: AttentionService,
    private readonly searching: SearchService,
  ) {}

  @Frame('send')
  public async send(
    @Payload() frame: ClientFrameOf<'send'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['send']> {
    // The sender sees its ok before its own copy of the message (protocol.md §9).
    ctx.holdEventsUntilReplied();
    const m = await this.messages.send(ctx.user, frame);
    return { seq: m.seq, ts: m.ts.toISOString(), msgId: m.msgId };
  }

  @Frame('history')
  public async history(
    @Payload() frame: ClientFrameOf<'history'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['history']> {
    return { messages: await this.messages.history(ctx.user, frame) };
  }

  /** Read state: the conversation read up to `seq`; the user's other connections are told. */
  @Frame('read')
  public read(@Payload() frame: ClientFrameOf<'read'>, @Ctx() ctx: ChatContext): Promise<OkReplies['read']> {
    return this.messages.markRead(ctx.user, frame, String(ctx.connection.id));
  }

  // Edits, deletions and reactions: the change reaches everyone as a message.update, after the ok.
  @Frame('edit')
  public edit(@Payload() frame: ClientFrameOf<'edit'>, @Ctx() ctx: ChatContext): Promise<OkReplies['edit']> {
    ctx.holdEventsUntilReplied();
    return this.messages.edit(ctx.user, frame);
  }

  @Frame('delete')
  public delete(
    @Payload() frame: ClientFrameOf<'delete'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['delete']> {
    ctx.holdEventsUntilReplied();
    return this.messages.delete(ctx.user, frame);
  }

  @Frame('react')
  public react(
    @Payload() frame: ClientFrameOf<'react'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['react']> {
    ctx.holdEventsUntilReplied();
    return this.messages.react(ctx.user, frame);
  }

  @Frame('typing')
  public async typing(
    @Payload() frame: ClientFrameOf<'typing'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['typing']> {
    await this.attention.typing(ctx.user, frame);
    return {};
  }

  @Frame('receipts')
  public receipts(
    @Payload() frame: ClientFrameOf<'receipts'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['receipts']> {
    return this.attention.receipts(ctx.user, frame);
  }

  @Frame('settings')
  public settings(
    @Payload() frame: ClientFrameOf<'settings'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['settings']> {
    return this.attention.settings(ctx.user, frame);
  }

  @Frame('search')
  public async search(
    @Payload() frame: ClientFrameOf<'search'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['search']> {
    return { messages: await this.searching.search(ctx.user, frame) };
  }
}
