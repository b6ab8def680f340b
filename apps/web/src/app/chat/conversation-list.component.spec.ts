import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatNavListHarness } from '@angular/material/list/testing';

import { RoomInfo } from '@chat/protocol';

import { Conversation, EVERYONE, newConversation, roomKey } from './conversation';
import { ConversationListComponent } from './conversation-list.component';

const room = (info: Partial<RoomInfo> & { room: string }, unread = 0): Conversation => ({
  ...newConversation(roomKey(info.room), []),
  room: { topic: '', private: false, owner: 'bob', members: 2, joined: true, ...info },
  unread,
});

describe(ConversationListComponent.name, () => {
  let fixture: ComponentFixture<ConversationListComponent>;

  beforeEach(async () => {
    fixture = TestBed.createComponent(ConversationListComponent);
    fixture.componentRef.setInput('conversations', [
      newConversation(EVERYONE, []),
      room({ room: '#dev', topic: 'Builds and bugs' }, 3),
      room({ room: '#secret', private: true }),
      // A room the server has not described yet: listed by its name alone.
      newConversation(roomKey('#new'), []),
      { ...newConversation('u:bob', ['bob']), unread: 1 },
      { ...newConversation('g:bob,carol', ['bob', 'carol']), unread: 4, mentions: 2 },
    ]);
    fixture.componentRef.setInput('activeKey', 'r:#dev');
    await fixture.whenStable();
  });

  const links = (): HTMLAnchorElement[] => [
    ...(fixture.nativeElement as HTMLElement).querySelectorAll<HTMLAnchorElement>('a[mat-list-item]'),
  ];
  /** What a screen reader says of a link: its text but the aria-hidden icon and badges, line by line. */
  const said = (link: HTMLElement): string => {
    const copy = link.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('[aria-hidden=true]').forEach((e) => e.remove());
    // The title and the line are blocks: the browser's name has a space between them, jsdom's text none.
    copy.querySelectorAll('[matListItemTitle], [matListItemLine]').forEach((e) => e.append(' '));
    return (copy.textContent ?? '').replace(/\s+/g, ' ').replace(/ ,/g, ',').trim();
  };
  const icon = (link: HTMLElement): string | undefined => link.querySelector('mat-icon')?.textContent?.trim();

  it('lists rooms with their topic line, a lock and "Private room" for private ones, and unread counts', async () => {
    const list = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatNavListHarness);
    const items = await list.getItems();
    expect(await Promise.all(items.map((i) => i.getTitle()))).toEqual([
      'Everyone',
      '#dev',
      '#secret',
      '#new',
      'bob',
      'bob, carol',
    ]);
    expect(await items[1].getSecondaryText()).toBe('Builds and bugs');
    expect(await items[2].getSecondaryText()).toBeNull();

    expect(links().map(said)).toEqual([
      'Everyone',
      '#dev Builds and bugs, 3 unread',
      '#secret, Private room',
      '#new',
      'bob, 1 unread',
      'bob, carol, 4 unread, 2 mentions',
    ]);
    expect(links().map(icon)).toEqual(['forum', 'tag', 'lock', 'tag', 'person', 'group']);
    expect(links()[1].getAttribute('aria-current')).toBe('page');
  });

  it('marks the conversations whose unread messages mention the user with an @ beside the count', () => {
    const badges = links().map((a) =>
      [...a.querySelectorAll('.unread')].map((b) => b.textContent?.trim()).join(' '),
    );
    expect(badges).toEqual(['', '3', '', '', '1', '@ 4']);
  });

  it('opens a room on a click', () => {
    const selected: string[] = [];
    fixture.componentInstance.selected.subscribe((key) => selected.push(key));
    links()[2].click();
    expect(selected).toEqual(['r:#secret']);
  });
});
