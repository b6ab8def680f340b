import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';

import { RoomInfo } from '@chat/protocol';

import { FakeWebSocket } from '../../../testing/fake-websocket';
import { loggedInChat, message, settle } from '../../../testing/logged-in-chat';
import { SessionService } from '../../core/session.service';
import { ChatStore } from '../chat-store.service';
import { EVERYONE } from '../conversation';
import { RoomHeaderComponent } from './room-header.component';
import { RoomMembersComponent } from './room-members.component';

/** The header and the members panel as the chat page places them, on the open conversation. */
@Component({
  selector: 'chat-test-host',
  imports: [RoomHeaderComponent, RoomMembersComponent],
  template: `
    <chat-room-header [conversation]="store.active()" (members)="askedForMembers = askedForMembers + 1" />
    <chat-room-members [conversation]="store.active()" [me]="store.me()" />
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class HostComponent {
  protected readonly store = inject(ChatStore);
  public askedForMembers = 0;
}

const dev = (over: Partial<RoomInfo> = {}): RoomInfo => ({
  room: '#dev',
  topic: 'Builds and bugs',
  owner: 'alice',
  private: false,
  members: 3,
  joined: true,
  ...over,
});

describe(RoomHeaderComponent.name, () => {
  let fixture: ComponentFixture<HostComponent>;
  let store: ChatStore;
  let ws: FakeWebSocket;
  let http: HttpTestingController;
  let loader: HarnessLoader;

  beforeEach(async () => {
    let listing;
    ({ store, ws, http, listing } = await loggedInChat([
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
    ]));
    listing.flush({ conversations: [] });
    fixture = TestBed.createComponent(HostComponent);
    loader = TestbedHarnessEnvironment.documentRootLoader(fixture);
  });

  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    store.reset();
    http.verify();
  });

  const stable = async (): Promise<void> => {
    await settle();
    await fixture.whenStable();
  };
  const host = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const header = (): HTMLElement => host().querySelector('chat-room-header')!;
  const panel = (): HTMLElement => host().querySelector('chat-room-members')!;
  const memberLabels = (): (string | null)[] =>
    [...panel().querySelectorAll('li')].map((li) => li.getAttribute('aria-label'));
  const sentOf = (type: string): Record<string, unknown>[] => ws.sent.filter((f) => f['type'] === type);

  /** alice (the tab's user) is in #dev, described as `info`, and has it open; its members are answered. */
  async function openDev(info: RoomInfo, members = ['alice', 'bob', 'carol']): Promise<void> {
    ws.receive({ type: 'room.joined', room: '#dev', user: 'alice' });
    ws.ok('room.list', { rooms: [info] });
    await settle();
    store.select('r:#dev');
    ws.ok('history', { messages: [] });
    await stable();
    ws.ok('room.members', { members, online: ['alice', 'bob'] });
    await stable();
  }

  async function menuItems(): Promise<string[]> {
    const menu = await loader.getHarness(MatMenuHarness.with({ triggerText: /more_vert/ }));
    await menu.open();
    const items = await Promise.all((await menu.getItems()).map((i) => i.getText()));
    await menu.close();
    return items.map((text) => text.replace(/^[a-z_]+/, ''));
  }

  async function clickMenuItem(text: string): Promise<void> {
    const menu = await loader.getHarness(MatMenuHarness.with({ triggerText: /more_vert/ }));
    await menu.open();
    await menu.clickItem({ text: new RegExp(text) });
    await stable();
  }

  async function answerPrompt(value: string, action: string): Promise<void> {
    const dialog = await loader.getHarness(MatDialogHarness);
    const input = await dialog.getHarness(MatInputHarness);
    await input.setValue(value);
    await (await dialog.getHarness(MatButtonHarness.with({ text: action }))).click();
    await stable();
  }

  it('shows nothing outside a room', async () => {
    await stable();
    expect(header().textContent?.trim()).toBe('');
    expect(panel().textContent?.trim()).toBe('');
    expect(sentOf('room.members')).toEqual([]);
  });

  it('shows the topic and the member count; Members asks for the members panel', async () => {
    await openDev(dev());
    expect(header().textContent).toContain('Builds and bugs');
    expect(header().querySelector('[aria-label="Private room"]')).toBeNull();
    await (await loader.getHarness(MatButtonHarness.with({ selector: '[aria-label^="Members"]' }))).click();
    expect(fixture.componentInstance.askedForMembers).toBe(1);
    expect(
      await (
        await loader.getHarness(MatButtonHarness.with({ selector: '[aria-label^="Members"]' }))
      ).getText(),
    ).toContain('3');
  });

  it('marks a private room with a lock named "Private room"', async () => {
    await openDev(dev({ private: true }));
    expect(header().querySelector('mat-icon[aria-label="Private room"]')?.textContent).toBe('lock');
  });

  it.each([
    ['the owner', dev({ owner: 'alice' }), 'user', ['Invite', 'Edit topic', 'Leave room']],
    ['an admin', dev({ owner: 'bob' }), 'admin', ['Invite', 'Edit topic', 'Leave room']],
    ['another member', dev({ owner: 'bob' }), 'user', ['Invite', 'Leave room']],
  ] as const)('offers %s the room options %j', async (_who, info, role, items) => {
    TestBed.inject(SessionService).update({ role });
    await openDev(info);
    expect(await menuItems()).toEqual(items);
  });

  it('Invite sends the invitation and says so; a refusal stays in the dialog', async () => {
    await openDev(dev());
    await clickMenuItem('Invite');
    await answerPrompt('nobody', 'Invite');
    expect(ws.lastSent('room.invite')).toMatchObject({ room: '#dev', user: 'nobody' });
    ws.error('room.invite', 'NO_SUCH_USER', 'No such user: nobody');
    await stable();
    const dialog = await loader.getHarness(MatDialogHarness);
    expect(await dialog.getContentText()).toContain('No such user: nobody');

    await answerPrompt('carol', 'Invite');
    ws.ok('room.invite', { room: '#dev', user: 'carol' });
    await stable();
    expect(await loader.getAllHarnesses(MatDialogHarness)).toHaveLength(0);
    expect(await (await loader.getHarness(MatSnackBarHarness)).getMessage()).toBe('Invited carol to #dev');
  });

  it('Edit topic starts from the topic and shows the new one', async () => {
    await openDev(dev());
    await clickMenuItem('Edit topic');
    const input = await (await loader.getHarness(MatDialogHarness)).getHarness(MatInputHarness);
    expect(await input.getValue()).toBe('Builds and bugs');
    await answerPrompt('Release on Friday', 'Save');
    expect(ws.lastSent('room.topic')).toMatchObject({ room: '#dev', topic: 'Release on Friday' });
    ws.ok('room.topic', { room: dev({ topic: 'Release on Friday' }) });
    await stable();
    expect(header().textContent).toContain('Release on Friday');
  });

  it('follows a topic another member set', async () => {
    await openDev(dev());
    ws.receive({ type: 'room.topic', room: '#dev', topic: 'New topic', by: 'bob' });
    await stable();
    expect(header().textContent).toContain('New topic');
  });

  it('Leave room leaves it: the room leaves the list and Everyone opens', async () => {
    await openDev(dev());
    await clickMenuItem('Leave room');
    expect(ws.lastSent('room.leave')).toMatchObject({ room: '#dev' });
    ws.ok('room.leave', { room: '#dev' });
    await stable();
    expect(store.conversations().map((c) => c.key)).not.toContain('r:#dev');
    expect(store.activeKey()).toBe(EVERYONE);
    expect(header().textContent?.trim()).toBe('');
  });

  describe(RoomMembersComponent.name, () => {
    it('lists the members, the online ones first, and follows presence, joins and leaves', async () => {
      await openDev(dev());
      expect(sentOf('room.members')).toEqual([expect.objectContaining({ room: '#dev' })]);
      expect(panel().querySelector('h2')?.textContent).toContain('Members of #dev (3)');
      expect(memberLabels()).toEqual(['alice, online', 'bob, online', 'carol, offline']);

      ws.receive({ type: 'presence', user: 'carol', status: 'online', count: 3 });
      ws.receive({ type: 'presence', user: 'bob', status: 'offline', count: 2 });
      ws.receive({ type: 'room.joined', room: '#dev', user: 'dave' });
      await stable();
      expect(memberLabels()).toEqual(['alice, online', 'carol, online', 'bob, offline', 'dave, offline']);
      expect(header().textContent).toContain('4');

      ws.receive({ type: 'room.left', room: '#dev', user: 'bob' });
      await stable();
      expect(memberLabels()).toEqual(['alice, online', 'carol, online', 'dave, offline']);
    });

    it('does not ask for the members again with each message of the room', async () => {
      await openDev(dev());
      ws.receive(message({ kind: 'room', to: '#dev', text: 'one' }));
      ws.receive(message({ seq: 42, msgId: 'm42', kind: 'room', to: '#dev', text: 'two' }));
      await stable();
      expect(store.active()?.messages.map((m) => m.text)).toEqual(['one', 'two']);
      expect(sentOf('room.members')).toHaveLength(1);
    });

    it('offers the owner "Remove from room" on the others, and sends the reason given', async () => {
      await openDev(dev());
      const removeButtons = (): HTMLElement[] => [
        ...panel().querySelectorAll<HTMLElement>('button[aria-label="Remove from room"]'),
      ];
      expect(removeButtons().map((b) => b.closest('li')?.getAttribute('aria-label'))).toEqual([
        'bob, online',
        'carol, offline',
      ]);
      removeButtons()[0].click();
      await stable();
      const dialog = await loader.getHarness(MatDialogHarness);
      expect(await dialog.getTitleText()).toBe('Remove bob from #dev');
      await answerPrompt('off topic', 'Remove');
      expect(ws.lastSent('room.kick')).toEqual(
        expect.objectContaining({ room: '#dev', user: 'bob', reason: 'off topic' }),
      );
      ws.ok('room.kick', { room: '#dev', user: 'bob' });
      ws.receive({ type: 'room.left', room: '#dev', user: 'bob', by: 'alice', reason: 'off topic' });
      await stable();
      expect(memberLabels()).toEqual(['alice, online', 'carol, offline']);
    });

    it('sends no reason when none is given', async () => {
      await openDev(dev());
      panel().querySelector<HTMLElement>('button[aria-label="Remove from room"]')!.click();
      await stable();
      await answerPrompt('', 'Remove');
      expect(ws.lastSent('room.kick')).not.toHaveProperty('reason');
    });

    it('offers a member who is no owner no "Remove from room"', async () => {
      await openDev(dev({ owner: 'bob' }));
      expect(memberLabels()).toHaveLength(3);
      expect(panel().querySelector('button[aria-label="Remove from room"]')).toBeNull();
    });
  });
});
