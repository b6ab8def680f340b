import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';

import { MAX_TOPIC_LENGTH, MAX_USERNAME_INPUT_LENGTH } from '@chat/protocol';

import { Conversation } from '../conversation';
import { RoomPromptData, RoomPromptDialogComponent } from './room-prompt-dialog.component';
import { RoomsService } from './rooms.service';

/**
 * The open room's part of the header: private marker, topic, "Members" (the members panel), and the
 * room's menu: "Invite", "Edit topic" (owner and admins) and "Leave room".
 */
@Component({
  selector: 'chat-room-header',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, MatTooltipModule],
  template: `
    @if (room(); as c) {
      @if (c.room?.private) {
        <mat-icon class="lock" aria-label="Private room" matTooltip="Private room">lock</mat-icon>
      }
      <span class="topic" [title]="c.room?.topic ?? ''">{{ c.room?.topic || 'No topic' }}</span>
      <button
        mat-button
        type="button"
        (click)="members.emit()"
        [attr.aria-label]="c.room?.members === undefined ? 'Members' : 'Members: ' + c.room?.members"
      >
        <mat-icon>group</mat-icon>{{ c.room?.members ?? '' }}
      </button>
      <button
        mat-icon-button
        type="button"
        [matMenuTriggerFor]="menu"
        aria-label="Room options"
        matTooltip="Room options"
      >
        <mat-icon>more_vert</mat-icon>
      </button>
      <mat-menu #menu="matMenu">
        <button mat-menu-item type="button" (click)="invite(c)"><mat-icon>person_add</mat-icon>Invite</button>
        @if (canModerate()) {
          <button mat-menu-item type="button" (click)="editTopic(c)">
            <mat-icon>edit</mat-icon>Edit topic
          </button>
        }
        <button mat-menu-item type="button" (click)="leave(c)"><mat-icon>logout</mat-icon>Leave room</button>
      </mat-menu>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      min-width: 0;
      gap: 4px;
    }
    .topic {
      max-width: 24em;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    // A phone's header has no room for it: the conversation list shows the topic.
    @media (max-width: 600px) {
      .topic {
        display: none;
      }
    }
    .lock {
      font-size: 18px;
      width: 18px;
      height: 18px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RoomHeaderComponent {
  private readonly rooms = inject(RoomsService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  public readonly conversation = input.required<Conversation | null>();
  /** The user asked for the members panel. */
  public readonly members = output<void>();
  protected readonly room = computed(() => {
    const c = this.conversation();
    return c?.kind === 'room' ? c : null;
  });
  protected readonly canModerate = computed(() => this.rooms.canModerate(this.room()));

  protected invite(c: Conversation): void {
    this.prompt({
      title: `Invite to ${c.title}`,
      label: 'User name',
      action: 'Invite',
      required: true,
      maxLength: MAX_USERNAME_INPUT_LENGTH,
      run: async (user) => {
        const ok = await this.rooms.invite(c.title, user);
        this.snackBar.open(`Invited ${ok.user} to ${ok.room}`, undefined, {
          duration: 4000,
          politeness: 'polite',
        });
      },
    });
  }

  protected editTopic(c: Conversation): void {
    this.prompt({
      title: `Topic of ${c.title}`,
      label: 'Topic',
      action: 'Save',
      value: c.room?.topic ?? '',
      required: false,
      maxLength: MAX_TOPIC_LENGTH,
      run: (topic) => this.rooms.setTopic(c.title, topic),
    });
  }

  protected async leave(c: Conversation): Promise<void> {
    try {
      await this.rooms.leave(c.title);
      this.snackBar.open(`You left ${c.title}`, undefined, { duration: 4000, politeness: 'polite' });
    } catch (err) {
      this.snackBar.open(err instanceof Error ? err.message : String(err), 'OK', { duration: 8000 });
    }
  }

  private prompt(data: RoomPromptData): void {
    this.dialog.open(RoomPromptDialogComponent, { data, width: '420px', maxWidth: '96vw' });
  }
}
