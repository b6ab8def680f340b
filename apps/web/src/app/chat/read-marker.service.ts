import { DestroyRef, effect, inject, Injectable, signal } from '@angular/core';

import { ChatSocket } from '../core/chat-socket.service';
import { ConversationKey, recipientOf } from './conversation';
import { ConversationStore } from './conversation-store.service';

/** Reads are told at most this often per conversation: one frame for a burst of messages. */
const READ_DELAY_MS = 400;

/**
 * Tells the server how far the user has read: the open conversation, up to its newest message,
 * while the page is visible (a message that comes into a tab in the background stays unread). The
 * server keeps the mark, so unread counts survive a reload and agree on every device.
 */
@Injectable({ providedIn: 'root' })
export class ReadMarker {
  private readonly socket = inject(ChatSocket);
  private readonly store = inject(ConversationStore);
  private readonly visible = signal(typeof document === 'undefined' || document.visibilityState !== 'hidden');
  /** The last mark sent per conversation, so that nothing is told twice. */
  private readonly sent = new Map<ConversationKey, number>();
  /** One pending mark per conversation: opening another one must not drop this one's. */
  private readonly timers = new Map<ConversationKey, ReturnType<typeof setTimeout>>();

  constructor() {
    const onVisibility = (): void => this.visible.set(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', onVisibility);
    inject(DestroyRef).onDestroy(() => {
      document.removeEventListener('visibilitychange', onVisibility);
      this.reset();
    });
    effect(() => {
      const c = this.store.active();
      const online = this.socket.state() === 'online';
      const seq = c?.messages.reduce((max, m) => Math.max(max, m.seq ?? 0), 0) ?? 0;
      if (!c || !online || !this.visible() || seq <= (this.sent.get(c.key) ?? 0)) return;
      const key = c.key;
      const to = recipientOf(c);
      clearTimeout(this.timers.get(key));
      this.timers.set(
        key,
        setTimeout(() => {
          this.timers.delete(key);
          this.sent.set(key, seq);
          this.socket.request('read', { with: to, seq }).catch(() => this.sent.delete(key));
        }, READ_DELAY_MS),
      );
    });
  }

  /** A new session starts with no marks told. */
  public reset(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.sent.clear();
  }
}
