import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';
import { MatSlideToggleChange, MatSlideToggleModule } from '@angular/material/slide-toggle';

import { reasonOf } from '../admin/admin-ui';
import { ReceiptsService } from '../chat/receipts.service';
import { AlertSound } from './alert-sound';
import { AttentionSettings, permissionProblem } from './attention-settings.service';

/** "Notifications": desktop notifications, the chime, and do not disturb; each kept in this browser. */
@Component({
  selector: 'chat-attention-settings-dialog',
  imports: [MatButtonModule, MatDialogModule, MatSlideToggleModule],
  template: `
    <h2 mat-dialog-title>Notifications</h2>
    <mat-dialog-content>
      <p class="intro">
        For private and group messages, messages that mention you (&#64;your name) and calls, while this page
        is hidden or another conversation is open.
      </p>
      <mat-slide-toggle
        [checked]="settings.notifications()"
        [disabled]="busy()"
        (change)="setNotifications($event)"
        >Desktop notifications</mat-slide-toggle
      >
      @if (problem(); as text) {
        <p class="problem" role="alert">{{ text }}</p>
      }
      <mat-slide-toggle [checked]="settings.sound()" (change)="setSound($event)">Sound</mat-slide-toggle>
      <mat-slide-toggle [checked]="settings.dnd()" (change)="settings.setDnd($event.checked)"
        >Do not disturb</mat-slide-toggle
      >
      <p class="hint">Do not disturb silences notifications, sounds and the ring of calls.</p>
      <h3>Privacy</h3>
      <mat-slide-toggle [checked]="receipts.enabled()" [disabled]="busy()" (change)="setReceipts($event)"
        >Read receipts</mat-slide-toggle
      >
      <p class="hint">
        Others see "Seen by" you in private and group chats. Off, they do not, and you see nobody's. Kept on
        the server, for every device.
      </p>
      @if (receiptsProblem(); as text) {
        <p class="problem" role="alert">{{ text }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    mat-slide-toggle {
      display: block;
      margin: 12px 0;
    }
    .intro,
    .hint {
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .hint {
      margin-top: 0;
    }
    h3 {
      font: var(--mat-sys-title-small);
      margin: 16px 0 0;
    }
    .problem {
      color: var(--mat-sys-error);
      margin: 0 0 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AttentionSettingsDialogComponent implements OnInit {
  protected readonly settings = inject(AttentionSettings);
  private readonly sound = inject(AlertSound);
  protected readonly busy = signal(false);
  protected readonly problem = signal<string | null>(null);
  protected readonly receipts = inject(ReceiptsService);
  protected readonly receiptsProblem = signal<string | null>(null);

  public ngOnInit(): void {
    this.settings.refreshPermission();
    // Turned on before, then blocked in the browser's settings: say so.
    const permission = this.settings.permission();
    if (permission !== 'granted') this.problem.set(permissionProblem(permission));
  }

  protected async setNotifications(change: MatSlideToggleChange): Promise<void> {
    this.busy.set(true);
    try {
      this.problem.set(await this.settings.setNotifications(change.checked));
    } finally {
      this.busy.set(false);
      // A refused permission leaves the switch off, whatever the click did to it.
      change.source.checked = this.settings.notifications();
    }
  }

  protected async setReceipts(change: MatSlideToggleChange): Promise<void> {
    this.busy.set(true);
    this.receiptsProblem.set(null);
    try {
      await this.receipts.set(change.checked);
    } catch (err) {
      this.receiptsProblem.set(reasonOf(err, 'The server did not take the change'));
    } finally {
      this.busy.set(false);
      change.source.checked = this.receipts.enabled();
    }
  }

  protected setSound(change: MatSlideToggleChange): void {
    this.settings.setSound(change.checked);
    // A sample, on the user's own click (which also lets the browser play sound later on).
    if (change.checked) this.sound.play();
  }
}
