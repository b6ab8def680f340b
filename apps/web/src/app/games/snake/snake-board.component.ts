import { DOCUMENT } from '@angular/common';
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  inject,
  input,
  NgZone,
  output,
  viewChild,
} from '@angular/core';

import { SnakeGame, SnakeSnapshot } from './snake-game';

/** Pixels of one cell at a device pixel ratio of 1. */
const CELL_PX = 16;

/**
 * Draws a `SnakeGame` on a canvas, pixel style, and runs it: one `requestAnimationFrame` loop,
 * outside Angular's change detection, calls `advance()` with the time since the last frame and
 * draws the snapshot. The backing store is sized by `devicePixelRatio`, with smoothing off, so the
 * cells stay crisp on high-DPI screens. The loop stops when the tab is hidden (the game pauses)
 * and when the component is destroyed. `changed` tells the host whenever the game's version moved.
 */
@Component({
  selector: 'chat-snake-board',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<canvas #canvas class="board" aria-hidden="true"></canvas>`,
  styles: `
    :host {
      display: block;
    }
    .board {
      display: block;
      width: 100%;
      height: auto;
      image-rendering: pixelated;
      border-radius: 4px;
    }
  `,
})
export class SnakeBoardComponent {
  public readonly game = input.required<SnakeGame>();
  public readonly changed = output<SnakeSnapshot>();

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly document = inject(DOCUMENT);
  private readonly zone = inject(NgZone);
  private frame = 0;
  private last: number | null = null;
  private seen = -1;

  constructor() {
    const onVisibility = () => {
      if (this.document.hidden) {
        this.game().pause();
        this.stop();
      } else {
        this.start();
      }
    };
    afterNextRender(() => {
      this.document.addEventListener('visibilitychange', onVisibility);
      this.start();
    });
    inject(DestroyRef).onDestroy(() => {
      this.document.removeEventListener('visibilitychange', onVisibility);
      this.stop();
    });
  }

  private start(): void {
    if (this.frame !== 0) return;
    const view = this.document.defaultView;
    if (!view) return;
    this.last = null;
    this.zone.runOutsideAngular(() => {
      const tick = (now: number) => {
        const game = this.game();
        game.advance(this.last === null ? 0 : now - this.last);
        this.last = now;
        this.draw(game.snapshot());
        if (game.version !== this.seen) {
          this.seen = game.version;
          const snapshot = game.snapshot();
          this.zone.run(() => this.changed.emit(snapshot));
        }
        this.frame = view.requestAnimationFrame(tick);
      };
      this.frame = view.requestAnimationFrame(tick);
    });
  }

  private stop(): void {
    if (this.frame !== 0) this.document.defaultView?.cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  private draw(s: SnakeSnapshot): void {
    const canvas = this.canvas().nativeElement;
    const ratio = Math.max(1, Math.round(this.document.defaultView?.devicePixelRatio ?? 1));
    const cell = CELL_PX * ratio;
    if (canvas.width !== s.width * cell || canvas.height !== s.height * cell) {
      canvas.width = s.width * cell;
      canvas.height = s.height * cell;
    }
    canvas.dataset['head'] = s.cells[0] ? `${s.cells[0].x},${s.cells[0].y}` : '';
    canvas.dataset['direction'] = s.direction;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.imageSmoothingEnabled = false;
    ctx.fillStyle = '#10151c';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#18202a';
    for (let y = 0; y < s.height; y++) {
      for (let x = y % 2; x < s.width; x += 2) ctx.fillRect(x * cell, y * cell, cell, cell);
    }
    const gap = ratio;
    if (s.food) {
      ctx.fillStyle = '#ff5252';
      ctx.fillRect(s.food.x * cell + 2 * gap, s.food.y * cell + 2 * gap, cell - 4 * gap, cell - 4 * gap);
    }
    s.cells.forEach((c, i) => {
      ctx.fillStyle = i === 0 ? '#b9f6ca' : s.state === 'over' ? '#607d8b' : '#4caf50';
      ctx.fillRect(c.x * cell + gap, c.y * cell + gap, cell - 2 * gap, cell - 2 * gap);
    });
  }
}
