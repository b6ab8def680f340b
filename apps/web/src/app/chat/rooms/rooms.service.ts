import { inject, Injectable, signal } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';

import { LoginReply, OkReplies, RoomEventFrame, RoomInfo } from '@chat/protocol';

import { ChatSocket } from '../../core/chat-socket.service';
import { SessionService } from '../../core/session.service';
import { ChatHistory } from '../chat-history.service';
import { ChatStatus } from '../chat-status.service';
import { Conversation, ConversationKey, roomKey } from '../conversation';
import { ConversationStore } from '../conversation-store.service';

export interface CreateRoomInput {
  room: string;
  topic?: string;
  private: boolean;
}

/**
 * Rooms (protocol.md §12) for this tab: the user's rooms as conversations (from the log-in reply,
 * described by `room.list`), what the room events change in them, and the room frames the dialogs,
 * the header and the members panel send. Everything goes over the chat socket: the rules are the
 * server's.
 */
@Injectable({ providedIn: 'root' })
export class RoomsService {
  private readonly socket = inject(ChatSocket);
  private readonly store = inject(ConversationStore);
  private readonly status = inject(ChatStatus);
  private readonly history = inject(ChatHistory);
  private readonly session = inject(SessionService);
  private readonly snackBar = inject(MatSnackBar);

  /** The members of each room whose members were asked for (the panel of the open room), by room name. */
  public readonly members = signal<ReadonlyMap<string, string[]>>(new Map());

  /** Lists the rooms the log-in names, drops those the user is no longer in, and describes them. */
  public onLogin(reply: LoginReply): void {
    const mine = new Set(reply.rooms ?? []);
    for (const c of this.store.conversations()) {
      if (c.kind === 'room' && !mine.has(c.title)) this.store.remove(c.key);
    }
    for (const room of mine) this.store.addRoom(room);
    if (mine.size > 0) void this.describeMine().catch(() => undefined);
    // Joins and leaves while disconnected were missed: the members shown are asked for again.
    for (const room of this.members().keys()) {
      if (mine.has(room)) void this.loadMembers(room).catch(() => undefined);
      else this.forgetMembers(room);
    }
  }

  public onEvent(event: RoomEventFrame): void {
    const me = this.store.me().toLowerCase();
    const key = roomKey(event.room);
    switch (event.type) {
      case 'room.joined':
        if (event.user.toLowerCase() === me) {
          this.store.addRoom(event.room);
          void this.describe(event.room).catch(() => undefined);
        } else {
          this.countMembers(key, +1);
          this.addMember(event.room, event.user);
        }
        return;
      case 'room.left':
        if (event.user.toLowerCase() === me) {
          this.forget(event.room);
        } else {
          this.countMembers(key, -1);
          this.dropMember(event.room, event.user);
        }
        return;
      case 'room.topic':
        this.store.patch(key, (c) => (c.room ? { ...c, room: { ...c.room, topic: event.topic } } : c));
        return;
      case 'room.invited':
        this.snackBar
          .open(`${event.by} invited you to ${event.room}`, 'Join', {
            duration: 15_000,
            politeness: 'polite',
          })
          .onAction()
          .subscribe(() => void this.join(event.room).catch((err: unknown) => this.tell(err)));
        return;
      case 'room.kicked':
        this.forget(event.room);
        this.status.addNotice(
          `You were removed from ${event.room} by ${event.by}${event.reason ? `: ${event.reason}` : ''}`,
          'server',
        );
        return;
      case 'room.deleted':
        this.forget(event.room);
        this.status.addNotice(`${event.room} was deleted by ${event.by}`, 'server');
        return;
    }
  }

  public async create(input: CreateRoomInput): Promise<ConversationKey> {
    const { room } = await this.socket.request('room.create', {
      room: input.room,
      private: input.private,
      ...(input.topic ? { topic: input.topic } : {}),
    });
    return this.store.addRoom(room.room, room);
  }

  /** Joins (or, for a room one is in, just opens) a room and opens it; resolves with its conversation's key. */
  public async join(room: string): Promise<ConversationKey> {
    const { room: info } = await this.socket.request('room.join', { room });
    const key = this.store.addRoom(info.room, info);
    this.store.select(key);
    this.history.loadFirst(key);
    return key;
  }

  public async leave(room: string): Promise<void> {
    await this.socket.request('room.leave', { room });
    this.forget(room);
  }

  public invite(room: string, user: string): Promise<OkReplies['room.invite']> {
    return this.socket.request('room.invite', { room, user });
  }

  public async remove(room: string, user: string, reason?: string): Promise<void> {
    await this.socket.request('room.kick', { room, user, ...(reason ? { reason } : {}) });
  }

  public async setTopic(room: string, topic: string): Promise<void> {
    const { room: info } = await this.socket.request('room.topic', { room, topic });
    this.store.patch(roomKey(room), (c) => ({ ...c, room: info }));
  }

  /** The public rooms and the user's own, for Browse rooms. */
  public async list(search?: string): Promise<RoomInfo[]> {
    return (await this.socket.request('room.list', search ? { search } : {})).rooms;
  }

  /** Asks for a room's members (the members panel); who of them is online comes from presence. */
  public async loadMembers(room: string): Promise<void> {
    const { members } = await this.socket.request('room.members', { room });
    this.setMembers(room, members);
  }

  /** Whether the user may edit the topic of, and remove members from, this room: its owner, or an admin. */
  public canModerate(conversation: Conversation | null): boolean {
    if (conversation?.kind !== 'room' || !conversation.room) return false;
    return this.session.isAdmin() || conversation.room.owner.toLowerCase() === this.store.me().toLowerCase();
  }

  public reset(): void {
    this.members.set(new Map());
  }

  private async describeMine(): Promise<void> {
    for (const info of await this.list()) {
      if (info.joined) this.store.addRoom(info.room, info);
    }
  }

  private async describe(room: string): Promise<void> {
    const info = (await this.list(room.slice(1))).find((r) => r.room === room);
    if (info) this.store.addRoom(info.room, info);
  }

  private forget(room: string): void {
    this.store.remove(roomKey(room));
    this.forgetMembers(room);
  }

  private forgetMembers(room: string): void {
    const members = new Map(this.members());
    members.delete(room);
    this.members.set(members);
  }

  private countMembers(key: ConversationKey, by: number): void {
    this.store.patch(key, (c) => (c.room ? { ...c, room: { ...c.room, members: c.room.members + by } } : c));
  }

  private addMember(room: string, user: string): void {
    const current = this.members().get(room);
    if (current && !current.some((m) => m.toLowerCase() === user.toLowerCase())) {
      this.setMembers(
        room,
        [...current, user].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
      );
    }
  }

  private dropMember(room: string, user: string): void {
    const current = this.members().get(room);
    if (current)
      this.setMembers(
        room,
        current.filter((m) => m.toLowerCase() !== user.toLowerCase()),
      );
  }

  private setMembers(room: string, members: string[]): void {
    const next = new Map(this.members());
    next.set(room, members);
    this.members.set(next);
  }

  private tell(err: unknown): void {
    this.snackBar.open(err instanceof Error ? err.message : String(err), 'OK', { duration: 8000 });
  }
}
