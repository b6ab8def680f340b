import { inject } from '@angular/core';
import { CanActivateFn, Router, Routes } from '@angular/router';

import { PRODUCT_NAME } from '@chat/protocol';

import { SessionService } from './core/session.service';

const loggedIn: CanActivateFn = () =>
  inject(SessionService).loggedIn() || inject(Router).createUrlTree(['/login']);

const admin: CanActivateFn = () => inject(SessionService).isAdmin() || inject(Router).createUrlTree(['/']);

const loggedOut: CanActivateFn = () =>
  !inject(SessionService).loggedIn() || inject(Router).createUrlTree(['/']);

export const routes: Routes = [
  {
    path: 'login',
    canActivate: [loggedOut],
    title: `Log in · ${PRODUCT_NAME}`,
    loadComponent: () => import('./auth/login-page.component').then((m) => m.LoginPageComponent),
  },
  {
    path: '',
    pathMatch: 'full',
    canActivate: [loggedIn],
    title: PRODUCT_NAME,
    loadComponent: () => import('./chat/chat-page.component').then((m) => m.ChatPageComponent),
  },
  {
    path: 'admin',
    canActivate: [loggedIn, admin],
    title: `Admin · ${PRODUCT_NAME}`,
    loadChildren: () => import('./admin/admin.routes').then((m) => m.ADMIN_ROUTES),
  },
  { path: '**', redirectTo: '' },
];
