import { type MockInstance, vi } from 'vitest';

/**
 * A camera frame grabbed through a canvas, as far as jsdom goes: it has no 2D context, no toBlob,
 * no URL.createObjectURL and no video frames. Mocks by necessity; the real capture is exercised
 * by the browser e2e tests with Chromium's fake camera. The context records its calls.
 */
export class FakeCanvas {
  /** What was drawn, in order: `translate(w,0)`, `scale(-1,1)`, `drawImage(w×h)`. */
  public readonly calls: string[] = [];
  public readonly urls: string[] = [];
  public readonly revoked: string[] = [];
  private readonly spies: MockInstance[] = [];
  private readonly saved = {
    create: Object.getOwnPropertyDescriptor(URL, 'createObjectURL'),
    revoke: Object.getOwnPropertyDescriptor(URL, 'revokeObjectURL'),
  };

  /** Installs the fakes, with a camera that gives frames of `width` × `height`. */
  public install(width = 1280, height = 720): this {
    const calls = this.calls;
    const context = {
      translate: (x: number, y: number) => calls.push(`translate(${x},${y})`),
      scale: (x: number, y: number) => calls.push(`scale(${x},${y})`),
      drawImage: (_source: unknown, _x: number, _y: number, w: number, h: number) =>
        calls.push(`drawImage(${w}×${h})`),
    };
    this.spies.push(
      vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation((() => context) as never),
      vi.spyOn(HTMLCanvasElement.prototype, 'toBlob').mockImplementation(function (
        this: HTMLCanvasElement,
        done: BlobCallback,
        type?: string,
      ) {
        const canvas = `${this.width}×${this.height}`;
        setTimeout(() => done(new Blob([canvas], { type: type ?? 'image/png' })));
      }),
      vi.spyOn(HTMLVideoElement.prototype, 'videoWidth', 'get').mockReturnValue(width),
      vi.spyOn(HTMLVideoElement.prototype, 'videoHeight', 'get').mockReturnValue(height),
    );
    Object.defineProperty(URL, 'createObjectURL', {
      configurable: true,
      value: () => {
        const url = `blob:fake-${this.urls.length + 1}`;
        this.urls.push(url);
        return url;
      },
    });
    Object.defineProperty(URL, 'revokeObjectURL', {
      configurable: true,
      value: (url: string) => this.revoked.push(url),
    });
    return this;
  }

  public restore(): void {
    for (const spy of this.spies) spy.mockRestore();
    for (const [name, saved] of [
      ['createObjectURL', this.saved.create],
      ['revokeObjectURL', this.saved.revoke],
    ] as const) {
      if (saved) Object.defineProperty(URL, name, saved);
      else delete (URL as unknown as Record<string, unknown>)[name];
    }
  }
}
