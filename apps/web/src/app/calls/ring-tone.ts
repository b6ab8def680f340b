import { inject, Injectable } from '@angular/core';

import { CALL_BROWSER } from './call-browser';

/** One ring: two tones together (440 + 480 Hz, the North American ring), 1.2 s on, 2.8 s off. */
const RING_ON_SEC = 1.2;
const RING_PERIOD_MS = 4_000;
const RING_HZ = [440, 480];

/** The ring of an incoming call, synthesised with Web Audio (nothing is fetched). */
@Injectable({ providedIn: 'root' })
export class RingTone {
  private readonly browser = inject(CALL_BROWSER);
  private context: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  public get ringing(): boolean {
    return this.timer !== null;
  }

  public start(): void {
    if (this.timer) return;
    this.context = this.browser.audioContext();
    // Browsers may hold an AudioContext made without a gesture suspended: it then rings silently.
    void this.context?.resume?.().catch(() => undefined);
    this.ring();
    this.timer = setInterval(() => this.ring(), RING_PERIOD_MS);
  }

  public stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    void this.context?.close().catch(() => undefined);
    this.context = null;
  }

  private ring(): void {
    const ctx = this.context;
    if (!ctx || typeof ctx.createOscillator !== 'function') return;
    const gain = ctx.createGain();
    const t = ctx.currentTime;
    gain.gain.setValueAtTime(0, t);
    gain.gain.linearRampToValueAtTime(0.12, t + 0.05);
    gain.gain.setValueAtTime(0.12, t + RING_ON_SEC - 0.05);
    gain.gain.linearRampToValueAtTime(0, t + RING_ON_SEC);
    gain.connect(ctx.destination);
    for (const hz of RING_HZ) {
      const osc = ctx.createOscillator();
      osc.frequency.value = hz;
      osc.connect(gain);
      osc.start(t);
      osc.stop(t + RING_ON_SEC);
    }
  }
}
