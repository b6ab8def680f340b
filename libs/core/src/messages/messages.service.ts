import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { conversationKey, roomConversation, STORE, Store, StoredMessage, UserRecord } from '@chat/data';
import {
  CallInfo,
  ChatError,
  CONVERSATIONS_DEFAULT_LIMIT,
  CONVERSATIONS_MAX_LIMIT,
  ConversationSummary,
  FileInfo,
  HISTORY_DEFAULT_LIMIT,
  isRoomAddress,
  MessageFrame,
  MessageKind,
  OkReplies,
  Recipient,
  UNREAD_COUNT_CAP,
  UnreadCount,
} from '@chat/protocol';

import { Actor } from '../auth/actor';
import { activeRestriction, untilIso } from '../auth/restrictions';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { FilesService } from '../files/files.service';
import { ConnectionId, LIVE_GATEWAY, LiveGateway } from '../live/live-gateway';
import { TokenBuckets } from '../rate-limit/token-bucket';
import { RoomsService } from '../rooms/rooms.service';
import { toMessageFrame } from './message-frame';

export interface SendInput {
  to: Recipient;
  text?: string;
  fileId?: string;
}

export interface HistoryInput {
  with: Recipient;
  before?: number;
  limit?: number;
}

/**
 * Where a message goes: its kind, `to` as stored, every participant (the sender included; none for
 * everyone and for a room, whose members are its audience) and the conversation key.
 */
export interface Addressing {
  kind: MessageKind;
  to: Recipient;
  participants: string[];
  conversation: string;
}

const REPLAY_PAGE = 500;

/**
 * Sending, history and catch-up. Messages are stored and then delivered one at a time, in the
 * order the store numbered them, so every connection sees increasing `seq`.
 */
