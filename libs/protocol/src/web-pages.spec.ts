import { describe, expect, it } from 'vitest';

import { isWebPage, WEB_PAGE_PATHS } from './web-pages';

describe(isWebPage.name, () => {
  it('lists the app, the log-in page and every admin page', () => {
    expect(WEB_PAGE_PATHS).toEqual([
      '/',
      '/login',
      '/admin',
      '/admin/users',
      '/admin/audit',
      '/admin/announcements',
    ]);
  });

  it.each(['/', '/login', '/login/', '/admin', '/admin/', '/admin/users', '/admin/audit/'])(
    '%s is a page',
    (path) => expect(isWebPage(path)).toBe(true),
  );

  it.each(['', '/metrics', '/nope', '/Login', '/login/x', '/admin/nope', '/admin//users', '/api/metrics'])(
    '%j is not a page',
    (path) => expect(isWebPage(path)).toBe(false),
  );
});
