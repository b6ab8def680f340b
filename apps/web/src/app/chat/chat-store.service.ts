import { DestroyRef, inject, Injectable } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';

import { EventFrame, FileInfo, ROOM_EVENT_TYPES, RoomEventFrame } from '@chat/protocol';

import { ChatSocket, LoginReply } from '../core/chat-socket.service';
import { ClientConfigService } from '../core/client-config.service';
import { SessionService } from '../core/session.service';
import { ChatHistory } from './chat-history.service';
import { ChatStatus } from './chat-status.service';
import { ConversationKey, conversationOf } from './conversation';
import { ConversationListing } from './conversation-listing.service';
import { ConversationStore } from './conversation-store.service';
import { Outbox, SendExtra } from './outbox.service';
import { ReadMarker } from './read-marker.service';
import { ReceiptsService } from './receipts.service';
import { RoomsService } from './rooms/rooms.service';
import { TypingService } from './typing.service';

export { HISTORY_PAGE } from './chat-history.service';
export type { MuteState, Notice } from './chat-status.service';

/**
 * The chat as this tab sees it, for the components: conversations with their messages and unread
 * counts (ConversationStore), who is online, notices and the user's own mute (ChatStatus), history
 * (ChatHistory) and sending (Outbox), all fed by ChatSocket's log-ins and events, which land here.
 */
@Injectable({ providedIn: 'root' })
export class ChatStore {
  private readonly socket = inject(ChatSocket);
  private readonly session = inject(SessionService);
  private readonly clientConfig = inject(ClientConfigService);
  private readonly store = inject(ConversationStore);
  private readonly status = inject(ChatStatus);
  private readonly history = inject(ChatHistory);
  private readonly outbox = inject(Outbox);
  private readonly listing = inject(ConversationListing);
  private readonly rooms = inject(RoomsService);
  private readonly reads = inject(ReadMarker);
  private readonly typing = inject(TypingService);
  private readonly receipts = inject(ReceiptsService);
  private started = false;

  public readonly me = this.store.me;
  public readonly activeKey = this.store.activeKey;
  public readonly conversations = this.store.conversations;
  public readonly active = this.store.active;
  public readonly unreadTotal = this.store.unreadTotal;
  public readonly notices = this.status.notices;
  public readonly muted = this.status.muted;
  public readonly online = this.status.online;
  public readonly onlineCount = this.status.onlineCount;
  public readonly connection = this.socket.state;
  public readonly stopReason = this.socket.stopReason;

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.socket.events$.pipe(takeUntilDestroyed(destroyRef)).subscribe((event) => this.onEvent(event));
    this.socket.online$
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe((names) => this.status.setOnline(names));
    this.socket.loggedIn$.pipe(takeUntilDestroyed(destroyRef)).subscribe((reply) => this.onLogin(reply));
  }

  /** Connects with the session's token (once; later calls do nothing while connected). */
  public async start(): Promise<void> {
    const session = this.session.session();
    if (!session || this.started) return;
    this.started = true;
    this.me.set(session.username);
    this.socket.connect(await this.clientConfig.wsUrl(), session.token);
  }

  /** Logs out and forgets this session's chat. */
  public logout(): void {
    this.socket.logout();
    this.session.logout();
    this.reset();
  }

  public reset(): void {
    this.socket.disconnect();
    this.started = false;
    this.listing.reset();
    this.rooms.reset();
    this.reads.reset();
    this.typing.reset();
    this.store.reset();
    this.status.reset();
  }

  /** Opens (creating when needed) the conversation with `members`, or everyone's. */
  public open(members: readonly string[] | '*'): ConversationKey {
    const key = this.store.keyFor(members);
    if (key === null) return this.activeKey();
    this.select(key);
    return key;
  }

  public select(key: ConversationKey): void {
    this.store.select(key);
    this.history.loadFirst(key);
    void this.receipts.load(key);
  }

  /** Loads the page of history before the oldest message shown. */
  public loadOlder(key: ConversationKey = this.activeKey()): Promise<void> {
    return this.history.loadOlder(key);
  }

  /** Sends text and/or a file to the active conversation (or `key`); the message shows at once as "sending". */
  public send(text: string, file?: FileInfo, key?: ConversationKey, extra?: SendExtra): Promise<void> {
    return this.outbox.send(text, file, key, extra);
  }

  /** Sends a failed message again. */
  public retry(key: ConversationKey, id: string): Promise<void> {
    return this.outbox.retry(key, id);
  }

  private onLogin(reply: LoginReply): void {
    this.me.set(reply.user);
    this.session.update({ role: reply.role, token: reply.token, username: reply.user });
    this.status.setOnline(reply.online);
    this.rooms.onLogin(reply);
    this.receipts.onLogin(reply.settings);
    // Servers before read state send no counts: the tab counts what arrives, as it did.
    if (reply.unread) this.store.setUnread(reply.unread, reply.seq);
    this.history.loadFirst(this.activeKey());
    void this.receipts.load(this.activeKey());
    this.listing.load(reply.seq);
  }

  private onEvent(event: EventFrame): void {
    switch (event.type) {
      case 'message':
        this.store.receive(event);
        this.typing.messageFrom(conversationOf(event, this.me()).key, event.from);
        return;
      case 'message.update':
        this.store.update(event);
        return;
      case 'typing':
        this.typing.received(event);
        return;
      case 'receipt':
        this.receipts.received(event);
        return;
      case 'presence':
        this.status.presence(event, this.me());
        return;
      case 'presence.many':
        this.status.addNotice(`${event.arrived} joined, ${event.left} left`, 'presence');
        return;
      case 'notice':
        this.status.addNotice(event.text, 'server');
        return;
      case 'muted':
        this.status.setMuted({ until: event.until, reason: event.reason });
        return;
      case 'unmuted':
        this.status.setMuted(null);
        return;
      case 'gap':
        this.store.forgetUpTo(event.until);
        this.history.loadFirst(this.activeKey());
        return;
      case 'read': {
        const key = this.store.keyOf(event.with);
        if (key) this.store.markedRead(key, event.seq);
        return;
      }
      default:
        if (isRoomEvent(event)) this.rooms.onEvent(event);
        return;
    }
  }
}

const ROOM_EVENTS: ReadonlySet<string> = new Set(ROOM_EVENT_TYPES);

function isRoomEvent(event: EventFrame): event is RoomEventFrame {
  return ROOM_EVENTS.has(event.type);
}