@Injectable()
export class MessagesService {
  private readonly buckets: TokenBuckets;
  /** The tail of the store-then-deliver chain: one message at a time keeps delivery in seq order. */
  private tail: Promise<unknown> = Promise.resolve();
  /** Senders' read marks waiting to be written (one per sender and conversation, the latest seq). */
  private readonly sentMarks = new Map<string, { username: string; conversation: string; seq: number }>();
  private sentMarksTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    @Inject(STORE) private readonly store: Store,
    @Inject(LIVE_GATEWAY) private readonly live: LiveGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly files: FilesService,
    private readonly rooms: RoomsService,
  ) {
    this.buckets = new TokenBuckets(config.rateLimit.burst, config.rateLimit.perSec);
    setInterval(() => this.buckets.sweep(), 60_000).unref();
  }

  public async send(actor: Actor, input: SendInput): Promise<StoredMessage> {
    const text = input.text ?? null;
    if ((text === null || text.trim() === '') && !input.fileId) throw new ChatError('EMPTY');
    if (text !== null && [...text].length > this.config.limits.text) {
      throw new ChatError('TEXT_TOO_LONG', `Text is longer than ${this.config.limits.text} characters`);
    }
    const sender = await this.sender(actor);
    const retryAfterMs = this.buckets.take(sender.username.toLowerCase());
    if (retryAfterMs > 0) throw new ChatError('RATE_LIMITED', undefined, { retryAfterMs });
    const addressing = await this.address(sender.username, input.to, actor.role);
    const file = input.fileId ? await this.fileFor(sender.username, input.fileId) : null;
    const stored = await this.storeAndDeliver({
      msgId: randomUUID(),
      ts: new Date(),
      from: sender.username,
      to: addressing.to,
      kind: addressing.kind,
      text: text === null || text === '' ? null : text,
      file,
      participants: addressing.participants,
      conversation: addressing.conversation,
    });
    // Who writes has read what came before: their own message never counts as unread, for them.
    this.markSent(sender.username, stored.conversation, stored.seq);
    return stored;
  }

  /**
   * Moves the caller's read mark of a conversation forward (to at most the latest seq), and tells
   * the caller's other connections, so that every device shows the same unread counts.
   */
  public async markRead(
    actor: Actor,
    input: { with: Recipient; seq: number },
    from?: ConnectionId,
  ): Promise<OkReplies['read']> {
    const addressing = await this.address(actor.username, input.with, actor.role);
    const seq = Math.min(input.seq, await this.store.messages.latestSeq());
    const mark = await this.store.reads.mark(actor.username, addressing.conversation, seq);
    const withWhom = withOf(addressing, actor.username);
    await this.live.sendToUser(actor.username, { type: 'read', with: withWhom, seq: mark }, from);
    return { with: withWhom, seq: mark };
  }

  /**
   * The caller's conversations with unread messages, by their read marks: private and group ones,
   * the everyone-chat and their rooms. Everyone's first mark is set at the first log-in, a room's
   * at joining, so that neither counts the history from before as unread.
   */
  public async unread(username: string): Promise<UnreadCount[]> {
    await this.flushSentMarks();
    const [rooms, latest] = await Promise.all([this.store.rooms.roomsOf(username), this.latestSeq()]);
    if ((await this.store.reads.markOf(username, '*')) === null) {
      await this.store.reads.mark(username, '*', latest);
    }
    const roomNames = new Map(rooms.map((r) => [roomConversation(r.id), r.name]));
    const rows = await this.store.reads.unread(username, ['*', ...roomNames.keys()], UNREAD_COUNT_CAP);
    if (rows.length === 0) return [];
    // Private and group conversations by their others' names as registered, from their latest messages.
    const latestOf = new Map(
      (await this.store.messages.conversations(username, CONVERSATIONS_MAX_LIMIT)).map((m) => [
        m.conversation,
        m,
      ]),
    );
    return rows.map(({ conversation, count }) => {
      if (conversation === '*') return { with: '*', count };
      const room = roomNames.get(conversation);
      if (room) return { with: room, count };
      const last = latestOf.get(conversation);
      const others = last
        ? last.participants.filter((p) => p.toLowerCase() !== username.toLowerCase())
        : conversation
            .slice(2)
            .split(',')
            .filter((p) => p !== username.toLowerCase());
      return { with: conversation.startsWith('p:') ? others[0] : sortNames(others), count };
    });
  }

  /**
   * A call's message (protocol.md §11): no text, the call's outcome, in the conversation of the
   * caller and those invited; stored and delivered as any message, in seq order.
   */
  public recordCall(from: string, addressing: Addressing, call: CallInfo): Promise<StoredMessage> {
    return this.storeAndDeliver({
      msgId: randomUUID(),
      ts: new Date(),
      from,
      to: addressing.to,
      kind: addressing.kind,
      text: null,
      file: null,
      call,
      participants: addressing.participants,
      conversation: addressing.conversation,
    });
  }

  /** The newest messages of one conversation the caller takes part in, oldest first. */
  public async history(actor: Actor, input: HistoryInput): Promise<MessageFrame[]> {
    const { conversation } = await this.address(actor.username, input.with, actor.role);
    const messages = await this.store.messages.history(
      conversation,
      input.before,
      input.limit ?? HISTORY_DEFAULT_LIMIT,
    );
    return messages.map(toMessageFrame);
  }

  /**
   * The caller's private and group conversations, most recent first, each with its latest message.
   * `limit` is capped at CONVERSATIONS_MAX_LIMIT, as history's is.
   */
  public async conversations(actor: Actor, limit?: number): Promise<ConversationSummary[]> {
    const max = Math.min(limit ?? CONVERSATIONS_DEFAULT_LIMIT, CONVERSATIONS_MAX_LIMIT);
    const latest = await this.store.messages.conversations(actor.username, max);
    return latest.map((message) => toConversationSummary(message, actor.username));
  }

  /** Every message the user may see after `since`, oldest first, page by page. */
  public async *visibleSince(username: string, since: number): AsyncGenerator<MessageFrame[]> {
    let after = since;
    for (;;) {
      const page = await this.store.messages.visibleSince(username, after, REPLAY_PAGE);
      if (page.length === 0) return;
      yield page.map(toMessageFrame);
      after = page[page.length - 1].seq;
      if (page.length < REPLAY_PAGE) return;
    }
  }

  /**
   * Senders' marks are written a second later, many in one go, not one write per message: a burst
   * of messages costs one mark per sender and conversation. A log-in's counts flush them first.
   */
  private markSent(username: string, conversation: string, seq: number): void {
    this.sentMarks.set(`${username.toLowerCase()}\u0000${conversation}`, { username, conversation, seq });
    this.sentMarksTimer ??= setTimeout(() => void this.flushSentMarks().catch(() => undefined), 1_000);
    this.sentMarksTimer.unref?.();
  }

  private async flushSentMarks(): Promise<void> {
    clearTimeout(this.sentMarksTimer);
    this.sentMarksTimer = undefined;
    const marks = [...this.sentMarks.values()];
    this.sentMarks.clear();
    for (const m of marks) await this.store.reads.mark(m.username, m.conversation, m.seq);
  }

  public latestSeq(): Promise<number> {
    return this.store.messages.latestSeq();
  }

  private storeAndDeliver(message: Parameters<Store['messages']['append']>[0]): Promise<StoredMessage> {
    const result = this.tail.then(async () => {
      const stored = await this.store.messages.append(message);
      this.live.deliverMessage(toMessageFrame(stored), stored.participants);
      return stored;
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async sender(actor: Actor): Promise<UserRecord> {
    const user = await this.store.users.findByName(actor.username);
    if (!user) throw new ChatError('NOT_AUTHENTICATED', 'Your account no longer exists');
    const mute = activeRestriction(user.mute);
    if (mute) {
      throw new ChatError('MUTED', mute.until ? `You are muted until ${untilIso(mute)}` : 'You are muted', {
        until: untilIso(mute),
        reason: mute.reason,
      });
    }
    return user;
  }

  /**
   * Resolves `to` / `with` into kind, canonical names, participants (the caller included) and the
   * conversation. A room (`"#dev"`) must be one the caller is a member of (§12).
   */
  public async address(self: string, to: Recipient, role: Actor['role'] = 'user'): Promise<Addressing> {
    if (to === '*') return { kind: 'all', to: '*', participants: [], conversation: '*' };
    if (isRoomAddress(to)) {
      const room = await this.rooms.forMember({ username: self, role }, to);
      return { kind: 'room', to: room.name, participants: [], conversation: roomConversation(room.id) };
    }
    if (Array.isArray(to) && to.some(isRoomAddress)) {
      throw new ChatError('INVALID', 'A room cannot be one of a list of users: send to it alone');
    }
    const selfLower = self.toLowerCase();
    const names = typeof to === 'string' ? [to] : to;
    const others = [...new Map(names.map((n) => [n.toLowerCase(), n])).values()].filter(
      (n) => n.toLowerCase() !== selfLower,
    );
    if (others.length === 0) throw new ChatError('SELF_MESSAGE');
    const users = await this.store.users.findManyByNames(others);
    if (users.length !== others.length) {
      const found = new Set(users.map((u) => u.username.toLowerCase()));
      const missing = others.filter((n) => !found.has(n.toLowerCase()));
      throw new ChatError('NO_SUCH_USER', `No such user: ${missing.join(', ')}`);
    }
    const canonical = others.map(
      (n) => users.find((u) => u.username.toLowerCase() === n.toLowerCase())!.username,
    );
    const participants = [self, ...canonical];
    return typeof to === 'string'
      ? {
          kind: 'private',
          to: canonical[0],
          participants,
          conversation: conversationKey('private', participants),
        }
      : { kind: 'group', to: canonical, participants, conversation: conversationKey('group', participants) };
  }

  private async fileFor(username: string, fileId: string): Promise<FileInfo> {
    const file = await this.files.authorize(username, fileId);
    const info: FileInfo = {
      id: file.id,
      name: file.name,
      size: file.size,
      sha256: file.sha256,
      mime: file.mime,
    };
    if (file.media) info.media = file.media;
    return info;
  }
}

/** `with` as `history` takes it, for the caller: `*`, the other, the others sorted, or the room. */
function withOf(addressing: Addressing, self: string): Recipient {
  if (addressing.kind === 'all' || addressing.kind === 'room' || addressing.kind === 'private')
    return addressing.to;
  return sortNames(addressing.participants.filter((p) => p.toLowerCase() !== self.toLowerCase()));
}

/** Names sorted without regard to case, as conversation keys sort them. */
function sortNames(names: string[]): string[] {
  return [...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
}

function toConversationSummary(message: StoredMessage, self: string): ConversationSummary {
  const selfLower = self.toLowerCase();
  // Sorted as the conversation key sorts them, so that one group always reads the same.
  const others = sortNames(message.participants.filter((name) => name.toLowerCase() !== selfLower));
  return message.kind === 'private'
    ? { kind: 'private', with: others[0], last: toMessageFrame(message) }
    : { kind: 'group', with: others, last: toMessageFrame(message) };
}
