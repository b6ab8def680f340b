import { TestBed } from '@angular/core/testing';
import { vi } from 'vitest';

import { FakeCanvas } from '../../../testing/fake-canvas';
import { FakeStream } from '../../../testing/fake-media';
import { DisplayMediaUnsupportedError, RenderOptions, SCREEN_BROWSER, ScreenBrowser } from './screen-browser';
import { CaptureError, displayErrorText, ENTIRE_SCREEN, ScreenCapture } from './screen-capture.service';

// jsdom renders nothing and has no screen to share: the browser's two ways to a picture are faked
// behind SCREEN_BROWSER (the real ones run in e2e/web/screenshots.e2e.ts in Chromium).
class FakeScreen implements ScreenBrowser {
  public rendered: { node: HTMLElement; options: RenderOptions }[] = [];
  public asked: DisplayMediaStreamOptions[] = [];
  public streams: FakeStream[] = [];
  public refuse: Error | null = null;

  public getDisplayMedia(options: DisplayMediaStreamOptions): Promise<MediaStream> {
    this.asked.push(options);
    if (this.refuse) return Promise.reject(this.refuse);
    const stream = new FakeStream({ video: true });
    this.streams.push(stream);
    return Promise.resolve(stream as unknown as MediaStream);
  }

  public render(node: HTMLElement, options: RenderOptions): Promise<Blob> {
    this.rendered.push({ node, options });
    return Promise.resolve(new Blob(['png'], { type: 'image/png' }));
  }
}

describe(ScreenCapture.name, () => {
  let screen: FakeScreen;
  let sut: ScreenCapture;

  beforeEach(() => {
    screen = new FakeScreen();
    TestBed.configureTestingModule({ providers: [{ provide: SCREEN_BROWSER, useValue: screen }] });
    sut = TestBed.inject(ScreenCapture);
  });
  afterEach(() => {
    document.querySelectorAll('.cdk-overlay-container, .probe').forEach((el) => el.remove());
    vi.restoreAllMocks();
  });

  it('renders the window at its size with a background colour, leaving the overlay (menu, snack bar) out', async () => {
    const overlay = document.body.appendChild(document.createElement('div'));
    overlay.className = 'cdk-overlay-container';
    const text = document.body.appendChild(document.createElement('p'));
    text.className = 'probe';

    const file = await sut.window();

    expect(file.type).toBe('image/png');
    expect(file.name).toMatch(/^window-\d{8}-\d{6}\.png$/);
    const [{ node, options }] = screen.rendered;
    expect(node).toBe(document.body);
    expect(options).toMatchObject({ width: window.innerWidth, height: window.innerHeight, scale: 1 });
    expect(options.backgroundColor).not.toBe('');
    expect(options.filter(overlay)).toBe(false);
    expect(options.filter(text)).toBe(true);
  });

  it('fetches nothing from another origin: such a resource becomes a blank pixel', async () => {
    await sut.window();
    const { fetchFn } = screen.rendered[0].options;
    await expect(fetchFn(`${location.origin}/assets/emoji/1f600.svg`)).resolves.toBe(false);
    await expect(fetchFn('data:image/png;base64,AA==')).resolves.toBe(false);
    await expect(fetchFn('https://cdn.example.com/x.png')).resolves.toMatch(/^data:image\/gif;base64,/);
  });

  it('asks for a whole screen without sound, keeps one frame at its own size and stops the capture', async () => {
    const canvas = new FakeCanvas().install(2560, 1440);
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue();
    vi.spyOn(HTMLMediaElement.prototype, 'readyState', 'get').mockReturnValue(
      HTMLMediaElement.HAVE_ENOUGH_DATA,
    );
    try {
      const file = await sut.entireScreen();
      expect(screen.asked).toEqual([ENTIRE_SCREEN]);
      expect(file.name).toMatch(/^screen-\d{8}-\d{6}\.png$/);
      // The fake canvas's PNG holds its size as text: the frame was drawn on a 2560×1440 canvas.
      expect(file.size).toBe(new Blob(['2560×1440']).size);
      expect(canvas.calls).toEqual(['drawImage(2560×1440)']);
      expect(screen.streams[0].live).toBe(false);
    } finally {
      canvas.restore();
    }
  });

  it('a refused or impossible share becomes a CaptureError the user can act on', async () => {
    screen.refuse = new DOMException('Permission denied', 'NotAllowedError');
    await expect(sut.entireScreen()).rejects.toThrow(CaptureError);
    await expect(sut.entireScreen()).rejects.toThrow(/not allowed/);
    screen.refuse = new DisplayMediaUnsupportedError();
    await expect(sut.entireScreen()).rejects.toThrow(/cannot capture the screen.*“This window” still works/);
  });

  it('names each failure of getDisplayMedia', () => {
    const text = (name: string): string => displayErrorText(new DOMException('x', name));
    expect(text('NotAllowedError')).toContain('not allowed');
    expect(text('NotReadableError')).toContain('system refused');
    expect(text('AbortError')).toContain('system refused');
    expect(displayErrorText(new TypeError('x'))).toContain('cannot capture');
    expect(displayErrorText('?')).toBe('The screen could not be captured.');
  });
});
