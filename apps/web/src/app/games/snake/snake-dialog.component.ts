import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  InjectionToken,
  OnInit,
  Signal,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';

import { RankedScore, Scoreboard } from '../../core/api/api.types';
import { fromHttpError } from '../../core/http-error';
import { ScoresApi } from '../scores-api.service';
import { SnakeBoardComponent } from './snake-board.component';
import { Direction, SnakeGame, SnakeSnapshot } from './snake-game';

export interface SnakeDialogData {
  /** Sends a text message to the conversation open now (ChatStore.send). */
  share: (text: string) => void;
  /** Whether there is a conversation to share to, and the chat may send to it now. */
  canShare: Signal<boolean>;
}

/** Makes the game a dialog plays; specs give one whose food and clock they control. */
export const SNAKE_GAME = new InjectionToken<() => SnakeGame>('SNAKE_GAME', {
  factory: () => () => new SnakeGame(),
});

/** What a key does in the game (`snakeKeyAction` answers null for a key the game leaves alone). */
export type SnakeKeyAction = { turn: Direction } | 'pause' | 'start';

const TURN_KEYS: Readonly<Record<string, Direction>> = {
  w: 'up',
  arrowup: 'up',
  s: 'down',
  arrowdown: 'down',
  a: 'left',
  arrowleft: 'left',
  d: 'right',
  arrowright: 'right',
};

/**
 * WASD and the arrows turn, P or Space pauses and resumes, Enter starts (or starts again after a
 * game over). A key with Ctrl, Alt or Meta is the browser's (Ctrl+W closes the tab, not the snake).
 */
export function snakeKeyAction(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'>,
): SnakeKeyAction | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  const key = event.key.toLowerCase();
  if (Object.hasOwn(TURN_KEYS, key)) return { turn: TURN_KEYS[key] };
  if (key === 'p' || key === ' ') return 'pause';
  if (key === 'enter') return 'start';
  return null;
}

/** The text the share button sends to the open conversation. */
export const shareText = (score: number): string => `scored ${score} at Snake`;

/**
 * Snake in a dialog: the board, the keys (taken from the dialog's overlay, so they work wherever the
 * focus is inside it and never reach the composer behind), a score line for screen readers, and at
 * the game's end the score posted to the server's leaderboard, with Play again and Share score.
 * Closing the dialog destroys the board, which stops its loop.
 */
