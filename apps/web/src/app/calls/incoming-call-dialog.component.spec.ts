import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { MatDialogHarness } from '@angular/material/dialog/testing';

import {
  IncomingCallAnswer,
  IncomingCallData,
  IncomingCallDialogComponent,
} from './incoming-call-dialog.component';

@Component({ selector: 'chat-test-host', template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class HostComponent {}

describe(IncomingCallDialogComponent.name, () => {
  let fixture: ComponentFixture<HostComponent>;
  let answer: IncomingCallAnswer | undefined | null;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    });
    fixture = TestBed.createComponent(HostComponent);
    answer = null;
  });

  async function open(data: IncomingCallData) {
    TestBed.inject(MatDialog)
      .open<IncomingCallDialogComponent, IncomingCallData, IncomingCallAnswer>(IncomingCallDialogComponent, {
        data,
      })
      .afterClosed()
      .subscribe((a) => (answer = a));
    await fixture.whenStable();
    return TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatDialogHarness);
  }

  const call = { callId: 'c1', from: 'alice', media: 'video' as const, participants: ['alice', 'bob'] };

  it('names the caller and the kind of call, with Accept and Decline', async () => {
    const dialog = await open({ call, me: 'bob' });
    expect(await dialog.getTitleText()).toContain('alice');
    expect(await dialog.getContentText()).toContain('Incoming video call');
    const buttons = await dialog.getAllHarnesses(MatButtonHarness);
    expect(await Promise.all(buttons.map((b) => b.getText()))).toEqual(['call_endDecline', 'videocamAccept']);
    await (await dialog.getHarness(MatButtonHarness.with({ text: /Accept/ }))).click();
    expect(answer).toBe('accept');
  });

  it('Decline answers decline; a voice call says so', async () => {
    const dialog = await open({ call: { ...call, media: 'audio' }, me: 'bob' });
    expect(await dialog.getContentText()).toContain('Incoming voice call');
    await (await dialog.getHarness(MatButtonHarness.with({ text: /Decline/ }))).click();
    expect(answer).toBe('decline');
  });

  it('a group call names the others invited, not me', async () => {
    const dialog = await open({ call: { ...call, participants: ['alice', 'Bob', 'carol'] }, me: 'bob' });
    expect(await dialog.getContentText()).toContain('With carol');
  });
});
