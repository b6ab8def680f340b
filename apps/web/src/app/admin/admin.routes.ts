import { Routes } from '@angular/router';

import { ADMIN_PAGES } from '@chat/protocol';

import { AdminShellComponent } from './admin-shell.component';

/** The admin pages under /admin: the shell's tab bar, and one lazily loaded page per tab. */
export const ADMIN_ROUTES: Routes = [
  {
    path: '',
    component: AdminShellComponent,
    children: [
      { path: '', pathMatch: 'full', redirectTo: ADMIN_PAGES.users },
      {
        path: ADMIN_PAGES.users,
        loadComponent: () => import('./users/users-page.component').then((m) => m.UsersPageComponent),
      },
      {
        path: ADMIN_PAGES.audit,
        loadComponent: () => import('./audit/audit-page.component').then((m) => m.AuditPageComponent),
      },
      {
        path: ADMIN_PAGES.announcements,
        loadComponent: () =>
          import('./announcements/announcements-page.component').then((m) => m.AnnouncementsPageComponent),
      },
    ],
  },
];