@Component({
  selector: 'chat-snake-dialog',
  imports: [MatButtonModule, MatDialogModule, MatIconModule, SnakeBoardComponent],
  template: `
    <h2 mat-dialog-title>Snake</h2>
    <mat-dialog-content class="content">
      <div class="play">
        <div class="board-box">
          <chat-snake-board [game]="game" (changed)="onChanged($event)" />
        </div>
        <div class="pad" role="group" aria-label="Direction">
          <button mat-icon-button type="button" class="up" aria-label="Up" (click)="turn('up')">
            <mat-icon>keyboard_arrow_up</mat-icon>
          </button>
          <button mat-icon-button type="button" class="left" aria-label="Left" (click)="turn('left')">
            <mat-icon>keyboard_arrow_left</mat-icon>
          </button>
          <button mat-icon-button type="button" class="right" aria-label="Right" (click)="turn('right')">
            <mat-icon>keyboard_arrow_right</mat-icon>
          </button>
          <button mat-icon-button type="button" class="down" aria-label="Down" (click)="turn('down')">
            <mat-icon>keyboard_arrow_down</mat-icon>
          </button>
        </div>
      </div>
      <div class="side">
        <p class="status" role="status">{{ statusText() }}</p>
        <p class="stats">Level {{ level() }} · {{ snapshot().speed }} steps/s · Best {{ bestShown() }}</p>
        <p class="hint">{{ hint() }}</p>
        @if (snapshot().state === 'over') {
          <section class="results" aria-labelledby="snake-leaderboard">
            <h3 id="snake-leaderboard">Leaderboard</h3>
            @if (saving()) {
              <p>Saving your score…</p>
            }
            @if (error()) {
              <p role="alert">{{ error() }}</p>
            }
            @if (board(); as b) {
              @if (b.best; as best) {
                <p class="best">Your best: {{ best.score }} (rank {{ best.rank }})</p>
              }
              <table class="top" aria-label="Leaderboard">
                <thead>
                  <tr>
                    <th scope="col">Rank</th>
                    <th scope="col">Player</th>
                    <th scope="col">Score</th>
                  </tr>
                </thead>
                <tbody>
                  @for (row of b.top; track row.username) {
                    <tr [class.mine]="isMine(row)" [attr.aria-current]="isMine(row) ? 'true' : null">
                      <td>{{ row.rank }}</td>
                      <td>{{ row.username }}</td>
                      <td>{{ row.score }}</td>
                    </tr>
                  }
                </tbody>
              </table>
            }
            @if (shared()) {
              <p>Shared with the conversation.</p>
            }
          </section>
        }
      </div>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      @switch (snapshot().state) {
        @case ('over') {
          <button mat-button type="button" [disabled]="!canShare() || shared()" (click)="share()">
            <mat-icon>share</mat-icon>Share score
          </button>
          <button mat-flat-button type="button" (click)="playAgain()">Play again</button>
        }
        @case ('ready') {
          <button mat-flat-button type="button" (click)="start()">Start</button>
        }
        @case ('playing') {
          <button mat-button type="button" (click)="togglePause()">Pause</button>
        }
        @case ('paused') {
          <button mat-button type="button" (click)="togglePause()">Resume</button>
        }
      }
      <button mat-button type="button" mat-dialog-close>Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .content {
      display: grid;
      grid-template-columns: minmax(0, 384px) minmax(200px, 1fr);
      gap: 16px 24px;
      align-items: start;
    }
    @media (max-width: 640px) {
      .content {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    .play {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 8px;
    }
    .board-box {
      width: 100%;
      max-width: 384px;
    }
    .side p {
      margin: 0 0 8px;
    }
    .status {
      font: var(--mat-sys-title-medium);
    }
    .stats,
    .hint {
      color: var(--mat-sys-on-surface-variant);
    }
    .pad {
      display: grid;
      grid-template-areas: '. up .' 'left . right' '. down .';
    }
    .up {
      grid-area: up;
    }
    .down {
      grid-area: down;
    }
    .left {
      grid-area: left;
    }
    .right {
      grid-area: right;
    }
    /* A keyboard and a fine pointer need no d-pad. */
    @media (hover: hover) and (pointer: fine) {
      .pad {
        display: none;
      }
    }
    .results h3 {
      margin: 8px 0 4px;
      font: var(--mat-sys-title-small);
    }
    .top {
      border-collapse: collapse;
      width: 100%;
    }
    .top th,
    .top td {
      text-align: left;
      padding: 2px 8px;
    }
    .top td:last-child,
    .top th:last-child {
      text-align: right;
    }
    .mine {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      font-weight: 500;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SnakeDialogComponent implements OnInit {
  private readonly api = inject(ScoresApi);
  private readonly data = inject<SnakeDialogData | null>(MAT_DIALOG_DATA, { optional: true });
  protected readonly game = inject(SNAKE_GAME)();
  protected readonly snapshot = signal<SnakeSnapshot>(this.game.snapshot());
  /** The leaderboard: loaded on opening (for the best while playing), then as the last post answered. */
  protected readonly board = signal<Scoreboard | null>(null);
  protected readonly saving = signal(false);
  protected readonly error = signal('');
  protected readonly shared = signal(false);
  protected readonly canShare = computed(() => this.data?.canShare() ?? false);
  /** Counts the games, so that a post answered after a new game started does not touch it. */
  private round = 0;

  protected readonly statusText = computed(() => {
    const { state, score } = this.snapshot();
    switch (state) {
      case 'ready':
        return 'Ready';
      case 'playing':
        return `Score ${score}`;
      case 'paused':
        return `Paused — Score ${score}`;
      case 'over':
        return `Game over — Score ${score}`;
    }
  });

  protected readonly hint = computed(() => {
    switch (this.snapshot().state) {
      case 'ready':
        return 'Press Enter to start. WASD or the arrow keys turn; P or Space pauses.';
      case 'playing':
        return 'P or Space pauses.';
      case 'paused':
        return 'Press P or Space to resume.';
      case 'over':
        return 'Press Enter to play again.';
    }
  });

  /** One level per 5 food: the speed rises with every one. */
  protected readonly level = computed(() => Math.floor(this.snapshot().score / 5) + 1);
  protected readonly bestShown = computed(() =>
    Math.max(this.board()?.best?.score ?? 0, this.snapshot().score),
  );

  constructor() {
    inject(MatDialogRef)
      .keydownEvents()
      .pipe(takeUntilDestroyed(inject(DestroyRef)))
      .subscribe((event) => this.onKey(event));
  }

  public async ngOnInit(): Promise<void> {
    try {
      const board = await this.api.snake();
      // A game over answered first has the newer board.
      if (this.board() === null) this.board.set(board);
    } catch {
      // Only the best score while playing is missing; a game over posts and shows the board anyway.
    }
  }

  /** The board's loop saw the game change (a step, a turn, a pause...), or a key just changed it. */
  protected onChanged(snapshot: SnakeSnapshot): void {
    const was = this.snapshot().state;
    this.snapshot.set(snapshot);
    if (snapshot.state === 'over' && was !== 'over') void this.submit(snapshot.score);
  }

  protected isMine(row: RankedScore): boolean {
    return row.username.toLowerCase() === this.board()?.best?.username.toLowerCase();
  }

  protected turn(direction: Direction): void {
    this.game.turn(direction);
    this.refresh();
  }

  protected togglePause(): void {
    this.game.togglePause();
    this.refresh();
  }

  protected start(): void {
    this.game.start();
    this.refresh();
  }

  protected playAgain(): void {
    this.game.restart();
    this.refresh();
  }

  protected share(): void {
    if (!this.canShare() || this.snapshot().state !== 'over') return;
    this.data?.share(shareText(this.snapshot().score));
    this.shared.set(true);
  }

  private onKey(event: KeyboardEvent): void {
    const action = snakeKeyAction(event);
    if (action === null) return;
    // Arrows and Space would scroll, Enter and Space would press the focused button.
    event.preventDefault();
    if (action === 'pause') this.togglePause();
    else if (action === 'start') this.start();
    else this.turn(action.turn);
  }

  private refresh(): void {
    this.onChanged(this.game.snapshot());
  }

  private async submit(score: number): Promise<void> {
    const round = ++this.round;
    this.saving.set(true);
    this.error.set('');
    this.shared.set(false);
    try {
      const board = await this.api.postSnake(score);
      if (round === this.round) this.board.set(board);
    } catch (err) {
      if (round === this.round) this.error.set(`Your score was not saved: ${fromHttpError(err).message}`);
    } finally {
      if (round === this.round) this.saving.set(false);
    }
  }
}
