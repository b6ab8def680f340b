import { DOCUMENT, inject, Injectable } from '@angular/core';

import { stopStream } from '../media/media-devices';
import { timestampedName } from '../media/media-text';
import { addUse, declaredFaces, faceCss, FontUse, neededFaces } from './font-subsets';
import { SCREEN_BROWSER } from './screen-browser';

/** Asked of getDisplayMedia: a whole screen, offered first in the browser's picker; no sound. */
export const ENTIRE_SCREEN: DisplayMediaStreamOptions = {
  video: { displaySurface: 'monitor' },
  audio: false,
};

/** Left out of a window shot: the menu or dialog it was taken from, tooltips, snack bars. */
const OVERLAY_CLASS = 'cdk-overlay-container';
/** A blank pixel for anything the page shows from another origin (it has none; nothing is fetched). */
const BLANK = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';
const FRAME_TIMEOUT_MS = 5000;

/** A screenshot that could not be made, with a message the user can act on. */
export class CaptureError extends Error {
  public override readonly name = 'CaptureError';
}

/**
 * The two screenshots of the seed: "this window" rendered from the page's own DOM in the
 * browser, and "entire screen" as one frame of a screen the user picks. Both give a PNG File.
 */
@Injectable({ providedIn: 'root' })
export class ScreenCapture {
  private readonly screen = inject(SCREEN_BROWSER);
  private readonly document = inject(DOCUMENT);
  /** Font files as data URLs, by URL: fetched once per page, whatever the number of shots. */
  private readonly fontData = new Map<string, Promise<string>>();

  /** The window as it is shown (at the screen's pixel ratio), without the overlay it was asked from. */
  public async window(): Promise<File> {
    const doc = this.document;
    const view = doc.defaultView!;
    const body = doc.body;
    const keep = (node: Node): boolean =>
      !(node instanceof Element && node.classList.contains(OVERLAY_CLASS));
    const blob = await this.screen.render(body, {
      width: view.innerWidth,
      height: view.innerHeight,
      scale: view.devicePixelRatio || 1,
      backgroundColor: pageBackground(doc),
      fontCss: await this.fontCss(body, keep),
      filter: keep,
      fetchFn: (url) => Promise.resolve(sameOrigin(url, doc) ? false : BLANK),
    });
    return new File([blob], timestampedName('window', 'png'), { type: 'image/png' });
  }

  /** One frame of the screen the user picks, at its own resolution; the capture stops at once. */
  public async entireScreen(): Promise<File> {
    let stream: MediaStream;
    try {
      stream = await this.screen.getDisplayMedia(ENTIRE_SCREEN);
    } catch (err) {
      throw new CaptureError(displayErrorText(err));
    }
    try {
      const blob = await grabFrame(stream, this.document);
      return new File([blob], timestampedName('screen', 'png'), { type: 'image/png' });
    } finally {
      stopStream(stream);
    }
  }

  /** The @font-face rules for the text inside `root`, their files inlined. */
  private async fontCss(root: HTMLElement, keep: (node: Node) => boolean): Promise<string> {
    const doc = root.ownerDocument;
    const faces = declaredFaces(doc);
    const declared = new Set(faces.map((f) => f.family.toLowerCase()));
    const use: FontUse = new Map();
    const view = doc.defaultView!;
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => (keep(node) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT),
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node instanceof Text && node.parentElement) {
        addUse(use, declared, view.getComputedStyle(node.parentElement), node.data);
      } else if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement) {
        addUse(use, declared, view.getComputedStyle(node), `${node.value}${node.placeholder}`);
      }
    }
    const needed = neededFaces(faces, use).filter((f) => sameOrigin(f.url, doc));
    const rules = await Promise.all(needed.map(async (face) => faceCss(face, await this.dataUrl(face.url))));
    return rules.join('\n');
  }

  private dataUrl(url: string): Promise<string> {
    let data = this.fontData.get(url);
    if (!data) {
      data = fetch(url, { cache: 'force-cache', credentials: 'same-origin' })
        .then((res) => (res.ok ? res.blob() : Promise.reject(new Error(`${url}: ${res.status}`))))
        .then(readAsDataUrl);
      data.catch(() => this.fontData.delete(url));
      this.fontData.set(url, data);
    }
    return data;
  }
}

/** What went wrong with getDisplayMedia, in words the user can act on. */
export function displayErrorText(err: unknown): string {
  const name = err instanceof Error || err instanceof DOMException ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Screen capture was not allowed: the screen was not shared, or the browser’s settings forbid it.';
    case 'DisplayMediaUnsupportedError':
    case 'TypeError':
      return 'This browser cannot capture the screen (it needs a desktop browser and a secure page: HTTPS or localhost). “This window” still works.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The screen could not be captured: the system refused it. Try again, or choose another screen.';
    default:
      return 'The screen could not be captured.';
  }
}

/** The video's first frame, drawn at its own size, as a PNG. */
async function grabFrame(stream: MediaStream, doc: Document): Promise<Blob> {
  const video = doc.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  try {
    await Promise.race([
      (async () => {
        await video.play();
        if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) {
          await new Promise((resolve) => video.addEventListener('loadeddata', resolve, { once: true }));
        }
      })(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new CaptureError('The shared screen sent no picture.')), FRAME_TIMEOUT_MS),
      ),
    ]);
    const canvas = doc.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const context = canvas.getContext('2d');
    if (!context || canvas.width === 0) throw new CaptureError('The shared screen sent no picture.');
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new CaptureError('The picture could not be made.'))),
        'image/png',
      ),
    );
  } finally {
    video.srcObject = null;
  }
}

/** The colour behind the page: the body's, else the root's, else Material's surface. */
function pageBackground(doc: Document): string {
  const view = doc.defaultView!;
  for (const el of [doc.body, doc.documentElement]) {
    const colour = view.getComputedStyle(el).backgroundColor;
    if (colour && colour !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(colour)) return colour;
  }
  return view.getComputedStyle(doc.documentElement).getPropertyValue('--mat-sys-surface').trim() || '#ffffff';
}

function sameOrigin(url: string, doc: Document): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  try {
    return new URL(url, doc.baseURI).origin === doc.defaultView!.location.origin;
  } catch {
    return false;
  }
}

function readAsDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}
