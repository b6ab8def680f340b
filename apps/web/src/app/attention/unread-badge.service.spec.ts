import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';

import { ConversationStore } from '../chat/conversation-store.service';
import { UnreadBadge } from './unread-badge.service';

/** The chat page provides the badge for as long as it shows: so does this host. */
@Component({
  selector: 'chat-badge-host',
  template: '',
  providers: [UnreadBadge],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class BadgeHostComponent {
  public readonly badge = inject(UnreadBadge);
}

describe(UnreadBadge.name, () => {
  let store: ConversationStore;
  const icon = (): HTMLLinkElement => document.head.querySelector('link[rel~="icon"]')!;

  beforeEach(() => {
    document.head.querySelectorAll('link[rel~="icon"]').forEach((l) => l.remove());
    const link = document.createElement('link');
    link.rel = 'icon';
    link.setAttribute('href', 'favicon.svg');
    document.head.appendChild(link);
    store = TestBed.inject(ConversationStore);
    store.me.set('alice');
  });

  afterEach(() => store.reset());

  const bobSays = (seq: number): void =>
    store.receive({
      type: 'message',
      seq,
      msgId: `m${seq}`,
      ts: '2026-11-22T10:00:00.000Z',
      from: 'bob',
      to: 'alice',
      kind: 'private',
      text: 'hi',
    });

  it('puts the unread total in the title and on the favicon, and takes both off once read', () => {
    const fixture = TestBed.createComponent(BadgeHostComponent);
    TestBed.tick();
    expect(TestBed.inject(Title).getTitle()).toBe('Natter');
    expect(icon().getAttribute('href')).toBe('favicon.svg');

    bobSays(1);
    bobSays(2);
    bobSays(3);
    TestBed.tick();
    expect(TestBed.inject(Title).getTitle()).toBe('(3) Natter');
    const href = icon().getAttribute('href') ?? '';
    expect(href.startsWith('data:image/svg+xml,')).toBe(true);
    expect(decodeURIComponent(href)).toContain('>3</text>');

    store.select('u:bob');
    TestBed.tick();
    expect(TestBed.inject(Title).getTitle()).toBe('Natter');
    expect(icon().getAttribute('href')).toBe('favicon.svg');
    fixture.destroy();
  });

  it('gives the plain icon back when the chat page goes', () => {
    const fixture = TestBed.createComponent(BadgeHostComponent);
    bobSays(1);
    TestBed.tick();
    expect(icon().getAttribute('href')).not.toBe('favicon.svg');
    fixture.destroy();
    expect(icon().getAttribute('href')).toBe('favicon.svg');
  });
});
