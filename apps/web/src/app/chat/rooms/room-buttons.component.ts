import { ChangeDetectionStrategy, Component, inject, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';

import { ConversationKey } from '../conversation';
import { BrowseRoomsDialogComponent } from './browse-rooms-dialog.component';
import { CreateRoomDialogComponent } from './create-room-dialog.component';

/** "Create room" and "Browse rooms", above the conversation list; emits the room to open. */
@Component({
  selector: 'chat-room-buttons',
  imports: [MatButtonModule, MatIconModule],
  template: `
    <button mat-stroked-button type="button" (click)="create()"><mat-icon>add</mat-icon>Create room</button>
    <button mat-stroked-button type="button" (click)="browse()">
      <mat-icon>travel_explore</mat-icon>Browse rooms
    </button>
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      padding: 12px 16px 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RoomButtonsComponent {
  private readonly dialog = inject(MatDialog);
  public readonly opened = output<ConversationKey>();

  protected create(): void {
    this.dialog
      .open<CreateRoomDialogComponent, unknown, ConversationKey>(CreateRoomDialogComponent, {
        width: '440px',
        maxWidth: '96vw',
      })
      .afterClosed()
      .subscribe((key) => key && this.opened.emit(key));
  }

  protected browse(): void {
    this.dialog
      .open<BrowseRoomsDialogComponent, unknown, ConversationKey>(BrowseRoomsDialogComponent, {
        width: '560px',
        maxWidth: '96vw',
      })
      .afterClosed()
      .subscribe((key) => key && this.opened.emit(key));
  }
}
