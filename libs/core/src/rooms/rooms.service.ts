import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import {
  Page,
  roomConversation,
  RoomListQuery,
  RoomRecord,
  RoomSummary,
  STORE,
  Store,
  UserRecord,
} from '@chat/data';
import {
  AuditAction,
  canonicalRoom,
  ChatError,
  isRoomName,
  MAX_ROOMS_JOINED,
  MAX_ROOMS_OWNED,
  OkReplies,
  ROOM_LIST_MAX,
  RoomInfo,
} from '@chat/protocol';

import { Actor } from '../auth/actor';
import { activeRestriction, untilFromMinutes, untilIso } from '../auth/restrictions';
import { LIVE_GATEWAY, LiveGateway } from '../live/live-gateway';
import { TokenBuckets } from '../rate-limit/token-bucket';

export interface CreateRoomInput {
  room: string;
  topic?: string;
  private?: boolean;
}

export interface KickFromRoomInput {
  reason?: string;
  /** Also bans the user from the room, for `minutes` or until lifted. */
  ban?: boolean;
  minutes?: number;
}

/** Creating rooms and inviting: bursts of this many, then one every REFILL_SEC seconds, per user. */
const ROOM_ACTION_BURST = 20;
const ROOM_ACTION_PER_SEC = 1 / 3;

/**
 * Named rooms (protocol.md §12): the rules (who may see, join, invite, remove, set the topic), the
 * store, the audit log of room moderation and the live effect, in one place for the edge's room
 * frames and the admin API's routes. Admins act as owners of every room. A private room is, to
 * whoever may not see it, as good as absent: NO_SUCH_ROOM, never FORBIDDEN.
 */
@Injectable()
export class RoomsService {
  private readonly buckets = new TokenBuckets(ROOM_ACTION_BURST, ROOM_ACTION_PER_SEC);

  constructor(
    @Inject(STORE) private readonly store: Store,
    @Inject(LIVE_GATEWAY) private readonly live: LiveGateway,
  ) {
    setInterval(() => this.buckets.sweep(), 60_000).unref();
  }

  public async create(actor: Actor, input: CreateRoomInput): Promise<RoomInfo> {
    const name = roomName(input.room);
    this.rateLimit(actor);
    if ((await this.store.rooms.countOwned(actor.username)) >= MAX_ROOMS_OWNED) {
      throw new ChatError('QUOTA_EXCEEDED', `You own ${MAX_ROOMS_OWNED} rooms already; delete one first`);
    }
    await this.assertCanJoinMore(actor);
    const room = await this.store.rooms.create({
      id: randomUUID(),
      name,
      topic: (input.topic ?? '').trim(),
      private: input.private ?? false,
      owner: actor.username,
      createdAt: new Date(),
    });
    await this.markJoined(actor, room);
    await this.live.roomChanged({ room: name, joined: [actor.username] });
    await this.live.sendToRoom(name, { type: 'room.joined', room: name, user: actor.username });
    return toInfo(room, 1, true);
  }

  /** Joins a public room, or a private one the caller was invited to; joining again changes nothing. */
  public async join(actor: Actor, roomInput: string): Promise<RoomInfo> {
    const room = await this.visible(actor, roomInput, { invitedCounts: true });
    if (await this.store.rooms.isMember(room.id, actor.username)) return this.info(room, true);
    if (actor.role !== 'admin') {
      const ban = activeRestriction(await this.store.rooms.banOf(room.id, actor.username));
      if (ban) {
        const until = untilIso(ban);
        throw new ChatError(
          'BANNED_FROM_ROOM',
          `You are banned from ${room.name}${until ? ` until ${until}` : ''}`,
          { until, reason: ban.reason },
        );
      }
    }
    await this.assertCanJoinMore(actor);
    await this.store.rooms.addMember(room.id, actor.username);
    await this.markJoined(actor, room);
    await this.live.roomChanged({ room: room.name, joined: [actor.username] });
    await this.live.sendToRoom(room.name, { type: 'room.joined', room: room.name, user: actor.username });
    return this.info(room, true);
  }

  public async leave(actor: Actor, roomInput: string): Promise<OkReplies['room.leave']> {
    const room = await this.forMember(actor, roomInput);
    await this.store.rooms.removeMember(room.id, actor.username);
    // Told before the index forgets the user, so that their other connections hear it too.
    await this.live.sendToRoom(room.name, { type: 'room.left', room: room.name, user: actor.username });
    await this.live.roomChanged({ room: room.name, left: [actor.username] });
    return { room: room.name };
  }

