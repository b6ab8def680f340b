import type { MessageFrame, Recipient } from '@chat/protocol';

/** The short numbers a session's screen shows at most, then they start again from 1. */
export const MAX_NUMBERS = 999;

/** What a number on screen stands for: the message, and the conversation a reply to it goes to. */
export interface NumberedMessage {
  msgId: string;
  seq: number;
  from: string;
  /** The conversation as `send` and `history` take it, for this user. */
  with: Recipient;
  text?: string;
}

/**
 * The short numbers (1 to 999, then 1 again) the terminal shows before messages, so that
 * `/edit 3`, `/reply 3`, `/react 3 👍` and `/delete 3` name one. Bounded: the oldest number is
 * taken again once 999 are in use.
 */
export class MessageNumbers {
  private next = 1;
  private readonly byNumber = new Map<number, NumberedMessage>();
  private readonly byId = new Map<string, number>();

  /** The message's number, given now when it has none yet. */
  public number(message: MessageFrame, me: string): number {
    const known = this.byId.get(message.msgId);
    if (known !== undefined) {
      this.byNumber.set(known, entryOf(message, me));
      return known;
    }
    const n = this.next;
    this.next = n === MAX_NUMBERS ? 1 : n + 1;
    const previous = this.byNumber.get(n);
    if (previous) this.byId.delete(previous.msgId);
    this.byNumber.set(n, entryOf(message, me));
    this.byId.set(message.msgId, n);
    return n;
  }

  public get(n: number): NumberedMessage | undefined {
    return this.byNumber.get(n);
  }

  /** The number of a message shown already, undefined otherwise. */
  public numberOf(msgId: string): number | undefined {
    return this.byId.get(msgId);
  }

  /** Keeps the text a number stands for current (after an edit). */
  public edited(msgId: string, text: string | undefined): void {
    const n = this.byId.get(msgId);
    const entry = n === undefined ? undefined : this.byNumber.get(n);
    if (entry && n !== undefined) this.byNumber.set(n, { ...entry, text });
  }
}

/** The conversation of a message as `send` takes it, for `me`: `*`, the room, the other, the others. */
export function conversationWith(message: Pick<MessageFrame, 'kind' | 'to' | 'from'>, me: string): Recipient {
  if (message.kind === 'all') return '*';
  if (message.kind === 'room') return String(message.to);
  const self = me.toLowerCase();
  const names = [message.from, ...(Array.isArray(message.to) ? message.to : [message.to])];
  const others = [
    ...new Map(names.filter((n) => n.toLowerCase() !== self).map((n) => [n.toLowerCase(), n])).values(),
  ];
  return message.kind === 'private' ? others[0] : others;
}

function entryOf(message: MessageFrame, me: string): NumberedMessage {
  return {
    msgId: message.msgId,
    seq: message.seq,
    from: message.from,
    with: conversationWith(message, me),
    ...(message.text === undefined ? {} : { text: message.text }),
  };
}
