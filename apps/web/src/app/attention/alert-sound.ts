import { inject, Injectable } from '@angular/core';

import { ATTENTION_BROWSER } from './attention-browser';

/** Two short notes, up a fifth (880 Hz then 1320 Hz), 0.12 s each. */
const NOTES_HZ = [880, 1320];
const NOTE_SEC = 0.12;
const VOLUME = 0.1;
/** A burst of messages chimes once. */
export const CHIME_GAP_MS = 1_500;

/** The chime of a message that calls for attention, synthesised with Web Audio (nothing is fetched). */
@Injectable({ providedIn: 'root' })
export class AlertSound {
  private readonly browser = inject(ATTENTION_BROWSER);
  private context: AudioContext | null = null;
  private lastAt = -Infinity;

  /**
   * Makes the audio context ready: browsers start one suspended until the user does something on
   * the page, so this runs on their gestures (turning the sound on, any click or key).
   */
  public prime(): void {
    this.context ??= this.browser.audioContext();
    if (this.context?.state === 'suspended') void this.context.resume?.().catch(() => undefined);
  }

  /** Plays the chime, unless it played less than CHIME_GAP_MS ago; returns whether it played. */
  public play(now = Date.now()): boolean {
    if (now - this.lastAt < CHIME_GAP_MS) return false;
    this.prime();
    const ctx = this.context;
    if (!ctx || typeof ctx.createOscillator !== 'function') return false;
    this.lastAt = now;
    const t = ctx.currentTime;
    NOTES_HZ.forEach((hz, i) => {
      const start = t + i * NOTE_SEC;
      const gain = ctx.createGain();
      gain.gain.setValueAtTime(0, start);
      gain.gain.linearRampToValueAtTime(VOLUME, start + 0.01);
      gain.gain.linearRampToValueAtTime(0, start + NOTE_SEC);
      gain.connect(ctx.destination);
      const osc = ctx.createOscillator();
      osc.frequency.value = hz;
      osc.connect(gain);
      osc.start(start);
      osc.stop(start + NOTE_SEC);
    });
    return true;
  }
}
