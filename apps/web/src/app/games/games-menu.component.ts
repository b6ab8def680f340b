import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';

import { ChatStore } from '../chat/chat-store.service';
import { SnakeDialogComponent, SnakeDialogData } from './snake/snake-dialog.component';

/** The toolbar's Games menu: Snake (the keyboard), and the hand snake (the camera), loaded when chosen. */
@Component({
  selector: 'chat-games-menu',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, MatTooltipModule],
  template: `
    <button mat-icon-button type="button" [matMenuTriggerFor]="menu" aria-label="Games" matTooltip="Games">
      <mat-icon>sports_esports</mat-icon>
    </button>
    <mat-menu #menu="matMenu">
      <button mat-menu-item type="button" (click)="openSnake()"><mat-icon>keyboard</mat-icon>Snake</button>
      <button mat-menu-item type="button" (click)="openHandSnake()">
        <mat-icon>back_hand</mat-icon>Hand snake
      </button>
    </mat-menu>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class GamesMenuComponent {
  private readonly dialog = inject(MatDialog);
  private readonly store = inject(ChatStore);

  /** What a game's dialog needs of the chat: sending its score to the conversation open now. */
  private readonly data: SnakeDialogData = {
    share: (text) => void this.store.send(text),
    canShare: computed(
      () => this.store.active() !== null && this.store.connection() === 'online' && !this.store.muted(),
    ),
  };

  protected openSnake(): void {
    // The dialog itself has the focus: the game's keys are no button's.
    this.dialog.open(SnakeDialogComponent, {
      data: this.data,
      autoFocus: 'dialog',
      width: '760px',
      maxWidth: '96vw',
    });
  }

  /** The hand snake brings a hand tracker and its model: loaded only when someone picks it. */
  protected async openHandSnake(): Promise<void> {
    const { HandSnakeDialogComponent } = await import('./hand-snake/hand-snake-dialog.component');
    this.dialog.open(HandSnakeDialogComponent, {
      data: this.data,
      autoFocus: 'dialog',
      width: '960px',
      maxWidth: '96vw',
    });
  }
}
