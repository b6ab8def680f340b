/**
 * The web app's pages, in one place: the Angular router declares its routes with these paths
 * (apps/web app.routes.ts, admin.routes.ts; a spec there checks they agree), and the api serves
 * the app's index.html for these paths only, so that any other path (`/metrics`, `/nope`) is a 404
 * and not the app.
 */
export const WEB_PAGES = {
  chat: '',
  login: 'login',
  admin: 'admin',
} as const;

/** The admin pages, under `/admin/`. */
export const ADMIN_PAGES = {
  users: 'users',
  audit: 'audit',
  announcements: 'announcements',
} as const;

/** Every URL path the app has a page for: `/`, `/login`, `/admin`, `/admin/users`, ... */
export const WEB_PAGE_PATHS: readonly string[] = [
  ...Object.values(WEB_PAGES).map((page) => `/${page}`),
  ...Object.values(ADMIN_PAGES).map((page) => `/${WEB_PAGES.admin}/${page}`),
];

const PAGE_PATHS = new Set(WEB_PAGE_PATHS);

/** Whether a URL path (without its query) is one of the app's pages; a trailing slash is the same page. */
export function isWebPage(path: string): boolean {
  return PAGE_PATHS.has(path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);
}
