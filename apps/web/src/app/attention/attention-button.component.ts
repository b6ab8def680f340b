import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';

import { AttentionSettings } from './attention-settings.service';
import { AttentionSettingsDialogComponent } from './attention-settings-dialog.component';

/** The header's bell: how alerts stand (off, on, do not disturb), and the "Notifications" dialog. */
@Component({
  selector: 'chat-attention-button',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule],
  template: `
    <button
      mat-icon-button
      type="button"
      aria-label="Notification settings"
      [matTooltip]="state().tooltip"
      (click)="open()"
    >
      <mat-icon>{{ state().icon }}</mat-icon>
    </button>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AttentionButtonComponent {
  private readonly settings = inject(AttentionSettings);
  private readonly dialog = inject(MatDialog);

  protected readonly state = computed(() => {
    if (this.settings.dnd()) return { icon: 'notifications_off', tooltip: 'Notifications: do not disturb' };
    if (this.settings.notifications() || this.settings.sound()) {
      return { icon: 'notifications_active', tooltip: 'Notifications: on' };
    }
    return { icon: 'notifications', tooltip: 'Notifications: off' };
  });

  protected open(): void {
    this.dialog.open(AttentionSettingsDialogComponent, { width: 'min(420px, 92vw)' });
  }
}
