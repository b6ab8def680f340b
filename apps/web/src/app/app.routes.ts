import { inject } from '@angular/core';
import { CanActivateFn, Router, Routes } from '@angular/router';

import { PRODUCT_NAME, WEB_PAGES } from '@chat/protocol';

import { SessionService } from './core/session.service';

const loggedIn: CanActivateFn = () =>
  inject(SessionService).loggedIn() || inject(Router).createUrlTree(['/login']);

const admin: CanActivateFn = () => inject(SessionService).isAdmin() || inject(Router).createUrlTree(['/']);

const loggedOut: CanActivateFn = () =>
  !inject(SessionService).loggedIn() || inject(Router).createUrlTree(['/']);

/**
 * The app's pages, by the paths the api serves the app for (`WEB_PAGES`; app.routes.spec.ts checks
 * that both name the same pages): any other path is a 404 from the server.
 */
export const routes: Routes = [
  {
    path: WEB_PAGES.login,
    canActivate: [loggedOut],
    title: `Log in · ${PRODUCT_NAME}`,
    loadComponent: () => import('./auth/login-page.component').then((m) => m.LoginPageComponent),
  },
  {
    path: WEB_PAGES.chat,
    pathMatch: 'full',
    canActivate: [loggedIn],
    title: PRODUCT_NAME,
    loadComponent: () => import('./chat/chat-page.component').then((m) => m.ChatPageComponent),
  },
  {
    path: WEB_PAGES.admin,
    canActivate: [loggedIn, admin],
    title: `Admin · ${PRODUCT_NAME}`,
    loadChildren: () => import('./admin/admin.routes').then((m) => m.ADMIN_ROUTES),
  },
  // A link inside the app to a page it does not have; the server answers 404 for one typed in.
  { path: '**', redirectTo: WEB_PAGES.chat },
];
