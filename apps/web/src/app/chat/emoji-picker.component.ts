import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';

import { EMOJI, EMOJI_PATH } from './emoji';

/** A menu of the 20 emoji as pictures (no emoji font needed); one click sends the emoji's character. */
@Component({
  selector: 'chat-emoji-picker',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, MatTooltipModule],
  template: `
    <button
      mat-icon-button
      type="button"
      [matMenuTriggerFor]="menu"
      aria-label="Send an emoji"
      matTooltip="Emoji"
      [disabled]="disabled()"
    >
      <mat-icon>mood</mat-icon>
    </button>
    <mat-menu #menu="matMenu" class="chat-emoji-menu">
      <div class="grid" role="group" aria-label="Emoji">
        @for (emoji of emoji; track emoji.char) {
          <button
            mat-menu-item
            type="button"
            class="emoji"
            [attr.aria-label]="emoji.name"
            [title]="emoji.name"
            (click)="picked.emit(emoji.char)"
          >
            <img [src]="path + emoji.file" [alt]="emoji.char" width="28" height="28" />
          </button>
        }
      </div>
    </mat-menu>
  `,
  styles: `
    .grid {
      display: grid;
      grid-template-columns: repeat(5, 48px);
      padding: 0 8px;
    }
    .emoji {
      min-height: 48px;
      padding: 0;
      justify-content: center;
    }
    img {
      display: block;
      margin: 0 auto;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EmojiPickerComponent {
  protected readonly emoji = EMOJI;
  protected readonly path = EMOJI_PATH;
  public readonly disabled = input(false);
  public readonly picked = output<string>();
}