  /** Members of a private room may invite; anyone may invite to a public one. */
  public async invite(actor: Actor, roomInput: string, username: string): Promise<OkReplies['room.invite']> {
    const room = await this.visible(actor, roomInput);
    const target = await this.user(username);
    if (await this.store.rooms.isMember(room.id, target.username)) {
      return { room: room.name, user: target.username };
    }
    if (activeRestriction(await this.store.rooms.banOf(room.id, target.username))) {
      throw new ChatError('BANNED_FROM_ROOM', `${target.username} is banned from ${room.name}`);
    }
    this.rateLimit(actor);
    await this.store.rooms.invite(room.id, target.username, actor.username);
    await this.live.sendToUser(target.username, {
      type: 'room.invited',
      room: room.name,
      by: actor.username,
    });
    return { room: room.name, user: target.username };
  }

  /** Removes a member (owner or admin), banning them too when asked; audited. */
  public async kick(
    actor: Actor,
    roomInput: string,
    username: string,
    input: KickFromRoomInput = {},
  ): Promise<OkReplies['room.kick']> {
    const room = await this.owned(actor, roomInput);
    const target = await this.user(username);
    if (sameName(target.username, actor.username)) {
      throw new ChatError('FORBIDDEN', 'You cannot remove yourself; leave the room instead');
    }
    const isMember = await this.store.rooms.isMember(room.id, target.username);
    if (!isMember && !input.ban)
      throw new ChatError('NOT_IN_ROOM', `${target.username} is not in ${room.name}`);
    const reason = input.reason ?? null;
    const ban = input.ban
      ? { reason, by: actor.username, at: new Date(), until: untilFromMinutes(input.minutes) }
      : null;
    if (ban) await this.store.rooms.setBan(room.id, target.username, ban);
    const until = ban ? untilIso(ban) : undefined;
    await this.audit(actor, ban ? 'room.ban' : 'room.kick', target.username, reason, {
      room: room.name,
      ...(ban ? { until } : {}),
    });
    if (isMember) {
      await this.store.rooms.removeMember(room.id, target.username);
      await this.live.sendToRoom(room.name, {
        type: 'room.left',
        room: room.name,
        user: target.username,
        by: actor.username,
        ...(reason ? { reason } : {}),
      });
      await this.live.roomChanged({ room: room.name, left: [target.username] });
      await this.live.sendToUser(target.username, {
        type: 'room.kicked',
        room: room.name,
        by: actor.username,
        ...(reason ? { reason } : {}),
        ...(ban ? { until } : {}),
      });
    }
    return { room: room.name, user: target.username, ...(ban ? { until } : {}) };
  }

  public async unban(actor: Actor, roomInput: string, username: string): Promise<OkReplies['room.unban']> {
    const room = await this.owned(actor, roomInput);
    const target = await this.user(username);
    await this.store.rooms.setBan(room.id, target.username, null);
    await this.audit(actor, 'room.unban', target.username, null, { room: room.name });
    return { room: room.name, user: target.username };
  }

  public async setTopic(actor: Actor, roomInput: string, topic: string): Promise<RoomInfo> {
    const room = await this.owned(actor, roomInput);
    const text = topic.trim();
    await this.store.rooms.setTopic(room.id, text);
    await this.live.sendToRoom(room.name, {
      type: 'room.topic',
      room: room.name,
      topic: text,
      by: actor.username,
    });
    return this.info({ ...room, topic: text });
  }

  /** Deletes a room (owner or admin): its members are told, then it is gone with its memberships; audited. */
  public async delete(actor: Actor, roomInput: string): Promise<OkReplies['room.delete']> {
    const room = await this.owned(actor, roomInput);
    await this.live.sendToRoom(room.name, { type: 'room.deleted', room: room.name, by: actor.username });
    await this.store.rooms.delete(room.id);
    await this.live.roomChanged({ room: room.name, deleted: true });
    await this.audit(actor, 'room.delete', null, null, { room: room.name, owner: room.owner });
    return { room: room.name };
  }

  /** The public rooms and the caller's own, by name (at most ROOM_LIST_MAX). */
  public async list(actor: Actor, search?: string): Promise<RoomInfo[]> {
    const [page, mine] = await Promise.all([
      this.store.rooms.listVisible(actor.username, { search, limit: ROOM_LIST_MAX }),
      this.roomNamesOf(actor.username),
    ]);
    const joined = new Set(mine);
    return page.items.map((room) => toInfo(room, room.members, joined.has(room.name)));
  }

  /** Every room, private ones too: for admins (the admin API's list). */
  public async listAll(actor: Actor, query: RoomListQuery): Promise<Page<RoomSummary>> {
    assertAdmin(actor);
    return this.store.rooms.listAll(query);
  }

  /** One room as the caller may see it. */
  public async get(actor: Actor, roomInput: string): Promise<RoomInfo> {
    return this.info(await this.visible(actor, roomInput));
  }

