import { computed, Injectable, signal } from '@angular/core';

import {
  ConversationSummary,
  MessageFrame,
  MessageUpdateFrame,
  Recipient,
  RoomInfo,
  UnreadCount,
} from '@chat/protocol';
import { mentionsUser } from '@chat/protocol';

import {
  applyUpdate,
  ChatMessage,
  Conversation,
  ConversationKey,
  conversationKey,
  conversationOf,
  EVERYONE,
  fromFrame,
  mergeMessages,
  newConversation,
  otherMembers,
  roomKey,
} from './conversation';

const initial = (): ReadonlyMap<ConversationKey, Conversation> =>
  new Map([[EVERYONE, newConversation(EVERYONE, [])]]);

/** The conversations of this tab, as signals: their messages, unread counts, and which one is open. */
@Injectable({ providedIn: 'root' })
export class ConversationStore {
  private readonly map = signal(initial());

  /** Who this tab is logged in as: messages from them are `mine`. */
  public readonly me = signal('');
  public readonly activeKey = signal<ConversationKey>(EVERYONE);
  /** Everyone first, then the rooms by name, then the private and group chats, most recent activity first. */
  public readonly conversations = computed(() => {
    const all = [...this.map().values()];
    const lastTs = (c: Conversation): string => c.messages.at(-1)?.ts ?? '';
    return [
      ...all.filter((c) => c.kind === 'all'),
      ...all.filter((c) => c.kind === 'room').sort((a, b) => a.title.localeCompare(b.title)),
      ...all
        .filter((c) => c.kind === 'private' || c.kind === 'group')
        .sort((a, b) => lastTs(b).localeCompare(lastTs(a))),
    ];
  });
  public readonly active = computed(() => this.map().get(this.activeKey()) ?? null);
  /** Unread messages in every conversation but the open one: the page title shows it. */
  public readonly unreadTotal = computed(() =>
    [...this.map().values()].reduce((sum, c) => sum + (c.key === this.activeKey() ? 0 : c.unread), 0),
  );
  /**
   * The seq up to which the server's unread counts (the log-in reply's) already count: a message
   * replayed through `since` up to it is not counted again.
   */
  private countedUpTo = 0;

  public get(key: ConversationKey): Conversation | undefined {
    return this.map().get(key);
  }

  /** The key of the conversation with `members`, created when needed; null for none but oneself. */
  public keyFor(members: readonly string[] | '*'): ConversationKey | null {
    const me = this.me();
    const key = conversationKey(members, me);
    const others = members === '*' ? [] : otherMembers(members, me);
    if (key !== EVERYONE && others.length === 0) return null;
    this.ensure(key, others);
    return key;
  }

  /** Makes `key` the open conversation, read. */
  public select(key: ConversationKey): void {
    this.activeKey.set(key);
    this.patch(key, (c) => ({ ...c, unread: 0, mentions: 0 }));
  }

  /** Files a delivered message in its conversation, counting it unread unless it is open or one's own. */
  public receive(frame: MessageFrame): void {
    const me = this.me();
    const { key, members } = conversationOf(frame, me);
    this.ensure(key, members);
    const message = fromFrame(frame, me);
    const isActive = key === this.activeKey();
    this.patch(key, (c) => {
      if (c.messages.some((m) => m.id === message.id)) return c;
      // A message whose ok was lost with the connection comes back through `since`: drop the failed copy.
      const messages = message.mine
        ? c.messages.filter(
            (m) => !(m.state === 'failed' && m.text === message.text && m.file?.id === message.file?.id),
          )
        : c.messages;
      const unread = isActive || message.mine || frame.seq <= this.countedUpTo ? c.unread : c.unread + 1;
      // A mention the server's counts already hold (replayed through `since`) is new to this tab all the same.
      const mentioned = !isActive && !message.mine && mentionsUser(message.text, me);
      return {
        ...c,
        messages: mergeMessages(messages, [message]),
        unread,
        mentions: Math.min(unread, mentioned ? c.mentions + 1 : c.mentions),
      };
    });
  }

  /** Applies a change to a message (edit, deletion, reactions) wherever it is shown, and to replies quoting it. */
  public update(frame: MessageUpdateFrame): void {
    const { key } = conversationOf(frame, this.me());
    this.patch(key, (c) => {
      let changed = false;
      const messages = c.messages.map((m) => {
        const next = applyUpdate(m, frame);
        if (next !== m) changed = true;
        return next;
      });
      return changed ? { ...c, messages } : c;
    });
  }

  /** Someone else is typing in a conversation (or stopped: `on` false). */
  public setTyping(key: ConversationKey, name: string, on: boolean): void {
    this.patch(key, (c) => {
      const others = c.typing.filter((n) => n.toLowerCase() !== name.toLowerCase());
      const typing = on ? [...others, name] : others;
      return typing.length === c.typing.length && on === false ? c : { ...c, typing };
    });
  }

  /** Read receipts: how far others have read, merged in (a mark only moves forward). */
  public setReceipts(key: ConversationKey, receipts: readonly { user: string; seq: number }[]): void {
    this.patch(key, (c) => {
      const next = { ...c.receipts };
      for (const { user, seq } of receipts) next[user] = Math.max(next[user] ?? 0, seq);
      return { ...c, receipts: next };
    });
  }

