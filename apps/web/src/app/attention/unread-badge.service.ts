import { DOCUMENT } from '@angular/common';
import { DestroyRef, effect, inject, Injectable } from '@angular/core';
import { Title } from '@angular/platform-browser';

import { PRODUCT_NAME } from '@chat/protocol';

import { ChatStore } from '../chat/chat-store.service';
import { badgedFavicon } from './favicon';

/**
 * The unread total where the user sees it with the tab in the background: "(3) Natter" in the
 * title and a badge on the favicon; "Natter" and the plain icon once none wait. Provided by the chat page,
 * for as long as it shows (the other pages have titles of their own).
 */
@Injectable()
export class UnreadBadge {
  private readonly document = inject(DOCUMENT);
  private readonly title = inject(Title);
  private readonly icon = this.iconLink();
  private readonly plainIcon = this.icon.getAttribute('href') ?? 'favicon.svg';

  constructor() {
    const store = inject(ChatStore);
    effect(() => {
      const total = store.unreadTotal();
      this.title.setTitle(total > 0 ? `(${total > 999 ? '999+' : total}) ${PRODUCT_NAME}` : PRODUCT_NAME);
      this.icon.setAttribute('href', badgedFavicon(total) ?? this.plainIcon);
    });
    inject(DestroyRef).onDestroy(() => this.icon.setAttribute('href', this.plainIcon));
  }

  /** index.html's icon link (made when a page has none). */
  private iconLink(): HTMLLinkElement {
    const existing = this.document.head.querySelector<HTMLLinkElement>('link[rel~="icon"]');
    if (existing) return existing;
    const link = this.document.createElement('link');
    link.rel = 'icon';
    link.type = 'image/svg+xml';
    link.href = 'favicon.svg';
    this.document.head.appendChild(link);
    return link;
  }
}
