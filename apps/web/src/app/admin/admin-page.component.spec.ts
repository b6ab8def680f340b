import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { MatTabGroupHarness } from '@angular/material/tabs/testing';
import { provideRouter } from '@angular/router';

import { AdminPageComponent } from './admin-page.component';
import { AuditEntry, UserView } from './admin-api.service';

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

const entry = (id: string, action: string, target: string | null): AuditEntry => ({
  id,
  at: '2026-11-22T10:00:00.000Z',
  actor: 'admin',
  action,
  target,
  reason: null,
  details: {},
});

const BAN_UNTIL = '2026-11-22T11:00:00.000Z';

const AUDIT: AuditEntry[] = [
  { ...entry('4', 'announce', null), details: { text: 'Back at 22:00' } },
  { ...entry('3', 'role', 'carol'), details: { role: 'admin', previous: 'user' } },
  { ...entry('2', 'ban', 'dave'), details: { until: BAN_UNTIL } },
  { ...entry('1', 'mute', 'bob'), reason: 'noise', details: { until: null } },
];

/** Longer than the page's debounce on the filter fields. */
const debounced = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 300));

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
    http.expectOne((r) => r.url === '/api/admin/audit').flush(page(AUDIT));
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

  it('shows the audit log, with what was announced, until when and which role', async () => {
    await (await loader().getHarness(MatTabGroupHarness)).selectTab({ label: 'Audit log' });
    await settled(fixture);
    http.expectOne((r) => r.url === '/api/admin/audit').flush(page(AUDIT)); // opening the tab reloads
    await settled(fixture);
    const table = await loader().getHarness(MatTableHarness.with({ selector: '[aria-label="Audit log"]' }));
    const rows = await table.getCellTextByColumnName();
    expect(rows['action'].text).toEqual(['announce', 'role', 'ban', 'mute']);
    expect(rows['target'].text).toEqual(['', 'carol', 'dave', 'bob']);
    expect(rows['reason'].text).toEqual(['', '', '', 'noise']);
    expect(rows['details'].text).toEqual([
      'Back at 22:00',
      'now admin',
      `until ${new Date(BAN_UNTIL).toLocaleString()}`,
      'until lifted',
    ]);
  });

  it('reloads a tab when it is opened again, to show what was done meanwhile', async () => {
    const tabs = await loader().getHarness(MatTabGroupHarness);
    await tabs.selectTab({ label: 'Audit log' });
    await settled(fixture);
    http.expectOne((r) => r.url === '/api/admin/audit').flush(page(AUDIT));
    await tabs.selectTab({ label: 'Users' });
    await settled(fixture);
    http.expectOne((r) => r.url === '/api/users').flush(page([user('admin'), user('bob'), user('erin')]));
    await settled(fixture);

    const table = await loader().getHarness(MatTableHarness.with({ selector: '[aria-label=Users]' }));
    expect((await table.getCellTextByColumnName())['username'].text).toEqual(['admin', 'bob', 'erin']);
  });

  describe('announcements', () => {
    const openTab = async (): Promise<MatInputHarness> => {
      await (await loader().getHarness(MatTabGroupHarness)).selectTab({ label: 'Announce' });
      await settled(fixture);
      return loader().getHarness(MatInputHarness.with({ selector: 'textarea' }));
    };
    const send = () => loader().getHarness(MatButtonHarness.with({ text: /Send/ }));

    it('sends the text, confirms it, empties the field and reloads the audit log', async () => {
      const text = await openTab();
      await text.setValue('  The server restarts at 22:00 ');
      await (await send()).click();
      await settled(fixture);

      const req = http.expectOne('/api/admin/announce');
      expect(req.request.method).toBe('POST');
      expect(req.request.body).toEqual({ text: 'The server restarts at 22:00' });
      req.flush(null, { status: 204, statusText: 'No Content' });
      await settled(fixture);
      http.expectOne((r) => r.url === '/api/admin/audit').flush(page([entry('2', 'announce', null)]));
      await settled(fixture);

      const snack = await root().getHarness(MatSnackBarHarness);
      expect(await snack.getMessage()).toBe('Announcement sent');
      expect(await text.getValue()).toBe('');
      expect(await (await send()).isDisabled()).toBe(true);
      const formField = await loader().getHarness(
        MatFormFieldHarness.with({ floatingLabelText: /Announcement/ }),
      );
      expect(await formField.hasErrors()).toBe(false); // emptied, but not shown as an error
      expect(await formField.getTextHints()).toContain('0 / 4000');
    });

    it("shows the server's error and keeps the text to send again", async () => {
      const text = await openTab();
      await text.setValue('hello');
      await (await send()).click();
      await settled(fixture);

      http
        .expectOne('/api/admin/announce')
        .flush(
          { statusCode: 403, code: 'FORBIDDEN', message: 'Only admins may do that' },
          { status: 403, statusText: 'Forbidden' },
        );
      await settled(fixture);
      http.expectOne((r) => r.url === '/api/admin/audit').flush(page([]));
      await settled(fixture);

      const snack = await root().getHarness(MatSnackBarHarness);
      expect(await snack.getMessage()).toBe('Only admins may do that');
      expect(await snack.getActionDescription()).toBe('Dismiss');
      expect(await text.getValue()).toBe('hello');
      expect(await (await send()).isDisabled()).toBe(false);
    });

    it.each([
      ['empty', ''],
      ['blank', '   \n '],
    ])('cannot send an %s announcement', async (_case, value) => {
      const text = await openTab();
      await text.setValue(value);
      expect(await (await send()).isDisabled()).toBe(true);
    });
  });

  describe('audit log filters and pages', () => {
    const openTab = async (): Promise<void> => {
      await (await loader().getHarness(MatTabGroupHarness)).selectTab({ label: 'Audit log' });
      await settled(fixture);
      http.expectOne((r) => r.url === '/api/admin/audit').flush(page(AUDIT));
      await settled(fixture);
    };
    const field = async (label: string): Promise<MatInputHarness> => {
      const formField = await loader().getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));
      return (await formField.getControl(MatInputHarness))!;
    };
    const actionSelect = async (): Promise<MatSelectHarness> => {
      const formField = await loader().getHarness(MatFormFieldHarness.with({ floatingLabelText: 'Action' }));
      return (await formField.getControl(MatSelectHarness))!;
    };
    const params = (r: HttpRequest<unknown>): Record<string, string | null> =>
      Object.fromEntries(r.params.keys().map((k) => [k, r.params.get(k)]));

    it('asks the api for what one admin did to one user, from the first page', async () => {
      await openTab();
      await (await field('By admin')).setValue(' Admin ');
      await (await field('On user')).setValue('bob');
      await debounced();

      const req = http.expectOne((r) => r.url === '/api/admin/audit');
      expect(params(req.request)).toEqual({ offset: '0', limit: '25', actor: 'Admin', target: 'bob' });
      req.flush(page([entry('3', 'ban', 'bob')]));
      await settled(fixture);
      const table = await loader().getHarness(MatTableHarness.with({ selector: '[aria-label="Audit log"]' }));
      expect((await table.getCellTextByColumnName())['action'].text).toEqual(['ban']);
    });

    it('offers all actions or one, and asks the api for that action only, with the other filters', async () => {
      await openTab();
      const select = await actionSelect();
      expect(await select.getValueText()).toBe('All');
      await select.open();
      expect(await Promise.all((await select.getOptions()).map((o) => o.getText()))).toEqual([
        'All',
        'ban',
        'unban',
        'mute',
        'unmute',
        'kick',
        'role',
        'announce',
      ]);
      await select.clickOptions({ text: 'ban' });
      await debounced();
      const bans = http.expectOne((r) => r.url === '/api/admin/audit');
      expect(params(bans.request)).toEqual({ offset: '0', limit: '25', action: 'ban' });
      bans.flush(page([entry('3', 'ban', 'bob'), entry('2', 'ban', 'dave')]));
      await settled(fixture);
      const table = await loader().getHarness(MatTableHarness.with({ selector: '[aria-label="Audit log"]' }));
      expect((await table.getCellTextByColumnName())['target'].text).toEqual(['bob', 'dave']);

      await (await field('On user')).setValue('bob');
      await debounced();
      const bobsBans = http.expectOne((r) => r.url === '/api/admin/audit');
      expect(params(bobsBans.request)).toEqual({ offset: '0', limit: '25', target: 'bob', action: 'ban' });
      bobsBans.flush(page([entry('3', 'ban', 'bob')]));
      await settled(fixture);

      await select.open();
      await select.clickOptions({ text: 'All' });
      await debounced();
      const all = http.expectOne((r) => r.url === '/api/admin/audit');
      expect(params(all.request)).toEqual({ offset: '0', limit: '25', target: 'bob' });
      all.flush(page([entry('3', 'ban', 'bob'), entry('1', 'mute', 'bob')]));
      await settled(fixture);
      expect(await select.getValueText()).toBe('All');
    });

    it('starts again at the first page when another action is picked', async () => {
      await openTab();
      await (await actionSelect()).clickOptions({ text: 'mute' });
      await debounced();
      http.expectOne((r) => r.url === '/api/admin/audit').flush(page([entry('9', 'mute', 'bob')], 30));
      await settled(fixture);
      const paginator = await loader().getHarness(
        MatPaginatorHarness.with({ selector: '[aria-label="Audit log pages"]' }),
      );
      await paginator.goToNextPage();
      await settled(fixture);
      const next = http.expectOne((r) => r.url === '/api/admin/audit');
      expect(params(next.request)).toEqual({ offset: '25', limit: '25', action: 'mute' });
      next.flush({ ...page([entry('1', 'mute', 'bob')], 30), offset: 25 });
      await settled(fixture);
      expect(await paginator.getRangeLabel()).toBe('26 – 30 of 30');

      const select = await actionSelect();
      await select.open();
      await select.clickOptions({ text: 'unmute' });
      await debounced();
      const unmutes = http.expectOne((r) => r.url === '/api/admin/audit');
      expect(params(unmutes.request)).toEqual({ offset: '0', limit: '25', action: 'unmute' });
      unmutes.flush(page([entry('10', 'unmute', 'bob')]));
      await settled(fixture);
      expect(await paginator.getRangeLabel()).toBe('1 – 1 of 1');
    });

    it('pages through the filtered log, and a new filter starts again at the first page', async () => {
      await openTab();
      await (await field('On user')).setValue('bob');
      await debounced();
      http.expectOne((r) => r.url === '/api/admin/audit').flush(page([entry('3', 'ban', 'bob')], 60));
      await settled(fixture);

      const paginator = await loader().getHarness(
        MatPaginatorHarness.with({ selector: '[aria-label="Audit log pages"]' }),
      );
      expect(await paginator.getRangeLabel()).toBe('1 – 25 of 60');
      await paginator.goToNextPage();
      await settled(fixture);
      const next = http.expectOne((r) => r.url === '/api/admin/audit');
      expect(params(next.request)).toEqual({ offset: '25', limit: '25', target: 'bob' });
      next.flush({ ...page([entry('4', 'mute', 'bob')], 60), offset: 25 });
      await settled(fixture);
      expect(await paginator.getRangeLabel()).toBe('26 – 50 of 60');

      await (await field('On user')).setValue('alice');
      await debounced();
      const filtered = http.expectOne((r) => r.url === '/api/admin/audit');
      expect(params(filtered.request)).toEqual({ offset: '0', limit: '25', target: 'alice' });
      filtered.flush(page([]));
      await settled(fixture);
      expect(await paginator.getRangeLabel()).toBe('0 of 0');
    });
  });
});
