import { Injectable, signal } from '@angular/core';

export const SPEEDS = [1, 1.5, 2] as const;
export type Speed = (typeof SPEEDS)[number];

/**
 * What the voice players share: only one plays at a time (starting one pauses the other, as in
 * every messenger), and the speed, which stays as the user set it from one message to the next.
 */
@Injectable({ providedIn: 'root' })
export class VoicePlayback {
  public readonly speed = signal<Speed>(1);
  private current: HTMLMediaElement | null = null;

  /** Called as `audio` starts playing: pauses whichever other one plays. */
  public claim(audio: HTMLMediaElement): void {
    if (this.current && this.current !== audio && !this.current.paused) this.current.pause();
    this.current = audio;
  }

  public release(audio: HTMLMediaElement): void {
    if (this.current === audio) this.current = null;
  }

  public nextSpeed(): void {
    const i = SPEEDS.indexOf(this.speed());
    this.speed.set(SPEEDS[(i + 1) % SPEEDS.length]);
  }
}

/** 1×, 1.5×, 2×: the speed as the button shows and names it. */
export function speedText(speed: number): string {
  return `${speed}×`;
}
