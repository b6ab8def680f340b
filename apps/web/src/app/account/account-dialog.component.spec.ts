import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialogRef } from '@angular/material/dialog';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatListHarness } from '@angular/material/list/testing';

import { AccountSession } from '../core/api/api.types';
import { SessionService } from '../core/session.service';
import { AccountDialogComponent } from './account-dialog.component';

const session = (id: string, over: Partial<AccountSession> = {}): AccountSession => ({
  id,
  createdAt: '2026-12-03T10:00:00.000Z',
  lastSeen: '2026-12-03T11:00:00.000Z',
  transport: 'ws',
  userAgent: null,
  address: '192.0.2.1',
  current: false,
  ...over,
});

/** Lets the dialog's promise chains run, then renders. */
async function settled(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve));
  await fixture.whenStable();
}

describe(AccountDialogComponent.name, () => {
  let fixture: ComponentFixture<AccountDialogComponent>;
  let http: HttpTestingController;

  beforeEach(async () => {
    sessionStorage.setItem('chat.session', JSON.stringify({ token: 'old', username: 'alice', role: 'user' }));
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MatDialogRef, useValue: { close: () => undefined } },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AccountDialogComponent);
    fixture.detectChanges();
    http
      .expectOne('/api/auth/sessions')
      .flush([session('here', { current: true }), session('cli', { transport: 'tcp' })]);
    await settled(fixture);
  });

  afterEach(() => http.verify());

  const loader = () => TestbedHarnessEnvironment.loader(fixture);
  const button = (selector: string) => loader().getHarness(MatButtonHarness.with({ selector }));

  it('lists the sessions, this one marked, each with a named button to end it', async () => {
    const list = await loader().getHarness(MatListHarness.with({ selector: '[aria-label=Sessions]' }));
    const items = await list.getItems();
    expect(await Promise.all(items.map((i) => i.getTitle()))).toEqual([
      'Web (WebSocket) (this session)',
      'Terminal (TCP)',
    ]);
    expect(await (await button('[aria-label^="End session: Terminal (TCP)"]')).getText()).toBe('End');
  });

  it('ends another session and lists them again', async () => {
    await (await button('[aria-label^="End session: Terminal (TCP)"]')).click();
    await settled(fixture);
    const req = http.expectOne('/api/auth/sessions/cli');
    expect(req.request.method).toBe('DELETE');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await settled(fixture);
    http.expectOne('/api/auth/sessions').flush([session('here', { current: true })]);
    await settled(fixture);
    const list = await loader().getHarness(MatListHarness.with({ selector: '[aria-label=Sessions]' }));
    expect(await list.getItems()).toHaveLength(1);
  });

  it('changes the password, keeps the fresh token, and shows the refusal of a wrong current one', async () => {
    const inputs = await loader().getAllHarnesses(MatInputHarness.with({ selector: '[type=password]' }));
    await inputs[0].setValue('wrong');
    await inputs[1].setValue('battery staple');
    await (await loader().getHarness(MatButtonHarness.with({ text: 'Change password' }))).click();
    await settled(fixture);
    let req = http.expectOne('/api/auth/password');
    expect(req.request.body).toEqual({ currentPassword: 'wrong', newPassword: 'battery staple' });
    req.flush(
      { statusCode: 401, code: 'BAD_CREDENTIALS', message: 'Wrong user name or password' },
      { status: 401, statusText: 'Unauthorized' },
    );
    await settled(fixture);
    http.expectOne('/api/auth/sessions').flush([session('here', { current: true })]);
    await settled(fixture);
    expect(fixture.nativeElement.querySelector('[role=status]').textContent).toContain(
      'Wrong user name or password',
    );

    await inputs[0].setValue('correct horse');
    await (await loader().getHarness(MatButtonHarness.with({ text: 'Change password' }))).click();
    await settled(fixture);
    req = http.expectOne('/api/auth/password');
    req.flush({
      accessToken: 'fresh',
      tokenType: 'Bearer',
      expiresIn: 604800,
      user: { username: 'alice', role: 'user' },
    });
    await settled(fixture);
    http.expectOne('/api/auth/sessions').flush([session('here', { current: true })]);
    await settled(fixture);
    expect(TestBed.inject(SessionService).session()?.token).toBe('fresh');
  });
});
