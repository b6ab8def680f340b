import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';

/**
 * The toolbar's Games menu. Minimal (branch i9-hand): the keyboard Snake comes with the other
 * helper's menu, which replaces this one at merge. The Hand snake is imported on demand, so that
 * neither it nor the hand model is in the app's initial bundle.
 */
@Component({
  selector: 'chat-games-menu',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, MatTooltipModule],
  template: `
    <button mat-icon-button type="button" [matMenuTriggerFor]="menu" aria-label="Games" matTooltip="Games">
      <mat-icon>sports_esports</mat-icon>
    </button>
    <mat-menu #menu="matMenu">
      <button mat-menu-item type="button" disabled><mat-icon>keyboard</mat-icon>Snake</button>
      <button mat-menu-item type="button" (click)="openHandSnake()">
        <mat-icon>back_hand</mat-icon>Hand snake
      </button>
    </mat-menu>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class GamesMenuComponent {
  private readonly dialog = inject(MatDialog);

  protected async openHandSnake(): Promise<void> {
    const { HandSnakeDialogComponent } = await import('./hand-snake/hand-snake-dialog.component');
    this.dialog.open(HandSnakeDialogComponent, { width: '960px', maxWidth: '96vw', autoFocus: 'dialog' });
  }
}
