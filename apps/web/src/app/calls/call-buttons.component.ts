import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog, MatDialogRef } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';

import { CallMedia } from '@chat/protocol';

import { ChatStore } from '../chat/chat-store.service';
import { Conversation } from '../chat/conversation';
import { CallService, MAX_CALL_MEMBERS } from './call.service';
import { CallViewComponent } from './call-view.component';
import {
  IncomingCallAnswer,
  IncomingCallData,
  IncomingCallDialogComponent,
} from './incoming-call-dialog.component';

/**
 * "Video call" and "Voice call" in the open conversation's header (private and group chats), and
 * what a call shows over the chat: the incoming call's dialog and the full-window call view.
 */
@Component({
  selector: 'chat-call-buttons',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule],
  template: `
    @if (callable()) {
      <button
        mat-icon-button
        type="button"
        [disabled]="call.phase() !== 'idle' || !online()"
        (click)="start('video')"
        aria-label="Video call"
        matTooltip="Video call"
      >
        <mat-icon>videocam</mat-icon>
      </button>
      <button
        mat-icon-button
        type="button"
        [disabled]="call.phase() !== 'idle' || !online()"
        (click)="start('audio')"
        aria-label="Voice call"
        matTooltip="Voice call"
      >
        <mat-icon>call</mat-icon>
      </button>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CallButtonsComponent {
  public readonly conversation = input<Conversation | null | undefined>(null);

  protected readonly call = inject(CallService);
  private readonly store = inject(ChatStore);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private incomingRef: MatDialogRef<IncomingCallDialogComponent, IncomingCallAnswer> | null = null;
  private viewRef: MatDialogRef<CallViewComponent> | null = null;

  protected readonly online = computed(() => this.store.connection() === 'online');
  /** Private and group chats of at most MAX_CALL_MEMBERS people; not everyone's, nor a room. */
  protected readonly callable = computed(() => {
    const c = this.conversation();
    return !!c && (c.kind === 'private' || c.kind === 'group') && c.members.length < MAX_CALL_MEMBERS;
  });

  constructor() {
    effect(() => {
      const ring = this.call.incoming();
      const ringing = this.call.phase() === 'incoming';
      untracked(() =>
        ring && ringing ? this.openIncoming({ call: ring, me: this.store.me() }) : this.closeIncoming(),
      );
    });
    effect(() => {
      const inCall = this.call.busy();
      untracked(() => (inCall ? this.openView() : this.closeView()));
    });
    this.call.ended$.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe((end) => {
      this.snackBar.open(end.text, undefined, { duration: 4000, politeness: 'polite' });
    });
  }

  protected start(media: CallMedia): void {
    const c = this.conversation();
    if (c && this.callable()) void this.call.call(c.members, media);
  }

  private openIncoming(data: IncomingCallData): void {
    if (this.incomingRef) return;
    const ref = this.dialog.open<IncomingCallDialogComponent, IncomingCallData, IncomingCallAnswer>(
      IncomingCallDialogComponent,
      { data, disableClose: true, ariaLabel: `Incoming call from ${data.call.from}`, width: '360px' },
    );
    this.incomingRef = ref;
    ref.afterClosed().subscribe((answer) => {
      if (this.incomingRef === ref) this.incomingRef = null;
      if (answer === 'accept') void this.call.accept();
      else if (answer === 'decline') this.call.decline();
    });
  }

  private closeIncoming(): void {
    const ref = this.incomingRef;
    this.incomingRef = null;
    ref?.close();
  }

  private openView(): void {
    if (this.viewRef) return;
    this.viewRef = this.dialog.open(CallViewComponent, {
      width: '100vw',
      height: '100vh',
      maxWidth: '100vw',
      maxHeight: '100vh',
      panelClass: 'chat-call-panel',
      disableClose: true,
      ariaLabel: 'Call',
      autoFocus: false,
    });
  }

  private closeView(): void {
    const ref = this.viewRef;
    this.viewRef = null;
    ref?.close();
  }
}
