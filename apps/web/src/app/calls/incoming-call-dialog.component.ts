import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';

import { IncomingCall } from './call.service';

export type IncomingCallAnswer = 'accept' | 'decline';

export interface IncomingCallData {
  call: IncomingCall;
  /** This tab's user, left out of the others named. */
  me: string;
}

/** Who is calling, voice or video, with Accept and Decline. */
@Component({
  selector: 'chat-incoming-call-dialog',
  imports: [MatButtonModule, MatDialogModule, MatIconModule],
  template: `
    <h2 mat-dialog-title>
      <mat-icon aria-hidden="true">{{ call.media === 'video' ? 'videocam' : 'call' }}</mat-icon>
      {{ call.from }}
    </h2>
    <mat-dialog-content>
      <p class="kind">Incoming {{ call.media === 'video' ? 'video' : 'voice' }} call</p>
      @if (others.length > 0) {
        <p class="others">With {{ others.join(', ') }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-stroked-button type="button" class="decline" (click)="answer('decline')">
        <mat-icon>call_end</mat-icon>Decline
      </button>
      <button mat-flat-button type="button" class="accept" (click)="answer('accept')">
        <mat-icon>{{ call.media === 'video' ? 'videocam' : 'call' }}</mat-icon>Accept
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    h2 {
      display: flex;
      align-items: center;
      gap: 8px;
    }
    .kind {
      font: var(--mat-sys-body-large);
    }
    .decline {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IncomingCallDialogComponent {
  private readonly data = inject<IncomingCallData>(MAT_DIALOG_DATA);
  protected readonly call = this.data.call;
  private readonly ref = inject<MatDialogRef<IncomingCallDialogComponent, IncomingCallAnswer>>(MatDialogRef);
  /** In a group call, the others invited besides the caller and me. */
  protected readonly others = this.call.participants
    .slice(1)
    .filter((n) => n.toLowerCase() !== this.data.me.toLowerCase());

  protected answer(answer: IncomingCallAnswer): void {
    this.ref.close(answer);
  }
}
