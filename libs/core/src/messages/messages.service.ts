import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { Inject, Injectable } from '@nestjs/common';

import {
  conversationKey,
  MessageChange,
  roomConversation,
  STORE,
  Store,
  StoredMessage,
  UserRecord,
} from '@chat/data';
import {
  BannedFrame,
  CallInfo,
  ChatError,
  CONVERSATIONS_DEFAULT_LIMIT,
  CONVERSATIONS_MAX_LIMIT,
  ConversationSummary,
  exceedsCharacters,
  FileInfo,
  HISTORY_DEFAULT_LIMIT,
  isRoomAddress,
  MessageFrame,
  MessageKind,
  OkReplies,
  REACTION_PATTERN,
  Recipient,
  SequencedFrame,
  UNREAD_COUNT_CAP,
  UnreadCount,
} from '@chat/protocol';

import { Actor } from '../auth/actor';
import { activeRestriction, untilIso } from '../auth/restrictions';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { FilesService } from '../files/files.service';
import { ConnectionId, LIVE_GATEWAY, LiveGateway } from '../live/live-gateway';
import { Metrics } from '../metrics/metrics';
import { TokenBuckets } from '../rate-limit/token-bucket';
import { RoomsService } from '../rooms/rooms.service';
import { toMessageFrame, toSequencedFrame } from './message-frame';

export interface SendInput {
  to: Recipient;
  text?: string;
  fileId?: string;
  /** The msgId of a message of the same conversation this one answers. */
  replyTo?: string;
  me?: boolean;
}

