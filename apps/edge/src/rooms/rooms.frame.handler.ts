import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';

import { RoomsService } from '@chat/core';
import { ClientFrameOf, OkReplies } from '@chat/protocol';

import { ChatContext } from '../transport/chat.context';
import { Frame } from '../transport/frame.decorator';

/** The §12 frames: every rule is the RoomsService's, shared with the admin API's routes. */
@Controller()
export class RoomsFrameHandler {
  constructor(private readonly rooms: RoomsService) {}

  @Frame('room.create')
  public async create(
    @Payload() f: ClientFrameOf<'room.create'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['room.create']> {
    return { room: await this.rooms.create(ctx.user, f) };
  }

  @Frame('room.join')
  public async join(
    @Payload() f: ClientFrameOf<'room.join'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['room.join']> {
    return { room: await this.rooms.join(ctx.user, f.room) };
  }

  @Frame('room.leave')
  public leave(
    @Payload() f: ClientFrameOf<'room.leave'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['room.leave']> {
    return this.rooms.leave(ctx.user, f.room);
  }

  @Frame('room.invite')
  public invite(
    @Payload() f: ClientFrameOf<'room.invite'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['room.invite']> {
    return this.rooms.invite(ctx.user, f.room, f.user);
  }

  @Frame('room.kick')
  public kick(
    @Payload() f: ClientFrameOf<'room.kick'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['room.kick']> {
    return this.rooms.kick(ctx.user, f.room, f.user, f);
  }

  @Frame('room.unban')
  public unban(
    @Payload() f: ClientFrameOf<'room.unban'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['room.unban']> {
    return this.rooms.unban(ctx.user, f.room, f.user);
  }

  @Frame('room.topic')
  public async topic(
    @Payload() f: ClientFrameOf<'room.topic'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['room.topic']> {
    return { room: await this.rooms.setTopic(ctx.user, f.room, f.topic) };
  }

  @Frame('room.list')
  public async list(
    @Payload() f: ClientFrameOf<'room.list'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['room.list']> {
    return { rooms: await this.rooms.list(ctx.user, f.search) };
  }

  @Frame('room.members')
  public members(
    @Payload() f: ClientFrameOf<'room.members'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['room.members']> {
    return this.rooms.members(ctx.user, f.room);
  }

  @Frame('room.delete')
  public delete(
    @Payload() f: ClientFrameOf<'room.delete'>,
    @Ctx() ctx: ChatContext,
  ): Promise<OkReplies['room.delete']> {
    return this.rooms.delete(ctx.user, f.room);
  }
}
