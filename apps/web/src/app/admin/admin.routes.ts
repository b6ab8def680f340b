import { Routes } from '@angular/router';

import { AdminShellComponent } from './admin-shell.component';

/** The admin pages under /admin: the shell's tab bar, and one lazily loaded page per tab. */
export const ADMIN_ROUTES: Routes = [
  {
    path: '',
    component: AdminShellComponent,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'users' },
      {
        path: 'users',
        loadComponent: () => import('./users/users-page.component').then((m) => m.UsersPageComponent),
      },
      {
        path: 'audit',
        loadComponent: () => import('./audit/audit-page.component').then((m) => m.AuditPageComponent),
      },
      {
        path: 'announcements',
        loadComponent: () =>
          import('./announcements/announcements-page.component').then((m) => m.AnnouncementsPageComponent),
      },
    ],
  },
];
