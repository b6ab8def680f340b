import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  inject,
  input,
  viewChild,
} from '@angular/core';

/**
 * The loudness of 8-bit audio samples (128 is silence) as 0..1 on a -60..0 dB scale: RMS in
 * decibels, since a linear scale leaves speech at the bottom of the bar.
 */
export function levelOf(samples: Uint8Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const v of samples) sum += ((v - 128) / 128) ** 2;
  const db = 20 * Math.log10(Math.max(Math.sqrt(sum / samples.length), 1e-6));
  return Math.min(1, Math.max(0, (db + 60) / 60));
}

/**
 * A live level bar, drawn once an animation frame straight into the DOM (one transform, no change
 * detection): it reads `level` (0..1) each frame and falls back slowly, as a VU meter does, so
 * speech reads as a steady bar rather than a flicker. Its `aria-valuenow` moves in steps of 5.
 */
@Component({
  selector: 'chat-level-meter',
  template: `<div #fill class="fill"></div>`,
  host: {
    role: 'meter',
    'aria-label': 'Microphone level',
    'aria-valuemin': '0',
    'aria-valuemax': '100',
    'aria-valuenow': '0',
  },
  styles: `
    :host {
      display: block;
      height: 8px;
      border-radius: 4px;
      overflow: hidden;
      background: var(--mat-sys-surface-container-highest);
    }
    .fill {
      height: 100%;
      background: var(--mat-sys-primary);
      transform-origin: left center;
      transform: scaleX(0);
      will-change: transform;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LevelMeterComponent {
  public readonly level = input.required<() => number>();
  private readonly fill = viewChild.required<ElementRef<HTMLElement>>('fill');

  constructor() {
    const host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    let frame = 0;
    let shown = 0;
    let valueNow = 0;
    const draw = (): void => {
      shown = Math.max(this.level()(), shown * 0.92);
      this.fill().nativeElement.style.transform = `scaleX(${shown.toFixed(3)})`;
      const now = Math.round(shown * 20) * 5;
      if (now !== valueNow) host.setAttribute('aria-valuenow', String((valueNow = now)));
      frame = requestAnimationFrame(draw);
    };
    afterNextRender(() => (frame = requestAnimationFrame(draw)));
    inject(DestroyRef).onDestroy(() => cancelAnimationFrame(frame));
  }
}