  /** The members, sorted, and those of them online now. Only members may ask of a private room. */
  public async members(actor: Actor, roomInput: string): Promise<OkReplies['room.members']> {
    const room = await this.visible(actor, roomInput);
    const [members, online] = await Promise.all([this.store.rooms.members(room.id), this.live.online()]);
    const here = new Set(online.map((n) => n.toLowerCase()));
    return { members, online: members.filter((m) => here.has(m.toLowerCase())) };
  }

  /** The canonical names of the rooms a user is a member of, sorted (the `login` reply's `rooms`). */
  public async roomNamesOf(username: string): Promise<string[]> {
    return (await this.store.rooms.roomsOf(username)).map((room) => room.name);
  }

  /**
   * The room a member sends to or reads the history of: NO_SUCH_ROOM when the caller may not see it,
   * NOT_IN_ROOM when they may but are not a member (admins too: they join first).
   */
  public async forMember(actor: Actor, roomInput: string): Promise<RoomRecord> {
    const room = await this.find(roomInput);
    if (room && (await this.store.rooms.isMember(room.id, actor.username))) return room;
    if (!room || (room.private && actor.role !== 'admin')) throw noSuchRoom(roomInput);
    throw new ChatError('NOT_IN_ROOM', `You are not in ${room.name}`);
  }

  /** The room if the caller may see it: public, or private and they are a member (or invited, to join), or an admin. */
  private async visible(
    actor: Actor,
    roomInput: string,
    options: { invitedCounts?: boolean } = {},
  ): Promise<RoomRecord> {
    const room = await this.find(roomInput);
    if (!room) throw noSuchRoom(roomInput);
    if (!room.private || actor.role === 'admin') return room;
    if (await this.store.rooms.isMember(room.id, actor.username)) return room;
    if (options.invitedCounts && (await this.store.rooms.isInvited(room.id, actor.username))) return room;
    throw noSuchRoom(roomInput);
  }

  /** The room if the caller owns it or is an admin; FORBIDDEN for other members, NO_SUCH_ROOM for outsiders of a private one. */
  private async owned(actor: Actor, roomInput: string): Promise<RoomRecord> {
    const room = await this.visible(actor, roomInput);
    if (actor.role !== 'admin' && !sameName(room.owner, actor.username)) {
      throw new ChatError('FORBIDDEN', `Only the owner of ${room.name} or an admin may do that`);
    }
    return room;
  }

  private async find(roomInput: string): Promise<RoomRecord | null> {
    return this.store.rooms.findByName(roomName(roomInput));
  }

  private async info(room: RoomRecord, joined?: boolean): Promise<RoomInfo> {
    return toInfo(room, await this.store.rooms.memberCount(room.id), joined ?? false);
  }

  private async user(username: string): Promise<UserRecord> {
    const user = await this.store.users.findByName(username);
    if (!user) throw new ChatError('NO_SUCH_USER', `No such user: ${username}`);
    return user;
  }

  /** A room's history from before one joined is there to read, not unread. */
  private async markJoined(actor: Actor, room: RoomRecord): Promise<void> {
    await this.store.reads.mark(
      actor.username,
      roomConversation(room.id),
      await this.store.messages.latestSeq(),
    );
  }

  private async assertCanJoinMore(actor: Actor): Promise<void> {
    if ((await this.store.rooms.roomsOf(actor.username)).length >= MAX_ROOMS_JOINED) {
      throw new ChatError('QUOTA_EXCEEDED', `You are in ${MAX_ROOMS_JOINED} rooms already; leave one first`);
    }
  }

  private rateLimit(actor: Actor): void {
    const retryAfterMs = this.buckets.take(actor.username.toLowerCase());
    if (retryAfterMs > 0) {
      throw new ChatError('RATE_LIMITED', 'Too many rooms created or invitations sent; slow down', {
        retryAfterMs,
      });
    }
  }

  private async audit(
    actor: Actor,
    action: AuditAction,
    target: string | null,
    reason: string | null,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.store.audit.add({ actor: actor.username, action, target, reason, details });
  }
}

/** The canonical name of a room a request names, or INVALID_ROOM. */
export function roomName(input: string): string {
  if (!isRoomName(input)) throw new ChatError('INVALID_ROOM');
  return canonicalRoom(input);
}

function toInfo(room: RoomRecord, members: number, joined: boolean): RoomInfo {
  return { room: room.name, topic: room.topic, private: room.private, owner: room.owner, members, joined };
}

function noSuchRoom(roomInput: string): ChatError {
  return new ChatError('NO_SUCH_ROOM', `No such room: ${roomInput}`);
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function assertAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new ChatError('FORBIDDEN', 'Only admins may do that');
}
