import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialogHarness } from '@angular/material/dialog/testing';

import { FakeCallBrowser } from '../../testing/fake-rtc';
import { FakeWebSocket } from '../../testing/fake-websocket';
import { loggedInChat, settle } from '../../testing/logged-in-chat';
import { newConversation } from '../chat/conversation';
import { CallService } from './call.service';
import { CALL_BROWSER } from './call-browser';
import { CallButtonsComponent } from './call-buttons.component';
import { RingTone } from './ring-tone';

describe(CallButtonsComponent.name, () => {
  let fixture: ComponentFixture<CallButtonsComponent>;
  let ws: FakeWebSocket;

  beforeEach(async () => {
    ({ ws } = await loggedInChat([
      { provide: CALL_BROWSER, useValue: new FakeCallBrowser() },
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
    ]));
    fixture = TestBed.createComponent(CallButtonsComponent);
  });

  const loader = () => TestbedHarnessEnvironment.loader(fixture);
  const root = () => TestbedHarnessEnvironment.documentRootLoader(fixture);
  const names = async () =>
    Promise.all(
      (await loader().getAllHarnesses(MatButtonHarness)).map(async (b) =>
        (await b.host()).getAttribute('aria-label'),
      ),
    );
  const settled = async (): Promise<void> => {
    await settle();
    await fixture.whenStable();
  };

  it('offers "Video call" and "Voice call" in private and group chats, not in everyone’s', async () => {
    fixture.componentRef.setInput('conversation', newConversation('*', []));
    await settled();
    expect(await names()).toEqual([]);
    fixture.componentRef.setInput('conversation', newConversation('u:bob', ['bob']));
    await settled();
    expect(await names()).toEqual(['Video call', 'Voice call']);
    fixture.componentRef.setInput('conversation', newConversation('g:bob,carol', ['bob', 'carol']));
    await settled();
    expect(await names()).toEqual(['Video call', 'Voice call']);
  });

  it('calls the conversation’s members, and is disabled while in the call', async () => {
    fixture.componentRef.setInput('conversation', newConversation('g:bob,carol', ['bob', 'carol']));
    await settled();
    await (
      await loader().getHarness(MatButtonHarness.with({ selector: '[aria-label="Voice call"]' }))
    ).click();
    await settled();
    expect(ws.lastSent('call.invite')).toMatchObject({ to: ['bob', 'carol'], media: 'audio' });
    const buttons = await loader().getAllHarnesses(MatButtonHarness);
    expect(await Promise.all(buttons.map((b) => b.isDisabled()))).toEqual([true, true]);
    // The call view opens over the chat.
    expect(document.querySelector('chat-call-view')).not.toBeNull();
  });

  it('shows the incoming call, and Accept answers it', async () => {
    fixture.componentRef.setInput('conversation', newConversation('*', []));
    await settled();
    ws.receive({
      type: 'call.ring',
      callId: 'c1',
      from: 'bob',
      media: 'video',
      participants: ['bob', 'alice'],
    });
    await settled();
    const dialog = await root().getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toContain('bob');
    expect(TestBed.inject(RingTone).ringing).toBe(true);
    await (await dialog.getHarness(MatButtonHarness.with({ text: /Accept/ }))).click();
    await settled();
    expect(ws.lastSent('call.accept')).toMatchObject({ callId: 'c1' });
    expect(TestBed.inject(RingTone).ringing).toBe(false);
    expect(document.querySelector('chat-incoming-call-dialog')).toBeNull();
  });

  it('closes the incoming dialog when the call ends elsewhere, with a snack bar', async () => {
    ws.receive({
      type: 'call.ring',
      callId: 'c1',
      from: 'bob',
      media: 'audio',
      participants: ['bob', 'alice'],
    });
    await settled();
    expect(document.querySelector('chat-incoming-call-dialog')).not.toBeNull();
    ws.receive({ type: 'call.ended', callId: 'c1', reason: 'missed' });
    await settled();
    expect(document.querySelector('chat-incoming-call-dialog')).toBeNull();
    expect(document.querySelector('mat-snack-bar-container')?.textContent).toContain(
      'Missed voice call from bob',
    );
    expect(TestBed.inject(CallService).phase()).toBe('idle');
  });
});
