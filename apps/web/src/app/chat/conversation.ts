import {
  CallInfo,
  callSummary,
  FileInfo,
  MessageFrame,
  MessageUpdateFrame,
  Reaction,
  REPLY_QUOTE_LENGTH,
  ReplyQuote,
  RoomInfo,
} from '@chat/protocol';

/**
 * `*` (everyone), `u:<name>` (a private chat), `g:<a>,<b>` (a group of users, the others in it),
 * `r:#name` (a room).
 */
export type ConversationKey = string;

export const EVERYONE: ConversationKey = '*';

export type DeliveryState = 'sending' | 'sent' | 'failed';

export interface ChatMessage {
  /** msgId once the server accepted it, else a local id. */
  id: string;
  seq?: number;
  ts: string;
  from: string;
  mine: boolean;
  text?: string;
  file?: FileInfo;
  /** A call's message (no text): how it went. */
  call?: CallInfo;
  state: DeliveryState;
  /** Why sending failed, for the retry hint. */
  error?: string;
  /** An action (`/me waves`). */
  me?: boolean;
  /** The message this one answers, as it is now. */
  replyTo?: ReplyQuote;
  /** When its text was last edited (ISO 8601). */
  edited?: string;
  /** Deleted: "message deleted" in its place. */
  deleted?: boolean;
  reactions?: Reaction[];
}

export interface Conversation {
  key: ConversationKey;
  kind: 'all' | 'private' | 'group' | 'room';
  /** The other participants (empty for everyone and for a room), as the server spells them. */
  members: string[];
  title: string;
  /** A room's topic, owner, privacy and member count, once the server described it. */
  room?: RoomInfo;
  messages: ChatMessage[];
  unread: number;
  /** How many of the unread messages mention the user (`@name`), counted apart: the list marks them. */
  mentions: number;
  /** Whether older history may exist on the server. */
  hasMore: boolean;
  /** Whether a page of history has come in: the first select asks for one. */
  historyLoaded: boolean;
  loading: boolean;
  /** Who else is typing now (names as the server spells them). */
  typing: string[];
  /** How far each other person has read (read receipts), by name: private and group conversations. */
  receipts: Record<string, number>;
}

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The others in a conversation, sorted, without duplicates or `me`. */
export function otherMembers(names: readonly string[], me: string): string[] {
  const seen = new Map<string, string>();
  for (const name of names) {
    if (!sameName(name, me) && !seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  }
  return [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, name]) => name);
}

/** The key of a conversation with `members` (the others): everyone, a private chat or a group. */
export function conversationKey(members: readonly string[] | '*', me: string): ConversationKey {
  if (members === '*') return EVERYONE;
  const others = otherMembers(members, me);
  if (others.length === 1) return `u:${others[0].toLowerCase()}`;
  return `g:${others.map((n) => n.toLowerCase()).join(',')}`;
}

/** The key of a room's conversation. */
export function roomKey(room: string): ConversationKey {
  return `r:${room.toLowerCase()}`;
}

/** Which conversation a delivered message belongs to, from `me`'s point of view. */
export function conversationOf(
  message: Pick<MessageFrame, 'kind' | 'to' | 'from'>,
  me: string,
): { key: ConversationKey; members: string[] } {
  if (message.kind === 'all') return { key: EVERYONE, members: [] };
  if (message.kind === 'room') return { key: roomKey(String(message.to)), members: [] };
  const to = Array.isArray(message.to) ? message.to : [message.to];
  const members = otherMembers([message.from, ...to], me);
  return { key: conversationKey(members, me), members };
}

export function newConversation(key: ConversationKey, members: string[]): Conversation {
  const kind =
    key === EVERYONE ? 'all' : key.startsWith('r:') ? 'room' : members.length === 1 ? 'private' : 'group';
  return {
    key,
    kind,
    members,
    title: kind === 'all' ? 'Everyone' : kind === 'room' ? key.slice(2) : members.join(', '),
    messages: [],
    unread: 0,
    mentions: 0,
    hasMore: true,
    historyLoaded: false,
    loading: false,
    typing: [],
    receipts: {},
  };
}

/** The `to` of a `send` and the `with` of a `history` for this conversation. */
export function recipientOf(conversation: Conversation): string | string[] {
  if (conversation.kind === 'all') return '*';
  if (conversation.kind === 'room') return conversation.title;
  return conversation.kind === 'private' ? conversation.members[0] : conversation.members;
}

export function fromFrame(message: MessageFrame, me: string): ChatMessage {
  return {
    id: message.msgId,
    seq: message.seq,
    ts: message.ts,
    from: message.from,
    mine: sameName(message.from, me),
    text: message.text,
    file: message.file,
    ...(message.call ? { call: message.call } : {}),
    ...(message.me ? { me: true } : {}),
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    ...(message.edited ? { edited: message.edited } : {}),
    ...(message.deleted ? { deleted: true } : {}),
    ...(message.reactions?.length ? { reactions: message.reactions } : {}),
    state: 'sent',
  };
}

/**
 * A message after a change the server announced: its new text, its deletion or its reactions. A
 * reply that quotes the changed message follows it (`quoting`).
 */
export function applyUpdate(message: ChatMessage, update: MessageUpdateFrame): ChatMessage {
  if (message.id === update.msgId) {
    if (update.action === 'edit') return { ...message, text: update.text, edited: update.edited };
    if (update.action === 'delete') {
      const { text, file, call, reactions, replyTo, ...rest } = message;
      void [text, file, call, reactions, replyTo];
      return { ...rest, deleted: true };
    }
    return { ...message, reactions: update.reactions ?? [] };
  }
  if (message.replyTo?.msgId === update.msgId && update.action !== 'react') {
    const quote: ReplyQuote =
      update.action === 'delete'
        ? { msgId: update.msgId, seq: message.replyTo.seq, from: message.replyTo.from, deleted: true }
        : { ...message.replyTo, text: [...(update.text ?? '')].slice(0, REPLY_QUOTE_LENGTH).join('') };
    return { ...message, replyTo: quote };
  }
  return message;
}

/** Who has read up to a message of one's own: the others whose receipt reaches its seq. */
export function seenBy(conversation: Conversation, message: ChatMessage): string[] {
  if (message.seq === undefined) return [];
  return Object.entries(conversation.receipts)
    .filter(([, seq]) => seq >= message.seq!)
    .map(([name]) => name)
    .sort((a, b) => a.localeCompare(b));
}

/** Merges messages by id, ordered by seq (messages still being sent stay last, in their order). */
export function mergeMessages(
  existing: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
): ChatMessage[] {
  const byId = new Map<string, ChatMessage>();
  for (const m of existing) byId.set(m.id, m);
  for (const m of incoming) if (!byId.has(m.id)) byId.set(m.id, m);
  const all = [...byId.values()];
  const sent = all.filter((m) => m.seq !== undefined).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  const unsent = all.filter((m) => m.seq === undefined);
  return [...sent, ...unsent];
}

/** A message in one line, for the conversation list: its text, its file's name, or its call. */
export function messagePreview(message: ChatMessage): string {
  if (message.deleted) return 'Message deleted';
  if (message.call) return callSummary(message.call);
  if (message.text) return message.text;
  if (message.file?.media?.kind === 'voice') return 'Voice message';
  if (message.file?.media?.kind === 'image') return 'Picture';
  return message.file?.name ?? '';
}
