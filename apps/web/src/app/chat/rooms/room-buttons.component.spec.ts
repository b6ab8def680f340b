import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSlideToggleHarness } from '@angular/material/slide-toggle/testing';

import { ROOM_NAME_RULE, RoomInfo } from '@chat/protocol';

import { FakeWebSocket } from '../../../testing/fake-websocket';
import { loggedInChat, settle } from '../../../testing/logged-in-chat';
import { ChatStore } from '../chat-store.service';
import { ConversationKey } from '../conversation';
import { RoomButtonsComponent } from './room-buttons.component';

const info = (over: Partial<RoomInfo>): RoomInfo => ({
  room: '#dev',
  topic: '',
  owner: 'bob',
  private: false,
  members: 1,
  joined: false,
  ...over,
});

describe(RoomButtonsComponent.name, () => {
  let fixture: ComponentFixture<RoomButtonsComponent>;
  let store: ChatStore;
  let ws: FakeWebSocket;
  let http: HttpTestingController;
  let opened: ConversationKey[];
  let loader: HarnessLoader;

  beforeEach(async () => {
    let listing;
    ({ store, ws, http, listing } = await loggedInChat([
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
    ]));
    listing.flush({ conversations: [] });
    fixture = TestBed.createComponent(RoomButtonsComponent);
    opened = [];
    fixture.componentInstance.opened.subscribe((key) => opened.push(key));
    loader = TestbedHarnessEnvironment.documentRootLoader(fixture);
    await fixture.whenStable();
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
  const dialog = (): Promise<MatDialogHarness> => loader.getHarness(MatDialogHarness);
  const field = async (label: string): Promise<MatInputHarness> => {
    const formField = await (
      await dialog()
    ).getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));
    return (await formField.getControl(MatInputHarness))!;
  };
  const button = async (text: string | RegExp): Promise<MatButtonHarness> =>
    (await dialog()).getHarness(MatButtonHarness.with({ text }));
  const overlay = (): HTMLElement => document.querySelector('.cdk-overlay-container') as HTMLElement;

  describe('Create room', () => {
    beforeEach(async () => {
      await (await loader.getHarness(MatButtonHarness.with({ text: /Create room/ }))).click();
      await stable();
    });

    it('creates the room from a name without its #, with a topic, private, and opens it', async () => {
      await (await field('Name')).setValue('dev');
      await (await field('Topic')).setValue('Builds and bugs');
      await (await dialog()).getHarness(MatSlideToggleHarness).then((t) => t.check());
      await (await button('Create')).click();

      expect(ws.lastSent('room.create')).toMatchObject({
        room: '#dev',
        topic: 'Builds and bugs',
        private: true,
      });
      ws.ok('room.create', {
        room: info({ owner: 'alice', topic: 'Builds and bugs', private: true, joined: true }),
      });
      await stable();

      expect(opened).toEqual(['r:#dev']);
      expect(await loader.getAllHarnesses(MatDialogHarness)).toHaveLength(0);
      expect(store.conversations().find((c) => c.key === 'r:#dev')).toMatchObject({
        kind: 'room',
        title: '#dev',
        room: { topic: 'Builds and bugs', private: true, owner: 'alice' },
      });
    });

    it.each(['#a', 'no spaces', '#' + 'x'.repeat(33), 'dév'])(
      'refuses the name %j with the rule, sending nothing',
      async (name) => {
        const input = await field('Name');
        await input.setValue(name);
        await input.blur();
        expect(await (await button('Create')).isDisabled()).toBe(true);
        expect(overlay().textContent).toContain(`A room name is ${ROOM_NAME_RULE}`);
        expect(ws.sent.some((f) => f['type'] === 'room.create')).toBe(false);
      },
    );

    it.each([
      ['ROOM_EXISTS', 'That room already exists'],
      ['INVALID_ROOM', 'Not a room name'],
    ])('shows the server’s %s and stays open', async (code, message) => {
      await (await field('Name')).setValue('#dev');
      await (await button('Create')).click();
      ws.error('room.create', code, message);
      await stable();

      expect(overlay().querySelector('[role="alert"]')?.textContent).toContain(message);
      expect(await loader.getAllHarnesses(MatDialogHarness)).toHaveLength(1);
      expect(opened).toEqual([]);
    });
  });

  describe('Browse rooms', () => {
    const rows = (): HTMLElement[] => [
      ...overlay().querySelectorAll<HTMLElement>('ul[aria-label="Rooms"] li'),
    ];
    const row = (name: string): HTMLElement => {
      const found = rows().find((li) => li.getAttribute('aria-label') === name);
      if (!found)
        throw new Error(
          `no row ${name} in ${rows()
            .map((r) => r.textContent)
            .join(' | ')}`,
        );
      return found;
    };

    beforeEach(async () => {
      await (await loader.getHarness(MatButtonHarness.with({ text: /Browse rooms/ }))).click();
      await stable();
      expect(ws.lastSent('room.list')).not.toHaveProperty('search');
      ws.ok('room.list', {
        rooms: [
          info({ room: '#dev', topic: 'Builds and bugs', members: 3 }),
          info({ room: '#mine', owner: 'alice', private: true, members: 1, joined: true }),
        ],
      });
      await stable();
    });

    it('lists each room with its member count, topic and private marker, Join or Open', async () => {
      expect(row('#dev').textContent).toContain('3 members');
      expect(row('#dev').textContent).toContain('Builds and bugs');
      expect(row('#dev').textContent).not.toContain('Private room');
      expect(row('#mine').textContent).toContain('1 member');
      expect(row('#mine').textContent).toContain('Private room');
      expect([...row('#dev').querySelectorAll('button')].map((b) => b.textContent?.trim())).toEqual(['Join']);
      expect([...row('#mine').querySelectorAll('button')].map((b) => b.textContent?.trim())).toEqual([
        'Open',
      ]);
    });

    it('Join joins the room, lists it and opens it with its history', async () => {
      row('#dev').querySelector('button')!.click();
      expect(ws.lastSent('room.join')).toMatchObject({ room: '#dev' });
      ws.ok('room.join', {
        room: info({ room: '#dev', topic: 'Builds and bugs', members: 4, joined: true }),
      });
      await stable();

      expect(opened).toEqual(['r:#dev']);
      expect(store.activeKey()).toBe('r:#dev');
      expect(store.active()?.room).toMatchObject({ topic: 'Builds and bugs', members: 4 });
      expect(ws.lastSent('history')).toMatchObject({ with: '#dev' });
      expect(await loader.getAllHarnesses(MatDialogHarness)).toHaveLength(0);
    });

    it('a refused Join shows why and keeps the list open', async () => {
      row('#dev').querySelector('button')!.click();
      ws.error('room.join', 'BANNED_FROM_ROOM', 'You are banned from #dev');
      await stable();

      expect(overlay().querySelector('[role="alert"]')?.textContent).toContain('You are banned from #dev');
      expect(await loader.getAllHarnesses(MatDialogHarness)).toHaveLength(1);
      expect(opened).toEqual([]);
    });

    it('Open opens a room one is in without joining again', async () => {
      row('#mine').querySelector('button')!.click();
      await stable();

      expect(opened).toEqual(['r:#mine']);
      expect(ws.sent.some((f) => f['type'] === 'room.join')).toBe(false);
    });

    it('searches as one types, showing only the latest search’s answer', async () => {
      const search = await field('Search rooms');
      await search.setValue('d');
      const first = ws.lastSent('room.list');
      await search.setValue('de');
      expect(ws.lastSent('room.list')).toMatchObject({ search: 'de' });
      ws.ok('room.list', { rooms: [info({ room: '#dev', topic: 'Builds and bugs', members: 3 })] });
      // The answer to 'd' comes last, and is not shown.
      ws.receive({ type: 'ok', re: first['id'], rooms: [info({ room: '#design' })] });
      await stable();

      expect(rows().map((r) => r.getAttribute('aria-label'))).toEqual(['#dev']);
    });

    it('says when no room matches', async () => {
      const search = await field('Search rooms');
      await search.setValue('zzz');
      ws.ok('room.list', { rooms: [] });
      await stable();

      expect(overlay().textContent).toContain('No rooms found');
    });
  });
});
