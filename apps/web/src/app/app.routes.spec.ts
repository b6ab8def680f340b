import type { Route, Routes } from '@angular/router';

import { WEB_PAGE_PATHS } from '@chat/protocol';

import { ADMIN_ROUTES } from './admin/admin.routes';
import { routes } from './app.routes';

/**
 * Every URL path a route tree answers, a redirecting one too (the server must serve the app for
 * it to redirect); the `**` catch-all left out. `lazy` holds the routes each `loadChildren` loads.
 */
function routePaths(tree: Routes, lazy: Record<string, Routes>, prefix = ''): string[] {
  return tree.flatMap((route: Route) => {
    if (route.path === undefined || route.path === '**') return [];
    const path = route.path === '' ? prefix : `${prefix}/${route.path}`;
    if (route.loadChildren && !lazy[path]) throw new Error(`The test does not know what ${path} loads`);
    const below = route.children ?? (route.loadChildren ? lazy[path] : []);
    return [path || '/', ...routePaths(below, lazy, path)];
  });
}

describe('app routes', () => {
  it('are the pages the api serves the app for (WEB_PAGE_PATHS), no more and no fewer', () => {
    const paths = new Set(routePaths(routes, { '/admin': ADMIN_ROUTES }));
    expect([...paths].sort()).toEqual([...WEB_PAGE_PATHS].sort());
  });
});
