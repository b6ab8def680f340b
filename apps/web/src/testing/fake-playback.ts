import { type MockInstance, vi } from 'vitest';

/**
 * Playback for every <audio> and <video>: jsdom's HTMLMediaElement cannot play (play() and pause()
 * only report "not implemented", `paused` stays true). A mock by necessity; real playback is
 * exercised by the browser e2e tests. Events come in the browser's order: loadedmetadata on the
 * first play, then play and playing; pause; at the end timeupdate, pause and ended.
 */
export class FakePlayback {
  private readonly playing = new Set<HTMLMediaElement>();
  private readonly ready = new Set<HTMLMediaElement>();
  private readonly spies: MockInstance[] = [];

  public install(): this {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the patched methods get the element as `this`
    const self = this;
    const proto = HTMLMediaElement.prototype;
    this.spies.push(
      vi.spyOn(proto, 'play').mockImplementation(function (this: HTMLMediaElement) {
        return self.play(this);
      }),
      vi.spyOn(proto, 'pause').mockImplementation(function (this: HTMLMediaElement) {
        self.pause(this);
      }),
      vi.spyOn(proto, 'paused', 'get').mockImplementation(function (this: HTMLMediaElement) {
        return !self.playing.has(this);
      }),
      vi.spyOn(proto, 'readyState', 'get').mockImplementation(function (this: HTMLMediaElement) {
        return self.ready.has(this) ? HTMLMediaElement.HAVE_ENOUGH_DATA : HTMLMediaElement.HAVE_NOTHING;
      }),
    );
    return this;
  }

  public restore(): void {
    for (const spy of this.spies) spy.mockRestore();
    this.spies.length = 0;
  }

  public isPlaying(el: HTMLMediaElement): boolean {
    return this.playing.has(el);
  }

  /** Playback has reached `seconds`. */
  public advance(el: HTMLMediaElement, seconds: number): void {
    el.currentTime = seconds;
    el.dispatchEvent(new Event('timeupdate'));
  }

  /** Playback reaches the end. */
  public finish(el: HTMLMediaElement, seconds: number): void {
    el.currentTime = seconds;
    this.playing.delete(el);
    for (const type of ['timeupdate', 'pause', 'ended']) el.dispatchEvent(new Event(type));
  }

  private play(el: HTMLMediaElement): Promise<void> {
    if (!el.getAttribute('src')) return Promise.reject(new DOMException('no source', 'NotSupportedError'));
    if (!this.ready.has(el)) {
      this.ready.add(el);
      el.dispatchEvent(new Event('loadedmetadata'));
    }
    if (!this.playing.has(el)) {
      this.playing.add(el);
      el.dispatchEvent(new Event('play'));
      el.dispatchEvent(new Event('playing'));
    }
    return Promise.resolve();
  }

  private pause(el: HTMLMediaElement): void {
    if (this.playing.delete(el)) el.dispatchEvent(new Event('pause'));
  }
}
