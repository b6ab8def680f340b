import { InjectionToken } from '@angular/core';

/** What `modern-screenshot`'s domToBlob takes, as far as the app uses it. */
export interface RenderOptions {
  width: number;
  height: number;
  scale: number;
  backgroundColor: string;
  /** Only this CSS's fonts are embedded (the used subsets, as data URLs). */
  fontCss: string;
  /** False leaves a node (and its children) out of the picture. */
  filter: (node: Node) => boolean;
  /** A data URL for a resource the page shows; it is never fetched from another origin. */
  fetchFn: (url: string) => Promise<string | false>;
}

/**
 * The browser's two ways to a picture, behind one token: unit specs (jsdom renders nothing and
 * has no getDisplayMedia) provide fakes (src/testing/fake-screen.ts); the app gets the browser's.
 */
export interface ScreenBrowser {
  /** The user picks a screen; rejects with DisplayMediaUnsupportedError where there is none. */
  getDisplayMedia(options: DisplayMediaStreamOptions): Promise<MediaStream>;
  /** `node` rendered to a PNG in the page itself (modern-screenshot, loaded on first use). */
  render(node: HTMLElement, options: RenderOptions): Promise<Blob>;
}

/** The browser offers no screen capture (an old or mobile browser, or a page that is not secure). */
export class DisplayMediaUnsupportedError extends Error {
  public override readonly name = 'DisplayMediaUnsupportedError';
}

const browserScreen: ScreenBrowser = {
  getDisplayMedia: (options) =>
    navigator.mediaDevices?.getDisplayMedia
      ? navigator.mediaDevices.getDisplayMedia(options)
      : Promise.reject(new DisplayMediaUnsupportedError()),
  render: async (node, o) => {
    // Loaded when the first shot is taken: the library stays out of the main bundle.
    const { domToBlob } = await import('modern-screenshot');
    return domToBlob(node, {
      width: o.width,
      height: o.height,
      scale: o.scale,
      backgroundColor: o.backgroundColor,
      type: 'image/png',
      font: { cssText: o.fontCss },
      filter: o.filter,
      fetchFn: o.fetchFn,
      // What it cannot read stays blank rather than reaching out: nothing leaves the origin.
      fetch: { requestInit: { cache: 'force-cache', credentials: 'same-origin', mode: 'same-origin' } },
    });
  },
};

export const SCREEN_BROWSER = new InjectionToken<ScreenBrowser>('SCREEN_BROWSER', {
  providedIn: 'root',
  factory: () => browserScreen,
});
