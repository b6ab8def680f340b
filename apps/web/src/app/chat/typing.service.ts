import { inject, Injectable } from '@angular/core';

import { TYPING_RENEW_MS, TYPING_TTL_MS, TypingFrame } from '@chat/protocol';

import { ChatSocket } from '../core/chat-socket.service';
import { ConversationKey, conversationOf, recipientOf } from './conversation';
import { ConversationStore } from './conversation-store.service';

/**
 * "alice is typing…" both ways: the user's typing goes out at most every TYPING_RENEW_MS while
 * they type (and a stop when the line is cleared or sent); others' typing shows for TYPING_TTL_MS
 * unless renewed, and ends at their stop or their message.
 */
@Injectable({ providedIn: 'root' })
export class TypingService {
  private readonly socket = inject(ChatSocket);
  private readonly store = inject(ConversationStore);
  /** When the user's last typing frame went out, by conversation. */
  private readonly sentAt = new Map<ConversationKey, number>();
  /** Others' indicators, by conversation and lower-cased name: the timer that ends each. */
  private readonly expiry = new Map<string, ReturnType<typeof setTimeout>>();

  /** The composer's text changed in `key`: tells the others, throttled; an empty line stops. */
  public typed(key: ConversationKey, text: string): void {
    if (text.trim() === '') {
      this.stopped(key);
      return;
    }
    const now = Date.now();
    const last = this.sentAt.get(key);
    if (last !== undefined && now - last < TYPING_RENEW_MS) return;
    this.sentAt.set(key, now);
    this.send(key, false);
  }

  /** The user sent the line or cleared it: the others' indicator ends now. */
  public stopped(key: ConversationKey): void {
    if (!this.sentAt.delete(key)) return;
    this.send(key, true);
  }

  /** Someone else's typing event. */
  public received(frame: TypingFrame): void {
    // In a room and to everyone the server tells the typist's own connections too: not news here.
    if (frame.from.toLowerCase() === this.store.me().toLowerCase()) return;
    const { key } = conversationOf(frame, this.store.me());
    const id = `${key}\u0000${frame.from.toLowerCase()}`;
    clearTimeout(this.expiry.get(id));
    this.expiry.delete(id);
    if (frame.stop) {
      this.store.setTyping(key, frame.from, false);
      return;
    }
    this.store.setTyping(key, frame.from, true);
    this.expiry.set(
      id,
      setTimeout(() => {
        this.expiry.delete(id);
        this.store.setTyping(key, frame.from, false);
      }, TYPING_TTL_MS),
    );
  }

  /** A message from `from` arrived in `key`: they are no longer typing it. */
  public messageFrom(key: ConversationKey, from: string): void {
    const id = `${key}\u0000${from.toLowerCase()}`;
    if (!this.expiry.has(id)) return;
    clearTimeout(this.expiry.get(id));
    this.expiry.delete(id);
    this.store.setTyping(key, from, false);
  }

  public reset(): void {
    for (const timer of this.expiry.values()) clearTimeout(timer);
    this.expiry.clear();
    this.sentAt.clear();
  }

  private send(key: ConversationKey, stop: boolean): void {
    const conversation = this.store.get(key);
    if (!conversation) return;
    // Typing is a hint: a refusal (muted, offline) changes nothing the user must see.
    this.socket
      .request('typing', { to: recipientOf(conversation), ...(stop ? { stop: true } : {}) })
      .catch(() => undefined);
  }
}

/** "alice is typing…", "alice and bob are typing…", "several people are typing…". */
export function typingText(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return 'Several people are typing…';
}
