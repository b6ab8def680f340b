import {
  afterNextRender,
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { Observable } from 'rxjs';

import { captureFrame, saveAs, SELFIE_CAMERA } from './camera-capture';
import { deviceErrorText, MEDIA_BROWSER, stopStream } from './media-devices';
import { timestampedName } from './media-text';

export type SelfieState = 'starting' | 'live' | 'preview' | 'failed';

interface Shot {
  blob: Blob;
  url: string;
  name: string;
}

/** Opens the selfie dialog; it closes with the picture to send, or nothing. */
export function openSelfieDialog(dialog: MatDialog): Observable<File | undefined> {
  return dialog
    .open<SelfieDialogComponent, void, File>(SelfieDialogComponent, {
      width: '680px',
      maxWidth: '96vw',
      // The dialog's own focus goes nowhere useful while the camera starts; the component moves it.
      autoFocus: 'dialog',
    })
    .afterClosed();
}

/**
 * The front camera live, a mirror toggle and Capture (or Q, as in the seed), then the picture with
 * Retake, Save and Send picture. What is captured is what is shown: mirrored by default, as
 * every selfie camera shows itself, and the picture keeps that orientation, so the sent picture
 * is the one the user approved; switching Mirror off gives the camera's true view (readable text).
 * The camera runs while the dialog is open (Retake is instant) and stops when it closes.
 */
@Component({
  selector: 'chat-selfie-dialog',
  imports: [MatButtonModule, MatDialogModule, MatIconModule, MatSlideToggleModule],
  templateUrl: './selfie-dialog.component.html',
  styleUrl: './selfie-dialog.component.scss',
  // On the document: a click on the picture leaves the focus on the dialog's container, outside this.
  host: { '(document:keydown)': 'key($event)' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SelfieDialogComponent {
  private readonly media = inject(MEDIA_BROWSER);
  private readonly ref = inject<MatDialogRef<SelfieDialogComponent, File>>(MatDialogRef);
  protected readonly state = signal<SelfieState>('starting');
  protected readonly error = signal('');
  protected readonly captureError = signal('');
  protected readonly mirrored = signal(true);
  protected readonly shot = signal<Shot | null>(null);
  protected readonly aspect = signal('4 / 3');
  private readonly video = viewChild.required<ElementRef<HTMLVideoElement>>('video');
  private readonly captureButton = viewChild('capture', { read: ElementRef });
  private readonly sendButton = viewChild('sendButton', { read: ElementRef });
  private stream: MediaStream | null = null;
  private closed = false;

  constructor() {
    afterNextRender(() => void this.start());
    inject(DestroyRef).onDestroy(() => {
      this.closed = true;
      stopStream(this.stream);
      this.dropShot();
    });
    // Where the user's next step is: Capture once the camera runs, Send picture once there is one.
    afterRenderEffect(() => {
      const state = this.state();
      const target = state === 'live' ? this.captureButton() : state === 'preview' ? this.sendButton() : null;
      (target?.nativeElement as HTMLElement | undefined)?.focus();
    });
  }

  protected key(event: KeyboardEvent): void {
    const q = event.key === 'q' || event.key === 'Q';
    if (!q || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    if (this.state() !== 'live') return;
    event.preventDefault();
    void this.takePicture();
  }

  protected sized(video: HTMLVideoElement): void {
    if (video.videoWidth && video.videoHeight) this.aspect.set(`${video.videoWidth} / ${video.videoHeight}`);
  }

  protected async takePicture(): Promise<void> {
    if (this.state() !== 'live') return;
    this.captureError.set('');
    try {
      const blob = await captureFrame(this.video().nativeElement, this.mirrored());
      if (this.closed) return;
      this.shot.set({ blob, url: URL.createObjectURL(blob), name: timestampedName('selfie', 'jpg') });
      this.state.set('preview');
    } catch (err) {
      this.captureError.set(err instanceof Error ? err.message : 'The picture could not be made.');
    }
  }

  protected retake(): void {
    this.dropShot();
    this.state.set(this.stream ? 'live' : 'failed');
  }

  protected save(): void {
    const shot = this.shot();
    if (shot) saveAs(shot.url, shot.name);
  }

  protected send(): void {
    const shot = this.shot();
    if (shot) this.ref.close(new File([shot.blob], shot.name, { type: shot.blob.type || 'image/jpeg' }));
  }

  protected cancel(): void {
    this.ref.close();
  }

  private async start(): Promise<void> {
    let stream: MediaStream;
    try {
      stream = await this.media.getUserMedia(SELFIE_CAMERA);
    } catch (err) {
      this.error.set(deviceErrorText(err, 'camera'));
      this.state.set('failed');
      return;
    }
    if (this.closed) return stopStream(stream); // closed while the browser asked
    this.stream = stream;
    for (const track of stream.getTracks()) {
      track.addEventListener('ended', () => this.lost());
    }
    this.video().nativeElement.srcObject = stream;
    if (this.state() === 'starting') this.state.set('live');
  }

  /** The camera went away (unplugged, or taken by another application). */
  private lost(): void {
    if (this.closed) return;
    stopStream(this.stream);
    this.stream = null;
    this.error.set('The camera stopped. Close this and try again.');
    if (this.state() !== 'preview') this.state.set('failed');
  }

  private dropShot(): void {
    const shot = this.shot();
    if (shot) URL.revokeObjectURL(shot.url);
    this.shot.set(null);
  }
}
