import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';

import { UploadState } from './attachment-sender.service';

/** The uploads under way above the composer: progress, processing, or why one failed. */
@Component({
  selector: 'chat-upload-status',
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule],
  template: `
    @for (up of uploads(); track up.id) {
      <div class="upload" [class.failed]="up.failed" [attr.role]="up.failed ? 'alert' : 'status'">
        <div class="line">
          <span class="text">{{ up.text }}</span>
          @if (up.failed) {
            @if (up.retryable) {
              <button
                mat-button
                type="button"
                [attr.aria-label]="'Retry sending ' + up.what"
                (click)="retry.emit(up.id)"
              >
                Retry
              </button>
            }
            <button mat-icon-button type="button" aria-label="Dismiss" (click)="dismiss.emit(up.id)">
              <mat-icon>close</mat-icon>
            </button>
          }
        </div>
        @if (!up.failed) {
          <mat-progress-bar
            [mode]="up.percent === null ? 'indeterminate' : 'determinate'"
            [value]="up.percent ?? 0"
            [attr.aria-label]="up.what"
          />
        }
      </div>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    :host:not(:empty) {
      margin-bottom: 8px;
    }
    .line {
      display: flex;
      align-items: center;
      gap: 4px;
    }
    .text {
      flex: 1;
      overflow-wrap: anywhere;
    }
    .failed .text {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UploadStatusComponent {
  public readonly uploads = input.required<readonly UploadState[]>();
  public readonly retry = output<number>();
  public readonly dismiss = output<number>();
}
