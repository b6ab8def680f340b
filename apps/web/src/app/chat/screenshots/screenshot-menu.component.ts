import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';

import { fromHttpError } from '../../core/http-error';
import { AttachmentSender } from '../attachment-sender.service';
import { CaptureError, ScreenCapture } from './screen-capture.service';
import { SnapshotsApi } from './snapshots-api.service';
import { SnapshotsDialogComponent, SnapshotsDialogData } from './snapshots-dialog.component';

/** The toolbar's Screenshot menu: This window, Entire screen, and the Snapshots folder. */
@Component({
  selector: 'chat-screenshot-menu',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, MatTooltipModule],
  template: `
    <button
      mat-icon-button
      type="button"
      [matMenuTriggerFor]="menu"
      aria-label="Screenshot"
      matTooltip="Screenshot"
      [disabled]="busy()"
    >
      <mat-icon>screenshot_monitor</mat-icon>
    </button>
    <mat-menu #menu="matMenu">
      <button mat-menu-item type="button" (click)="take('window')">
        <mat-icon>web_asset</mat-icon>This window
      </button>
      <button mat-menu-item type="button" (click)="take('screen')">
        <mat-icon>desktop_windows</mat-icon>Entire screen
      </button>
      <button mat-menu-item type="button" (click)="openSnapshots()">
        <mat-icon>photo_library</mat-icon>Snapshots
      </button>
    </mat-menu>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ScreenshotMenuComponent {
  private readonly capture = inject(ScreenCapture);
  private readonly api = inject(SnapshotsApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly attachments = inject(AttachmentSender);
  protected readonly busy = signal(false);

  protected async take(kind: 'window' | 'screen'): Promise<void> {
    this.busy.set(true);
    try {
      // The menu's closing animation must not be in the picture: wait for the next frame.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
      const file = kind === 'window' ? await this.capture.window() : await this.capture.entireScreen();
      await this.api.add(file);
      this.snackBar
        .open('Saved to Snapshots', 'Open', { duration: 5000, politeness: 'polite' })
        .onAction()
        .subscribe(() => this.openSnapshots());
    } catch (err) {
      const text = err instanceof CaptureError ? err.message : `Not saved: ${fromHttpError(err).message}`;
      this.snackBar.open(text, 'OK', { duration: 10000, politeness: 'assertive' });
    } finally {
      this.busy.set(false);
    }
  }

  protected openSnapshots(): void {
    const data: SnapshotsDialogData = { send: (file) => this.attachments.sendPicture(file) };
    this.dialog.open(SnapshotsDialogComponent, { data, width: '760px', maxWidth: '96vw' });
  }
}