export interface ReactInput {
  msgId: string;
  emoji: string;
  remove?: boolean;
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
    private readonly metrics: Metrics = new Metrics(),
  ) {
    this.buckets = new TokenBuckets(config.rateLimit.burst, config.rateLimit.perSec);
    setInterval(() => this.buckets.sweep(), 60_000).unref();
  }

  public async send(actor: Actor, input: SendInput): Promise<StoredMessage> {
    const acceptedAt = performance.now();
    const text = input.text ?? null;
    if ((text === null || text.trim() === '') && !input.fileId) throw new ChatError('EMPTY');
    this.checkLength(text);
    const sender = await this.sender(actor);
    this.takeToken(sender.username);
    const addressing = await this.address(sender.username, input.to, actor.role);
    if (input.replyTo !== undefined) {
      const answered = await this.store.messages.find(input.replyTo);
      if (!answered || answered.deleted || answered.conversation !== addressing.conversation) {
        throw new ChatError('NO_SUCH_MESSAGE', 'A reply answers a message of the same conversation');
      }
    }
    const file = input.fileId ? await this.fileFor(sender.username, input.fileId) : null;
    const stored = await this.storeAndDeliver(
      {
        msgId: randomUUID(),
        ts: new Date(),
        from: sender.username,
        to: addressing.to,
        kind: addressing.kind,
        text: text === null || text === '' ? null : text,
        file,
        participants: addressing.participants,
        conversation: addressing.conversation,
        ...(input.me ? { me: true } : {}),
        ...(input.replyTo === undefined ? {} : { replyTo: input.replyTo }),
      },
      acceptedAt,
    );
    // Who writes has read what came before: their own message never counts as unread, for them.
    this.markSent(sender.username, stored.conversation, stored.seq);
    return stored;
  }

  /** Changes the text of one's own message (not a call's, not a deleted one). */
  public async edit(actor: Actor, input: { msgId: string; text: string }): Promise<OkReplies['edit']> {
    if (input.text.trim() === '')
      throw new ChatError('EMPTY', 'An edit needs text; delete the message instead');
    this.checkLength(input.text);
    const editor = await this.sender(actor);
    this.takeToken(editor.username);
    const target = await this.readable(actor, input.msgId);
    if (target.from.toLowerCase() !== actor.username.toLowerCase() || target.call) {
      throw new ChatError('FORBIDDEN', 'Only your own messages can be edited');
    }
    return this.applyChange(target, editor.username, { action: 'edit', text: input.text });
  }

  /** Deletes one's own message; admins any, a room's owner any of the room's. */
  public async delete(actor: Actor, input: { msgId: string }): Promise<OkReplies['delete']> {
    const user = await this.account(actor);
    this.takeToken(user.username);
    const target =
      actor.role === 'admin' ? await this.existing(input.msgId) : await this.readable(actor, input.msgId);
    const own = target.from.toLowerCase() === actor.username.toLowerCase();
    if (!own && actor.role !== 'admin' && !(await this.ownsRoomOf(actor, target))) {
      throw new ChatError('FORBIDDEN', 'Only your own messages can be deleted');
    }
    return this.applyChange(target, user.username, { action: 'delete' });
  }

  /** Adds or takes back the caller's reaction to a message they may read. */
  public async react(actor: Actor, input: ReactInput): Promise<OkReplies['react']> {
    if (!REACTION_PATTERN.test(input.emoji)) throw new ChatError('INVALID', 'A reaction is one emoji');
    const user = await this.sender(actor);
    this.takeToken(user.username);
    const target = await this.readable(actor, input.msgId);
    const stored = await this.change(target, user.username, {
      action: 'react',
      emoji: input.emoji,
      remove: input.remove === true,
    });
    if (!stored) return { msgId: target.msgId, seq: 0, reactions: target.reactions ?? [] };
    return { msgId: target.msgId, seq: stored.seq, reactions: stored.reactions ?? [] };
  }

  /**
   * A message the caller may read, by msgId: its conversation's rules (everyone; a participant; a
   * member of its room now). Else NO_SUCH_MESSAGE, whether it exists or not.
   */
  public async readable(actor: Actor, msgId: string): Promise<StoredMessage> {
    const message = await this.existing(msgId);
    if (!(await this.canRead(actor, message))) throw new ChatError('NO_SUCH_MESSAGE');
    return message;
  }

  /** Whether the user may read the message, as `history` and `since` decide. */
  public async canRead(actor: Actor, message: StoredMessage): Promise<boolean> {
    if (message.kind === 'all') return true;
    if (message.kind === 'room') {
      const room = await this.store.rooms.findByName(String(message.to));
      return (
        room !== null &&
        roomConversation(room.id) === message.conversation &&
        (await this.store.rooms.isMember(room.id, actor.username))
      );
    }
    const self = actor.username.toLowerCase();
    return message.participants.some((p) => p.toLowerCase() === self);
  }

  private async existing(msgId: string): Promise<StoredMessage> {
    const message = await this.store.messages.find(msgId);
    if (!message || message.deleted) throw new ChatError('NO_SUCH_MESSAGE');
    return message;
  }

  private async ownsRoomOf(actor: Actor, message: StoredMessage): Promise<boolean> {
    if (message.kind !== 'room') return false;
    const room = await this.store.rooms.findByName(String(message.to));
    return room !== null && room.owner.toLowerCase() === actor.username.toLowerCase();
  }

  private async applyChange(
    target: StoredMessage,
    by: string,
    what: { action: 'edit'; text: string } | { action: 'delete' },
  ): Promise<{ msgId: string; seq: number }> {
    const stored = await this.change(target, by, what);
    return { msgId: target.msgId, seq: stored?.seq ?? 0 };
  }

  /** Stores a change with the next seq and delivers it to the message's conversation, in the one order. */
  private change(
    target: StoredMessage,
    by: string,
    what:
      | { action: 'edit'; text: string }
      | { action: 'delete' }
      | { action: 'react'; emoji: string; remove: boolean },
  ): Promise<StoredMessage | null> {
    const change = { msgId: randomUUID(), ts: new Date(), target, by, ...what } as MessageChange;
    const result = this.tail.then(async () => {
      const stored = await this.store.messages.change(change);
      if (stored) this.live.deliverMessage(toSequencedFrame(stored), stored.participants);
      return stored;
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  private checkLength(text: string | null): void {
    if (text !== null && exceedsCharacters(text, this.config.limits.text)) {
      throw new ChatError('TEXT_TOO_LONG', `Text is longer than ${this.config.limits.text} characters`);
    }
  }

  /** One token of the user's bucket: sends, edits, deletions and reactions share it. */
  private takeToken(username: string): void {
    const retryAfterMs = this.buckets.take(username.toLowerCase());
    if (retryAfterMs > 0) throw new ChatError('RATE_LIMITED', undefined, { retryAfterMs });
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
    if (addressing.kind === 'private' || addressing.kind === 'group') {
      await this.sendReceipts(actor.username, addressing, mark);
    }
    return { with: withWhom, seq: mark };
  }

  /**
   * Read receipts: the reader's mark to the conversation's other people, unless the reader turned
   * receipts off; and only to those who have them on (who turned them off sees nobody's).
   */
  private async sendReceipts(reader: string, addressing: Addressing, seq: number): Promise<void> {
    const users = await this.store.users.findManyByNames(addressing.participants);
    const readerLower = reader.toLowerCase();
    const self = users.find((u) => u.username.toLowerCase() === readerLower);
    if (!self?.receipts) return;
    for (const user of users) {
      if (user === self || !user.receipts) continue;
      const withWhom = withOf(addressing, user.username, self.username);
      await this.live.sendToUser(user.username, {
        type: 'receipt',
        with: withWhom,
        user: self.username,
        seq,
      });
    }
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

  /** Where a replay of at most `max` of the messages the user may see after `since` starts. */
  public replayFloor(username: string, since: number, max: number): Promise<number> {
    return this.store.messages.replayFloor(username, since, max);
  }

  /** Every message the user may see after `since`, oldest first, page by page. */
  public async *visibleSince(username: string, since: number): AsyncGenerator<SequencedFrame[]> {
    let after = since;
    for (;;) {
      const page = await this.store.messages.visibleSince(username, after, REPLAY_PAGE);
      if (page.length === 0) return;
      yield page.map(toSequencedFrame);
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

  /** `acceptedAt` (`performance.now()`): when the message arrived, for the fan-out latency. */
  private storeAndDeliver(
    message: Parameters<Store['messages']['append']>[0],
    acceptedAt = performance.now(),
  ): Promise<StoredMessage> {
    const result = this.tail.then(async () => {
      const stored = await this.store.messages.append(message);
      this.live.deliverMessage(toMessageFrame(stored), stored.participants);
      this.metrics.messageSent(stored.kind, acceptedAt);
      return stored;
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * The actor's account, unless it is gone or banned. A banned user still acting is a session the
   * ban did not reach live (the control channel was down): it ends now as a live ban ends it, every
   * connection told `banned` and closed, once this refusal has gone out.
   */
  private async account(actor: Actor): Promise<UserRecord> {
    const user = await this.store.users.findByName(actor.username);
    if (!user) throw new ChatError('NOT_AUTHENTICATED', 'Your account no longer exists');
    const ban = activeRestriction(user.ban);
    if (ban) {
      const until = untilIso(ban);
      const banned: BannedFrame = {
        type: 'banned',
        by: ban.by,
        until,
        ...(ban.reason ? { reason: ban.reason } : {}),
      };
      setImmediate(
        () => void Promise.resolve(this.live.disconnectUser(user.username, banned)).catch(() => undefined),
      );
      throw new ChatError('BANNED', until ? `You are banned until ${until}` : 'You are banned', {
        until,
        reason: ban.reason,
      });
    }
    return user;
  }

  private async sender(actor: Actor): Promise<UserRecord> {
    const user = await this.account(actor);
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

/**
 * `with` as `history` takes it, for `viewer`: `*`, the other, the others sorted, or the room. The
 * addressing is the caller's: for another viewer of a private conversation, the other is `caller`.
 */
export function withOf(addressing: Addressing, viewer: string, caller: string = viewer): Recipient {
  if (addressing.kind === 'all' || addressing.kind === 'room') return addressing.to;
  if (addressing.kind === 'private') return viewer === caller ? addressing.to : caller;
  return sortNames(addressing.participants.filter((p) => p.toLowerCase() !== viewer.toLowerCase()));
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
