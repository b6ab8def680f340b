import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatTableHarness } from '@angular/material/table/testing';
import { MatTabNavBarHarness } from '@angular/material/tabs/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { UserView } from '../core/api/api.types';
import { ADMIN_ROUTES } from './admin.routes';
import { AdminShellComponent } from './admin-shell.component';

const user = (username: string): UserView => ({
  username,
  role: 'user',
  online: false,
  createdAt: '2026-11-01T00:00:00.000Z',
  lastSeen: null,
  ban: null,
  mute: null,
});

const page = <T>(items: T[]) => ({ items, total: items.length, offset: 0, limit: 25 });

describe(AdminShellComponent.name, () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  beforeEach(async () => {
    sessionStorage.setItem('chat.session', JSON.stringify({ token: 't', username: 'admin', role: 'admin' }));
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'admin', children: ADMIN_ROUTES }]),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/admin');
  });

  afterEach(() => http.verify());

  const loader = () => TestbedHarnessEnvironment.loader(harness.fixture);
  const tabs = () => loader().getHarness(MatTabNavBarHarness);
  const url = () => TestBed.inject(Router).url;
  /** Waits for the lazily loaded page, then answers its first request. */
  const answer = async (path: string, body: object): Promise<void> => {
    await harness.fixture.whenStable();
    http.expectOne((r) => r.url === path).flush(body);
    await harness.fixture.whenStable();
  };

  it('opens on the users page, with a tab for each admin page', async () => {
    await answer('/api/users', page([user('bob')]));
    expect(url()).toBe('/admin/users');
    const links = await (await tabs()).getLinks();
    expect(await Promise.all(links.map((l) => l.getLabel()))).toEqual(['Users', 'Audit log', 'Announce']);
    expect(await (await (await tabs()).getActiveLink()).getLabel()).toBe('Users');
    const table = await loader().getHarness(MatTableHarness.with({ selector: '[aria-label=Users]' }));
    expect((await table.getCellTextByColumnName())['username'].text).toEqual(['bob']);
  });

  it('goes to each page by its tab, at its own address', async () => {
    await answer('/api/users', page([]));
    await (await tabs()).clickLink({ label: 'Audit log' });
    await answer('/api/admin/audit', page([]));
    expect(url()).toBe('/admin/audit');
    expect(await (await (await tabs()).getActiveLink()).getLabel()).toBe('Audit log');
    expect(
      await loader().getAllHarnesses(MatTableHarness.with({ selector: '[aria-label="Audit log"]' })),
    ).toHaveLength(1);

    await (await tabs()).clickLink({ label: 'Announce' });
    await harness.fixture.whenStable();
    expect(url()).toBe('/admin/announcements');
    expect(await (await (await tabs()).getActiveLink()).getLabel()).toBe('Announce');
  });

  it('reloads a page when its tab is opened again, to show what was done meanwhile', async () => {
    await answer('/api/users', page([user('admin'), user('bob')]));
    await (await tabs()).clickLink({ label: 'Audit log' });
    await answer('/api/admin/audit', page([]));
    await (await tabs()).clickLink({ label: 'Users' });
    await answer('/api/users', page([user('admin'), user('bob'), user('erin')]));

    const table = await loader().getHarness(MatTableHarness.with({ selector: '[aria-label=Users]' }));
    expect((await table.getCellTextByColumnName())['username'].text).toEqual(['admin', 'bob', 'erin']);
  });
});
