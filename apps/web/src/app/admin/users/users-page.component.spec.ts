import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { MatTableHarness } from '@angular/material/table/testing';

import { UserView } from '../../core/api/api.types';
import { UsersPageComponent } from './users-page.component';

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

const page = <T>(items: T[], total = items.length) => ({ items, total, offset: 0, limit: 25 });

/** Longer than the page's debounce on the search field. */
const debounced = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 300));

/** Lets the page's promise chains run, then renders. */
async function settled(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve));
  await fixture.whenStable();
}

describe(UsersPageComponent.name, () => {
  let fixture: ComponentFixture<UsersPageComponent>;
  let http: HttpTestingController;

  beforeEach(async () => {
    sessionStorage.setItem('chat.session', JSON.stringify({ token: 't', username: 'admin', role: 'admin' }));
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        // jsdom runs no CSS animations: dialogs and menus must not wait for them.
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(UsersPageComponent);
    fixture.detectChanges();
    http
      .expectOne((r) => r.url === '/api/users')
      .flush(
        page([
          user('admin', { role: 'admin' }),
          user('bob', { mute: { reason: 'noise', by: 'admin', at: '', until: null } }),
        ]),
      );
    await settled(fixture);
  });

  afterEach(() => http.verify());

  const loader = () => TestbedHarnessEnvironment.loader(fixture);
  const root = () => TestbedHarnessEnvironment.documentRootLoader(fixture);
  const usersTable = () => loader().getHarness(MatTableHarness.with({ selector: '[aria-label=Users]' }));
  const actionsFor = (name: string) =>
    loader().getHarness(MatButtonHarness.with({ selector: `[aria-label="Actions for ${name}"]` }));

  it('lists users with role, online, ban and mute state', async () => {
    const rows = await (await usersTable()).getCellTextByColumnName();
    expect(rows['username'].text).toEqual(['admin', 'bob']);
    expect(rows['role'].text).toEqual(['admin', 'user']);
    expect(rows['online'].text).toEqual(['online', 'online']);
    expect(rows['mute'].text[1]).toBe('muted until lifted (noise)');
  });

  it('bans a user with a reason and a duration, then reloads', async () => {
    await (await actionsFor('bob')).click();
    await (await loader().getHarness(MatMenuHarness)).clickItem({ text: 'Ban…' });

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
    http
      .expectOne((r) => r.url === '/api/users')
      .flush(
        page([user('admin'), user('bob', { ban: { reason: 'spam', by: 'admin', at: '', until: null } })]),
      );
    await settled(fixture);

    expect(await (await root().getHarness(MatSnackBarHarness)).getMessage()).toBe('bob banned');
    expect((await (await usersTable()).getCellTextByColumnName())['ban'].text[1]).toBe(
      'banned until lifted (spam)',
    );
  });

  it('unmutes a muted user at once, and shows the server’s reason when it refuses', async () => {
    await (await actionsFor('bob')).click();
    await (await loader().getHarness(MatMenuHarness)).clickItem({ text: 'Unmute' });
    await settled(fixture);
    const req = http.expectOne('/api/admin/users/bob/mute');
    expect(req.request.method).toBe('DELETE');
    req.flush(
      { statusCode: 404, code: 'NO_SUCH_USER', message: 'No such user: bob' },
      { status: 404, statusText: 'Not Found' },
    );
    await settled(fixture);
    http.expectOne((r) => r.url === '/api/users').flush(page([user('admin')]));
    await settled(fixture);

    const snack = await root().getHarness(MatSnackBarHarness);
    expect(await snack.getMessage()).toBe('No such user: bob');
    expect(await snack.getActionDescription()).toBe('Dismiss');
  });

  it('searches from the first page', async () => {
    await (await loader().getHarness(MatInputHarness.with({ selector: '[type=search]' }))).setValue(' bo ');
    await debounced();
    const req = http.expectOne((r) => r.url === '/api/users');
    expect(req.request.params.get('search')).toBe('bo');
    expect(req.request.params.get('offset')).toBe('0');
    req.flush(page([user('bob')]));
  });

  it("keeps a user's open actions menu when the list reloads, as a search does", async () => {
    await (await actionsFor('bob')).click();
    await (await loader().getHarness(MatInputHarness.with({ selector: '[type=search]' }))).setValue('bob');
    await debounced();
    http.expectOne((r) => r.url === '/api/users').flush(page([user('bob')]));
    await settled(fixture);

    const menu = await loader().getHarness(MatMenuHarness);
    expect(await menu.isOpen()).toBe(true);
    await menu.clickItem({ text: 'Mute…' });
    expect(await (await root().getHarness(MatDialogHarness)).getTitleText()).toBe('Mute bob');
  });

  it("resets a user's password through its dialog, which takes no short password", async () => {
    await (await actionsFor('bob')).click();
    await (await loader().getHarness(MatMenuHarness)).clickItem({ text: 'Reset password…' });

    const dialog = await root().getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Reset the password of bob');
    const input = await dialog.getHarness(MatInputHarness.with({ selector: '[type=password]' }));
    const submit = await dialog.getHarness(MatButtonHarness.with({ text: 'Reset password' }));
    await input.setValue('short');
    expect(await submit.isDisabled()).toBe(true);
    await input.setValue('battery staple');
    await submit.click();

    await settled(fixture);
    const req = http.expectOne('/api/admin/users/bob/password');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ password: 'battery staple' });
    req.flush(null, { status: 204, statusText: 'No Content' });
    await settled(fixture);
    http.expectOne((r) => r.url === '/api/users').flush(page([user('admin'), user('bob')]));
    await settled(fixture);
    expect(await (await root().getHarness(MatSnackBarHarness)).getMessage()).toBe(
      'The password of bob was reset',
    );
  });

  it('deletes an account only once confirmed', async () => {
    const open = async () => {
      await (await actionsFor('bob')).click();
      await (await loader().getHarness(MatMenuHarness)).clickItem({ text: 'Delete account…' });
      return root().getHarness(MatDialogHarness);
    };
    let dialog = await open();
    expect(await dialog.getTitleText()).toBe('Delete the account of bob?');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Cancel' }))).click();
    await settled(fixture);
    http.expectNone('/api/admin/users/bob');

    dialog = await open();
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Delete account' }))).click();
    await settled(fixture);
    const req = http.expectOne('/api/admin/users/bob');
    expect(req.request.method).toBe('DELETE');
    req.flush({ user: 'bob', messages: 3, files: 1 });
    await settled(fixture);
    http.expectOne((r) => r.url === '/api/users').flush(page([user('admin')]));
    await settled(fixture);
    expect(await (await root().getHarness(MatSnackBarHarness)).getMessage()).toBe('bob was deleted');
    expect((await (await usersTable()).getCellTextByColumnName())['username'].text).toEqual(['admin']);
  });

  it('offers no actions on oneself', async () => {
    const buttons = await loader().getAllHarnesses(
      MatButtonHarness.with({ selector: '[aria-label^="Actions for"]' }),
    );
    expect(buttons).toHaveLength(1);
  });
});