  /** Forgets every receipt (the user turned them off: they see nobody's). */
  public clearReceipts(): void {
    const map = new Map(this.map());
    for (const [key, c] of map) if (Object.keys(c.receipts).length > 0) map.set(key, { ...c, receipts: {} });
    this.map.set(map);
  }

  /**
   * Takes the server's unread counts of a log-in (by the user's read marks, the same on every
   * device): those conversations are listed with their counts, every other one has none. `seq` is
   * the log-in's latest seq, which the counts include.
   */
  public setUnread(unread: readonly UnreadCount[], seq: number): void {
    this.countedUpTo = seq;
    const counts = new Map<ConversationKey, number>();
    for (const row of unread) {
      const key = this.keyOf(row.with);
      if (key !== null) counts.set(key, row.count);
    }
    const map = new Map(this.map());
    for (const [key, c] of map) {
      const count = key === this.activeKey() ? 0 : (counts.get(key) ?? 0);
      // The counts do not say which messages mention the user: the mentions this tab saw stay, as many as are unread.
      const mentions = Math.min(c.mentions, count);
      if (c.unread !== count || c.mentions !== mentions) map.set(key, { ...c, unread: count, mentions });
    }
    this.map.set(map);
  }

  /** The user read a conversation up to `seq` elsewhere (another tab or device): what is left unread here. */
  public markedRead(key: ConversationKey, seq: number): void {
    const me = this.me();
    this.patch(key, (c) => {
      const after = c.messages.filter((m) => !m.mine && m.seq !== undefined && m.seq > seq);
      const unread = Math.min(c.unread, after.length);
      const mentions = Math.min(c.mentions, after.filter((m) => mentionsUser(m.text, me)).length);
      return unread === c.unread && mentions === c.mentions ? c : { ...c, unread, mentions };
    });
  }

  /**
   * Lists a conversation from the api's list with its latest message, unless that message is
   * newer than the log-in's `latestSeq`: it arrives live then, and is counted unread.
   */
  public addListed(summary: ConversationSummary, latestSeq: number): void {
    const me = this.me();
    const members = otherMembers(typeof summary.with === 'string' ? [summary.with] : summary.with, me);
    if (members.length === 0) return;
    const key = conversationKey(members, me);
    this.ensure(key, members);
    if (summary.last.seq > latestSeq) return;
    const last = fromFrame(summary.last, me);
    this.patch(key, (c) =>
      c.messages.some((m) => m.id === last.id) ? c : { ...c, messages: mergeMessages(c.messages, [last]) },
    );
  }

  /**
   * The conversation a `with` names as the server writes it (`"*"`, a name, names, `"#room"`),
   * created when needed; null for none but oneself.
   */
  public keyOf(to: Recipient): ConversationKey | null {
    if (to === '*') return EVERYONE;
    if (typeof to === 'string' && to.startsWith('#')) return this.addRoom(to);
    return this.keyFor(typeof to === 'string' ? [to] : to);
  }

  /** Lists a room (created when needed), with what the server says of it when known. */
  public addRoom(room: string, info?: RoomInfo): ConversationKey {
    const key = roomKey(room);
    this.ensure(key, []);
    if (info) this.patch(key, (c) => ({ ...c, room: info }));
    return key;
  }

  /** Forgets a conversation (a room one left, was removed from, or that was deleted); Everyone opens if it was open. */
  public remove(key: ConversationKey): void {
    if (key === EVERYONE || !this.map().has(key)) return;
    const map = new Map(this.map());
    map.delete(key);
    this.map.set(map);
    if (this.activeKey() === key) this.select(EVERYONE);
  }

  public patch(key: ConversationKey, change: (c: Conversation) => Conversation): void {
    const current = this.map().get(key);
    if (!current) return;
    const next = change(current);
    if (next === current) return;
    const map = new Map(this.map());
    map.set(key, next);
    this.map.set(map);
  }

  public replace(key: ConversationKey, id: string, message: ChatMessage): void {
    this.patch(key, (c) => ({ ...c, messages: c.messages.map((m) => (m.id === id ? message : m)) }));
  }

  /**
   * A replay left out the messages up to `until` (a `gap`): what is shown from before it is
   * dropped, so that each conversation's messages stay one unbroken run, and scrolling back pages
   * the rest in with `history`. Messages not yet sent (no seq) stay.
   */
  public forgetUpTo(until: number): void {
    const map = new Map(this.map());
    for (const [key, c] of map) {
      const messages = c.messages.filter((m) => m.seq === undefined || m.seq > until);
      map.set(key, { ...c, messages, hasMore: true, historyLoaded: false });
    }
    this.map.set(map);
  }

  public reset(): void {
    this.map.set(initial());
    this.activeKey.set(EVERYONE);
  }

  private ensure(key: ConversationKey, members: string[]): void {
    if (this.map().has(key)) return;
    const map = new Map(this.map());
    map.set(key, newConversation(key, members));
    this.map.set(map);
  }
}
