import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';

import { RoomInfo } from '@chat/protocol';

import { ConversationKey, roomKey } from '../conversation';
import { RoomsService } from './rooms.service';

/** "Browse rooms": the public rooms and the user's own, searchable, each with its members and a Join (or Open). */
@Component({
  selector: 'chat-browse-rooms-dialog',
  imports: [MatButtonModule, MatDialogModule, MatFormFieldModule, MatIconModule, MatInputModule],
  template: `
    <h2 mat-dialog-title>Browse rooms</h2>
    <mat-dialog-content>
      <mat-form-field appearance="outline" class="search">
        <mat-label>Search rooms</mat-label>
        <mat-icon matPrefix>search</mat-icon>
        <input matInput type="search" autocomplete="off" #query (input)="search(query.value)" />
      </mat-form-field>
      @if (error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
      <ul class="rooms" aria-label="Rooms">
        @for (room of rooms(); track room.room) {
          <li [attr.aria-label]="room.room">
            <mat-icon aria-hidden="true">{{ room.private ? 'lock' : 'tag' }}</mat-icon>
            <span class="what">
              <span class="name">{{ room.room }}</span>
              @if (room.private) {
                <span class="private">Private room</span>
              }
              <span class="count">{{ room.members }} {{ room.members === 1 ? 'member' : 'members' }}</span>
              @if (room.topic) {
                <span class="topic">{{ room.topic }}</span>
              }
            </span>
            @if (room.joined) {
              <button mat-button type="button" (click)="open(room)">Open</button>
            } @else {
              <button mat-flat-button type="button" [disabled]="busy()" (click)="join(room)">Join</button>
            }
          </li>
        } @empty {
          <li class="none">{{ loaded() ? 'No rooms found. Create one!' : 'Loading…' }}</li>
        }
      </ul>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .search {
      width: 100%;
    }
    .rooms {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      display: flex;
      align-items: center;
      gap: 12px;
      padding: 8px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .what {
      flex: 1;
      display: flex;
      flex-wrap: wrap;
      gap: 0 8px;
      align-items: baseline;
    }
    .name {
      font-weight: 500;
    }
    .count,
    .private {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .topic {
      flex-basis: 100%;
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BrowseRoomsDialogComponent implements OnInit {
  private readonly roomsService = inject(RoomsService);
  private readonly ref = inject<MatDialogRef<BrowseRoomsDialogComponent, ConversationKey>>(MatDialogRef);
  protected readonly rooms = signal<RoomInfo[]>([]);
  protected readonly loaded = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  /** Answers come back in any order: only the latest search's is shown. */
  private asked = 0;

  public ngOnInit(): void {
    void this.search('');
  }

  protected async search(text: string): Promise<void> {
    const ask = ++this.asked;
    try {
      const found = await this.roomsService.list(text.trim());
      if (ask !== this.asked) return;
      this.rooms.set(found);
      this.loaded.set(true);
      this.error.set(null);
    } catch (err) {
      if (ask === this.asked) this.error.set(err instanceof Error ? err.message : String(err));
    }
  }

  protected async join(room: RoomInfo): Promise<void> {
    this.busy.set(true);
    try {
      this.ref.close(await this.roomsService.join(room.room));
    } catch (err) {
      this.error.set(err instanceof Error ? err.message : String(err));
    } finally {
      this.busy.set(false);
    }
  }

  protected open(room: RoomInfo): void {
    this.ref.close(roomKey(room.room));
  }
}
