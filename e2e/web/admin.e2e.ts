import { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  HAVE_CHROMIUM,
  launchChromium,
  logIn,
  openPage,
  screenshot,
  startWebSystem,
} from '../support/browser';
import { SystemProcess } from '../support/system-process';

if (!HAVE_CHROMIUM)
  console.warn('e2e/web: skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');

describe.skipIf(!HAVE_CHROMIUM)('web admin page: announcements and the audit log', () => {
  let sys: SystemProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let admin: Page;
  let alice: Page;

  beforeAll(async () => {
    sys = await startWebSystem();
    await Promise.all([sys.token('alice'), sys.token('bob')]);
    browser = await launchChromium();
    const page = (): Promise<Page> => openPage(browser, contexts);
    [admin, alice] = await Promise.all([page(), page()]);
    await Promise.all([
      logIn(admin, sys.baseUrl, 'admin', 'admin-password-123'),
      logIn(alice, sys.baseUrl, 'alice', 'alice-password'),
    ]);
    await admin.getByRole('link', { name: 'Admin' }).click();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await sys?.dispose();
  });

  it("on a phone-wide screen each user's actions stay in sight, the table scrolling sideways", async () => {
    await admin.setViewportSize({ width: 390, height: 800 });
    try {
      // The Users tab, open from the start: no tab sliding in to measure.
      const actions = admin.getByRole('button', { name: 'Actions for alice' });
      await actions.waitFor();
      const box = await actions.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      await actions.click();
      await admin.getByRole('menuitem', { name: 'Mute…' }).waitFor();
      await screenshot(admin, 'admin-narrow');
      await admin.keyboard.press('Escape');
    } finally {
      await admin.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it("an announcement sent from the admin page shows up as a notice in another user's browser", async () => {
    await admin.getByRole('tab', { name: 'Announce' }).click();
    await admin.getByLabel('Announcement').fill('The server restarts at 22:00');
    await admin.getByRole('button', { name: 'Send' }).click();
    await admin.getByText('Announcement sent').waitFor();
    expect(await admin.getByLabel('Announcement').inputValue()).toBe('');
    await screenshot(admin, 'admin-announce');

    await alice.locator('mat-snack-bar-container').getByText('The server restarts at 22:00').waitFor();
    await alice.getByRole('region', { name: 'Notices' }).getByText('The server restarts at 22:00').waitFor();
    await screenshot(alice, 'announcement');
  });

  it('the audit log shows the announcement, and filters and pages as the api does', async () => {
    // 30 role changes on bob (offline: no one else gets a notice), over the api as another client would.
    const token = await sys.adminToken();
    for (let i = 0; i < 30; i++) {
      const res = await sys.request('PATCH', '/api/admin/users/bob', {
        token,
        json: { role: i % 2 === 0 ? 'admin' : 'user' },
      });
      expect(res.status).toBe(200);
    }

    await admin.getByRole('tab', { name: 'Audit log' }).click();
    const pages = admin.getByRole('group', { name: 'Audit log pages' });
    await pages.getByText('1 – 25 of 31').waitFor();

    await admin.getByLabel('On user').fill('bob');
    await pages.getByText('1 – 25 of 30').waitFor();
    await pages.getByRole('button', { name: 'Next page' }).click();
    await pages.getByText('26 – 30 of 30').waitFor();
    // The paginator moves on the click; the rows follow when page 2 has come.
    await expect.poll(() => admin.getByRole('cell', { name: 'role', exact: true }).count()).toBe(5);

    await admin.getByLabel('On user').fill('');
    await admin.getByLabel('By admin').fill('ADMIN'); // names match in any case
    await pages.getByText('1 – 25 of 31').waitFor();
    await admin.getByLabel('By admin').fill('nobody');
    await pages.getByText('0 of 0').waitFor();
    await admin.getByLabel('By admin').fill('admin');
    await pages.getByRole('button', { name: 'Next page' }).click();
    await admin.getByRole('cell', { name: 'The server restarts at 22:00' }).waitFor(); // the oldest, on page 2
    await admin.waitForTimeout(600); // the tabs' slide, for the screenshot only
    await screenshot(admin, 'admin-audit-filtered');
  });

  it("deletes an account from the Users page once confirmed: the user's log-in then fails", async () => {
    await admin.getByRole('tab', { name: 'Users' }).click();
    await admin.getByRole('button', { name: 'Actions for bob' }).click();
    await admin.getByRole('menuitem', { name: 'Delete account…' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Delete the account of bob?' });
    await dialog.getByRole('button', { name: 'Delete account' }).click();
    await admin.getByText('bob was deleted').waitFor();
    await admin.getByRole('button', { name: 'Actions for bob' }).waitFor({ state: 'detached' });
    const login = await sys.request('POST', '/api/auth/login', {
      json: { username: 'bob', password: 'bob-password' },
    });
    expect(login).toMatchObject({ status: 401, body: { code: 'BAD_CREDENTIALS' } });
  });
});
