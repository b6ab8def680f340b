import { DOCUMENT } from '@angular/common';
import { DestroyRef, effect, inject, Injectable, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';

import { MessageFrame } from '@chat/protocol';

import { CallService, IncomingCall } from '../calls/call.service';
import { ChatStore } from '../chat/chat-store.service';
import { ConversationKey } from '../chat/conversation';
import { ChatSocket } from '../core/chat-socket.service';
import { AlertSound } from './alert-sound';
import { alertFor } from './alerts';
import { ATTENTION_BROWSER, DesktopNotice, ShownNotice } from './attention-browser';
import { AttentionSettings } from './attention-settings.service';

/** The tag of the incoming call's notification (one call rings at a time). */
export const CALL_TAG = 'chat-call';
export const conversationTag = (key: ConversationKey): string => `chat-${key}`;

/**
 * Tells the user of what needs them while they look elsewhere: a desktop notification and a chime
 * for private and group messages and for mentions (alertFor decides), and a notification for an
 * incoming call while the page is hidden (the call rings by itself). Each only as the settings
 * allow; do not disturb silences all.
 */
@Injectable({ providedIn: 'root' })
export class Attention {
  private readonly socket = inject(ChatSocket);
  private readonly store = inject(ChatStore);
  private readonly calls = inject(CallService);
  private readonly settings = inject(AttentionSettings);
  private readonly browser = inject(ATTENTION_BROWSER);
  private readonly sound = inject(AlertSound);
  /** The notifications on screen, by tag: the newest of each conversation, and the call's. */
  private readonly shown = new Map<string, ShownNotice>();

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.socket.events$.pipe(takeUntilDestroyed(destroyRef)).subscribe((event) => {
      if (event.type === 'message') this.onMessage(event);
    });
    effect(() => {
      const ring = this.calls.incoming();
      untracked(() => (ring ? this.onRing(ring) : this.close(CALL_TAG)));
    });
    // A conversation opened is read: its notification is old news.
    effect(() => {
      const key = this.store.activeKey();
      untracked(() => this.close(conversationTag(key)));
    });
    // Browsers keep audio suspended until the user acts on the page: the first gesture readies it.
    const document = inject(DOCUMENT);
    const prime = (): void => {
      if (this.settings.sound()) this.sound.prime();
    };
    for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, prime, true);
    destroyRef.onDestroy(() => {
      for (const type of ['pointerdown', 'keydown']) document.removeEventListener(type, prime, true);
      for (const tag of [...this.shown.keys()]) this.close(tag);
    });
  }

  private onMessage(frame: MessageFrame): void {
    const notify = this.settings.notifications();
    const chime = this.settings.sound();
    if (this.settings.dnd() || (!notify && !chime)) return;
    const alert = alertFor(frame, {
      me: this.store.me(),
      openKey: this.store.activeKey(),
      hidden: this.browser.hidden(),
      titleOf: (key) => this.store.conversations().find((c) => c.key === key)?.title ?? '',
    });
    if (!alert) return;
    if (notify) {
      this.show({
        title: alert.title,
        body: alert.body,
        tag: conversationTag(alert.key),
        onClick: () => this.store.select(alert.key),
      });
    }
    if (chime) this.sound.play();
  }

  private onRing(ring: IncomingCall): void {
    // In sight, the incoming call's dialog shows and rings: a notification would only repeat it.
    if (this.settings.dnd() || !this.settings.notifications() || !this.browser.hidden()) return;
    this.show({
      title: `${ring.from} is calling`,
      body: ring.media === 'video' ? 'Video call' : 'Voice call',
      tag: CALL_TAG,
      sticky: true,
      onClick: () => undefined,
    });
  }

  private show(notice: DesktopNotice): void {
    this.close(notice.tag);
    const shown = this.browser.notify(notice);
    if (shown) this.shown.set(notice.tag, shown);
  }

  private close(tag: string): void {
    this.shown.get(tag)?.close();
    this.shown.delete(tag);
  }
}
