import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';

import { MAX_REASON_LENGTH } from '@chat/protocol';

import { ChatStatus } from '../chat-status.service';
import { Conversation } from '../conversation';
import { RoomPromptData, RoomPromptDialogComponent } from './room-prompt-dialog.component';
import { RoomsService } from './rooms.service';

/** The open room's members panel: who is in it, who of them is online, and for owners and admins "Remove from room". */
@Component({
  selector: 'chat-room-members',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule],
  template: `
    @if (room(); as c) {
      <h2 id="room-members-heading">Members of {{ c.title }} ({{ members().length }})</h2>
      <ul class="members" aria-labelledby="room-members-heading">
        @for (m of members(); track m.name) {
          <li [attr.aria-label]="m.name + (m.online ? ', online' : ', offline')">
            <span class="dot" [class.online]="m.online" aria-hidden="true"></span>
            <span class="name">{{ m.name }}{{ m.me ? ' (you)' : '' }}</span>
            @if (m.owner) {
              <span class="owner">owner</span>
            }
            @if (canModerate() && !m.me) {
              <button
                mat-icon-button
                type="button"
                aria-label="Remove from room"
                matTooltip="Remove from room"
                (click)="remove(c, m.name)"
              >
                <mat-icon>person_remove</mat-icon>
              </button>
            }
          </li>
        }
      </ul>
    }
  `,
  styles: `
    :host {
      display: block;
      padding: 8px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    h2 {
      font: var(--mat-sys-title-small);
      margin: 8px;
    }
    .members {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      display: flex;
      align-items: center;
      gap: 8px;
      min-height: 40px;
      padding-left: 12px;
    }
    .dot {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      border: 1px solid var(--mat-sys-outline);
    }
    .dot.online {
      background: var(--mat-sys-primary);
      border-color: var(--mat-sys-primary);
    }
    .name {
      flex: 1;
    }
    .owner {
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RoomMembersComponent {
  private readonly rooms = inject(RoomsService);
  private readonly status = inject(ChatStatus);
  private readonly dialog = inject(MatDialog);
  public readonly conversation = input.required<Conversation | null>();
  public readonly me = input.required<string>();
  protected readonly room = computed(() => {
    const c = this.conversation();
    return c?.kind === 'room' ? c : null;
  });
  /** The open room's name: unlike the conversation, it does not change with each message. */
  private readonly roomName = computed(() => this.room()?.title ?? null);
  protected readonly canModerate = computed(() => this.rooms.canModerate(this.room()));
  /** The members, online ones first, each with what the panel shows of them. */
  protected readonly members = computed(() => {
    const c = this.room();
    if (!c) return [];
    const online = new Set(this.status.online().map((n) => n.toLowerCase()));
    const owner = c.room?.owner.toLowerCase();
    const me = this.me().toLowerCase();
    return (this.rooms.members().get(c.title) ?? [])
      .map((name) => ({
        name,
        online: online.has(name.toLowerCase()),
        owner: name.toLowerCase() === owner,
        me: name.toLowerCase() === me,
      }))
      .sort((a, b) => Number(b.online) - Number(a.online));
  });

  constructor() {
    // The members of the room opened, asked for once it is; joins, leaves and a new log-in keep them current.
    effect(() => {
      const room = this.roomName();
      if (room) untracked(() => void this.rooms.loadMembers(room).catch(() => undefined));
    });
  }

  protected remove(c: Conversation, user: string): void {
    const data: RoomPromptData = {
      title: `Remove ${user} from ${c.title}`,
      label: 'Reason (optional)',
      action: 'Remove',
      required: false,
      maxLength: MAX_REASON_LENGTH,
      run: (reason) => this.rooms.remove(c.title, user, reason || undefined),
    };
    this.dialog.open(RoomPromptDialogComponent, { data, width: '420px', maxWidth: '96vw' });
  }
}
