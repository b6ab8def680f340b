import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';

/** The 20 expression pictures; one click sends one. */
export const EMOJI: readonly { char: string; name: string }[] = [
  { char: '😀', name: 'grinning' },
  { char: '😂', name: 'tears of joy' },
  { char: '🙂', name: 'smiling' },
  { char: '😉', name: 'winking' },
  { char: '😍', name: 'heart eyes' },
  { char: '😘', name: 'blowing a kiss' },
  { char: '😎', name: 'sunglasses' },
  { char: '🤔', name: 'thinking' },
  { char: '😮', name: 'surprised' },
  { char: '😢', name: 'crying' },
  { char: '😭', name: 'sobbing' },
  { char: '😡', name: 'angry' },
  { char: '😴', name: 'sleeping' },
  { char: '🤗', name: 'hugging' },
  { char: '🙄', name: 'rolling eyes' },
  { char: '😇', name: 'halo' },
  { char: '🥳', name: 'partying' },
  { char: '👍', name: 'thumbs up' },
  { char: '👏', name: 'clapping' },
  { char: '❤️', name: 'red heart' },
];

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
            (click)="picked.emit(emoji.char)"
          >
            {{ emoji.char }}
          </button>
        }
      </div>
    </mat-menu>
  `,
  styles: `
    .grid {
      display: grid;
      grid-template-columns: repeat(5, 48px);
    }
    .emoji {
      font-size: 24px;
      min-height: 48px;
      padding: 0;
      justify-content: center;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EmojiPickerComponent {
  protected readonly emoji = EMOJI;
  public readonly disabled = input(false);
  public readonly picked = output<string>();
}
