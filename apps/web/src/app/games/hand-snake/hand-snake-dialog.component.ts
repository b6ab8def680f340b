import {
  afterNextRender,
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';

import { SnakeBoardComponent } from '../snake/snake-board.component';
import { Direction, SnakeGame, SnakeSnapshot } from '../snake/snake-game';
import { DEFAULT_STEERING, FingerKeypoint } from './finger-steering';
import { HAND_DETECTED, HandTracker } from './hand-tracker';

/** WASD and the arrow keys, as the keyboard Snake has them. */
const KEYS: Readonly<Record<string, Direction>> = {
  w: 'up',
  a: 'left',
  s: 'down',
  d: 'right',
  arrowup: 'up',
  arrowleft: 'left',
  arrowdown: 'down',
  arrowright: 'right',
};

/** The bones between the 21 keypoints, in hand-pose-detection's order (wrist, then 4 per finger). */
const BONES: readonly (readonly [number, number])[] = [
  [0, 1],
  [1, 2],
  [2, 3],
  [3, 4],
  [0, 5],
  [5, 6],
  [6, 7],
  [7, 8],
  [5, 9],
  [9, 10],
  [10, 11],
  [11, 12],
  [9, 13],
  [13, 14],
  [14, 15],
  [15, 16],
  [13, 17],
  [0, 17],
  [17, 18],
  [18, 19],
  [19, 20],
];

/**
 * Snake steered by the index fingertip: the front camera, mirrored, with the hand's keypoints and
 * the dead zone (a circle: no turn while the fingertip is in it) drawn over it, beside the board. The camera picture goes only to the model, which
 * runs in this page: nothing of it leaves the browser. WASD and the arrows steer too; Enter starts
 * (and restarts), and so does a hand coming into view. Close stops the camera, the model and the game.
 */
@Component({
  selector: 'chat-hand-snake-dialog',
  imports: [MatButtonModule, MatDialogModule, MatIconModule, SnakeBoardComponent],
  providers: [HandTracker],
  template: `
    <h2 mat-dialog-title>Hand snake</h2>
    <mat-dialog-content class="content">
      <div class="camera">
        <div
          class="stage"
          [style.aspect-ratio]="aspect()"
          [attr.data-estimates]="tracker.estimates()"
          [attr.data-estimate-ms]="tracker.estimateMs()?.toFixed(0)"
        >
          <video #video autoplay muted playsinline aria-label="Camera, mirrored"></video>
          <canvas #overlay class="overlay" aria-hidden="true"></canvas>
        </div>
        <p class="tracker" role="status" [attr.data-status]="tracker.status()">{{ tracker.status() }}</p>
        @if (tracker.error(); as error) {
          <p class="error" role="alert">
            <mat-icon aria-hidden="true">no_photography</mat-icon><span>{{ error }}</span>
          </p>
        }
        <p class="hint">Point your index finger away from the middle of the picture to steer.</p>
      </div>
      <div class="game">
        <chat-snake-board [game]="game" (changed)="snapshot.set($event)" />
        <p class="score" aria-live="polite">{{ gameText() }}</p>
      </div>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-flat-button type="button" mat-dialog-close>Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .content {
      display: grid;
      grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
      gap: 16px;
      align-items: start;
    }
    @media (max-width: 720px) {
      .content {
        grid-template-columns: 1fr;
      }
    }
    .stage {
      position: relative;
      width: 100%;
      background: #000;
      border-radius: 4px;
      overflow: hidden;
    }
    video,
    .overlay {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
      object-fit: contain;
      /* As the user sees themself in a mirror; the keypoints are drawn unmirrored and turned the same way. */
      transform: scaleX(-1);
    }
    .tracker,
    .score {
      font-weight: 500;
      margin: 8px 0 0;
    }
    .error {
      display: flex;
      gap: 8px;
      align-items: center;
      color: var(--mat-sys-error);
    }
    .hint {
      margin: 4px 0 0;
      opacity: 0.75;
    }
  `,
  host: { '(document:keydown)': 'key($event)' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HandSnakeDialogComponent {
  protected readonly tracker = inject(HandTracker);
  protected readonly game = new SnakeGame();
  protected readonly snapshot = signal<SnakeSnapshot>(this.game.snapshot());
  protected readonly aspect = computed(() => {
    const size = this.tracker.frameSize();
    return size ? `${size.width} / ${size.height}` : '4 / 3';
  });
  protected readonly gameText = computed(() => {
    const s = this.snapshot();
    switch (s.state) {
      case 'ready':
        return 'Press Enter or show your hand to start';
      case 'playing':
        return `Score ${s.score}`;
      case 'paused':
        return `Paused, score ${s.score}: press Enter to go on`;
      case 'over':
        return `Game over, score ${s.score}: press Enter to play again`;
    }
  });
  private readonly video = viewChild.required<ElementRef<HTMLVideoElement>>('video');
  private readonly overlay = viewChild.required<ElementRef<HTMLCanvasElement>>('overlay');

  constructor() {
    this.tracker.onSteer = (direction) => this.game.turn(direction);
    afterNextRender(() => void this.tracker.start(this.video().nativeElement));
    inject(DestroyRef).onDestroy(() => this.tracker.stop());
    // A hand coming into view starts a game that waits; after a game over, Enter starts the next.
    effect(() => {
      const detected = this.tracker.status() === HAND_DETECTED;
      untracked(() => {
        if (detected && this.game.state === 'ready') this.game.start();
      });
    });
    afterRenderEffect(() => this.draw(this.tracker.keypoints(), this.tracker.frameSize()));
  }

  protected key(event: KeyboardEvent): void {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === 'enter') {
      // Enter on a focused button is that button's (Close).
      if (event.target instanceof HTMLButtonElement) return;
      event.preventDefault();
      if (this.game.state === 'paused') this.game.resume();
      else if (this.game.state === 'playing') this.game.restart();
      else this.game.start();
      return;
    }
    const direction = KEYS[key];
    if (!direction) return;
    event.preventDefault();
    this.game.turn(direction);
  }

  /** The keypoints and bones over the camera picture, in the camera's pixels (CSS mirrors both alike). */
  private draw(
    points: readonly FingerKeypoint[] | null,
    size: { width: number; height: number } | null,
  ): void {
    const canvas = this.overlay().nativeElement;
    const width = size?.width ?? 640;
    const height = size?.height ?? 480;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    canvas.dataset['keypoints'] = String(points?.length ?? 0);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, width, height);
    const radius = DEFAULT_STEERING.deadZone * Math.min(width, height);
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.6)';
    ctx.lineWidth = 2;
    ctx.setLineDash([6, 6]);
    ctx.beginPath();
    ctx.arc(width / 2, height / 2, radius, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.arc(width / 2, height / 2, 3, 0, 2 * Math.PI);
    ctx.stroke();
    if (!points) return;
    ctx.strokeStyle = '#4caf50';
    ctx.lineWidth = 3;
    for (const [a, b] of BONES) {
      if (!points[a] || !points[b]) continue;
      ctx.beginPath();
      ctx.moveTo(points[a].x, points[a].y);
      ctx.lineTo(points[b].x, points[b].y);
      ctx.stroke();
    }
    points.forEach((p, i) => {
      ctx.fillStyle = i === 8 ? '#ff5252' : '#b9f6ca';
      ctx.beginPath();
      ctx.arc(p.x, p.y, i === 8 ? 7 : 4, 0, 2 * Math.PI);
      ctx.fill();
    });
  }
}
