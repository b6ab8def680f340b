import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTabsModule } from '@angular/material/tabs';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { ADMIN_PAGES } from '@chat/protocol';

import { ThemeService } from '../core/theme.service';

/** The admin pages, one route each; a page is loaded afresh each time its tab is opened. */
export const ADMIN_TABS = [
  { path: ADMIN_PAGES.users, label: 'Users' },
  { path: ADMIN_PAGES.audit, label: 'Audit log' },
  { path: ADMIN_PAGES.announcements, label: 'Announce' },
] as const;

/** The admin area's frame: the toolbar, the tab bar (one link per page) and the page shown. */
@Component({
  selector: 'chat-admin-shell',
  imports: [
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
    MatButtonModule,
    MatIconModule,
    MatTabsModule,
    MatToolbarModule,
  ],
  templateUrl: './admin-shell.component.html',
  styleUrl: './admin-shell.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminShellComponent {
  protected readonly theme = inject(ThemeService);
  protected readonly tabs = ADMIN_TABS;
}
