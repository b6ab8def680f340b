import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatTableHarness } from '@angular/material/table/testing';

import { AuditAction } from '@chat/protocol';

import { AuditEntry } from '../../core/api/api.types';
import { AuditPageComponent } from './audit-page.component';

const page = <T>(items: T[], total = items.length) => ({ items, total, offset: 0, limit: 25 });

const entry = (id: string, action: AuditAction, target: string | null): AuditEntry => ({
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

const params = (r: HttpRequest<unknown>): Record<string, string | null> =>
  Object.fromEntries(r.params.keys().map((k) => [k, r.params.get(k)]));

describe(AuditPageComponent.name, () => {
  let fixture: ComponentFixture<AuditPageComponent>;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        // jsdom runs no CSS animations: the select's panel must not wait for them.
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AuditPageComponent);
    fixture.detectChanges();
    const first = http.expectOne((r) => r.url === '/api/admin/audit');
    expect(params(first.request)).toEqual({ offset: '0', limit: '25' });
    first.flush(page(AUDIT));
    await settled(fixture);
  });

  afterEach(() => http.verify());

  const loader = () => TestbedHarnessEnvironment.loader(fixture);
  const table = () => loader().getHarness(MatTableHarness.with({ selector: '[aria-label="Audit log"]' }));
  const field = async (label: string): Promise<MatInputHarness> => {
    const formField = await loader().getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));
    return (await formField.getControl(MatInputHarness))!;
  };
  const actionSelect = async (): Promise<MatSelectHarness> => {
    const formField = await loader().getHarness(MatFormFieldHarness.with({ floatingLabelText: 'Action' }));
    return (await formField.getControl(MatSelectHarness))!;
  };
  const paginator = () =>
    loader().getHarness(MatPaginatorHarness.with({ selector: '[aria-label="Audit log pages"]' }));

  it('shows the audit log, with what was announced, until when and which role', async () => {
    const rows = await (await table()).getCellTextByColumnName();
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

  it('shows why the log could not be loaded', async () => {
    await (await field('On user')).setValue('bob');
    await debounced();
    http
      .expectOne((r) => r.url === '/api/admin/audit')
      .flush(
        { statusCode: 403, code: 'FORBIDDEN', message: 'Only admins may do that' },
        { status: 403, statusText: 'Forbidden' },
      );
    await settled(fixture);
    expect(fixture.nativeElement.querySelector('[role=alert]')?.textContent?.trim()).toBe(
      'Only admins may do that',
    );
  });

  it('asks the api for what one admin did to one user, from the first page', async () => {
    await (await field('By admin')).setValue(' Admin ');
    await (await field('On user')).setValue('bob');
    await debounced();

    const req = http.expectOne((r) => r.url === '/api/admin/audit');
    expect(params(req.request)).toEqual({ offset: '0', limit: '25', actor: 'Admin', target: 'bob' });
    req.flush(page([entry('3', 'ban', 'bob')]));
    await settled(fixture);
    expect((await (await table()).getCellTextByColumnName())['action'].text).toEqual(['ban']);
  });

  it('offers all actions or one, and asks the api for that action only, with the other filters', async () => {
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
      'revoke-tokens',
      'password-reset',
      'account-delete',
      'room.kick',
      'room.ban',
      'room.unban',
      'room.delete',
    ]);
    await select.clickOptions({ text: 'ban' });
    await debounced();
    const bans = http.expectOne((r) => r.url === '/api/admin/audit');
    expect(params(bans.request)).toEqual({ offset: '0', limit: '25', action: 'ban' });
    bans.flush(page([entry('3', 'ban', 'bob'), entry('2', 'ban', 'dave')]));
    await settled(fixture);
    expect((await (await table()).getCellTextByColumnName())['target'].text).toEqual(['bob', 'dave']);

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
    await (await actionSelect()).clickOptions({ text: 'mute' });
    await debounced();
    http.expectOne((r) => r.url === '/api/admin/audit').flush(page([entry('9', 'mute', 'bob')], 30));
    await settled(fixture);
    const pages = await paginator();
    await pages.goToNextPage();
    await settled(fixture);
    const next = http.expectOne((r) => r.url === '/api/admin/audit');
    expect(params(next.request)).toEqual({ offset: '25', limit: '25', action: 'mute' });
    next.flush({ ...page([entry('1', 'mute', 'bob')], 30), offset: 25 });
    await settled(fixture);
    expect(await pages.getRangeLabel()).toBe('26 – 30 of 30');

    const select = await actionSelect();
    await select.open();
    await select.clickOptions({ text: 'unmute' });
    await debounced();
    const unmutes = http.expectOne((r) => r.url === '/api/admin/audit');
    expect(params(unmutes.request)).toEqual({ offset: '0', limit: '25', action: 'unmute' });
    unmutes.flush(page([entry('10', 'unmute', 'bob')]));
    await settled(fixture);
    expect(await pages.getRangeLabel()).toBe('1 – 1 of 1');
  });

  it('pages through the filtered log, and a new filter starts again at the first page', async () => {
    await (await field('On user')).setValue('bob');
    await debounced();
    http.expectOne((r) => r.url === '/api/admin/audit').flush(page([entry('3', 'ban', 'bob')], 60));
    await settled(fixture);

    const pages = await paginator();
    expect(await pages.getRangeLabel()).toBe('1 – 25 of 60');
    await pages.goToNextPage();
    await settled(fixture);
    const next = http.expectOne((r) => r.url === '/api/admin/audit');
    expect(params(next.request)).toEqual({ offset: '25', limit: '25', target: 'bob' });
    next.flush({ ...page([entry('4', 'mute', 'bob')], 60), offset: 25 });
    await settled(fixture);
    expect(await pages.getRangeLabel()).toBe('26 – 50 of 60');

    await (await field('On user')).setValue('alice');
    await debounced();
    const filtered = http.expectOne((r) => r.url === '/api/admin/audit');
    expect(params(filtered.request)).toEqual({ offset: '0', limit: '25', target: 'alice' });
    filtered.flush(page([]));
    await settled(fixture);
    expect(await pages.getRangeLabel()).toBe('0 of 0');
  });
});
