import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';

/**
 * A placeholder on this branch only, so that the Games menu's lazy import compiles: the hand snake's
 * dialog is written on its own branch, whose version replaces this file at the merge.
 */
@Component({
  selector: 'chat-hand-snake-dialog',
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>Hand snake</h2>
    <mat-dialog-content><p>Hand snake is loading…</p></mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-flat-button type="button" mat-dialog-close>Close</button>
    </mat-dialog-actions>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HandSnakeDialogComponent {}
