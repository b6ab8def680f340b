import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { MatTabGroupHarness } from '@angular/material/tabs/testing';
import { provideRouter } from '@angular/router';

import { AdminPageComponent } from './admin-page.component';
import { UserView } from './admin-api.service';

const user = (username: string, over: Partial<UserView> = {}): UserView => ({
  username,
  role: 'user',
  online: true,
  createdAt: '2026-11-01T00:00:00.000Z',
  lastSeen: null,
  ban: null,
  mute: null,
  ...over,
});

const page = <T>(items: T[]) => ({ items, total: items.length, offset: 0, limit: 25 });

/** Lets the page's promise chains run, then renders. */
async function settled(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve));
  await fixture.whenStable();
}

describe(AdminPageComponent.name, () => {
  let fixture: ComponentFixture<AdminPageComponent>;
  let http: HttpTestingController;

  beforeEach(async () => {
    sessionStorage.setItem('chat.session', JSON.stringify({ token: 't', username: 'admin', role: 'admin' }));
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        // jsdom runs no CSS animations: dialogs and tabs must not wait for them.
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AdminPageComponent);
    fixture.detectChanges();
    http
      .expectOne((r) => r.url === '/api/users')
      .flush(
        page([
          user('admin', { role: 'admin' }),
          user('bob', { mute: { reason: 'noise', by: 'admin', at: '', until: null } }),
        ]),
      );
    http
      .expectOne((r) => r.url === '/api/admin/audit')
      .flush(
        page([
          {
            id: '1',
            at: '2026-11-22T10:00:00.000Z',
            actor: 'admin',
            action: 'mute',
            target: 'bob',
            reason: 'noise',
            details: {},
          },
        ]),
      );
    await settled(fixture);
  });

  afterEach(() => http.verify());

  const loader = () => TestbedHarnessEnvironment.loader(fixture);
  const root = () => TestbedHarnessEnvironment.documentRootLoader(fixture);

  it('lists users with role, online, ban and mute state', async () => {
    const table = await loader().getHarness(MatTableHarness.with({ selector: '[aria-label=Users]' }));
    const rows = await table.getCellTextByColumnName();
    expect(rows['username'].text).toEqual(['admin', 'bob']);
    expect(rows['role'].text).toEqual(['admin', 'user']);
    expect(rows['online'].text).toEqual(['online', 'online']);
    expect(rows['mute'].text[1]).toBe('muted until lifted (noise)');
  });

  it('bans a user with a reason and a duration, then reloads', async () => {
    await (
      await loader().getHarness(MatButtonHarness.with({ selector: '[aria-label="Actions for bob"]' }))
    ).click();
    const menu = await loader().getHarness(MatMenuHarness);
    await menu.clickItem({ text: 'Ban…' });

    const dialog = await root().getHarness(MatDialogHarness);
    const inputs = await dialog.getAllHarnesses(MatInputHarness);
    await inputs[0].setValue('spam');
    await inputs[1].setValue('90');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Ban' }))).click();

    await settled(fixture);
    const req = http.expectOne('/api/admin/users/bob/ban');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ reason: 'spam', minutes: 90 });
    req.flush({ user: 'bob', until: null, reason: 'spam' });
    await settled(fixture);
    http.expectOne((r) => r.url === '/api/users').flush(page([]));
    http.expectOne((r) => r.url === '/api/admin/audit').flush(page([]));
  });

  it('offers no actions on oneself', async () => {
    const buttons = await loader().getAllHarnesses(
      MatButtonHarness.with({ selector: '[aria-label^="Actions for"]' }),
    );
    expect(buttons).toHaveLength(1);
  });

  it('shows the audit log', async () => {
    await (await loader().getHarness(MatTabGroupHarness)).selectTab({ label: 'Audit log' });
    await settled(fixture);
    const table = await loader().getHarness(MatTableHarness.with({ selector: '[aria-label="Audit log"]' }));
    const rows = await table.getCellTextByColumnName();
    expect(rows['action'].text).toEqual(['mute']);
    expect(rows['target'].text).toEqual(['bob']);
  });
});
