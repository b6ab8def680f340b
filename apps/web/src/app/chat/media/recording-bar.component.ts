import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';

import { LevelMeterComponent } from './level-meter.component';
import { formatDuration } from './media-text';
import { VoiceRecorder } from './voice-recorder.service';

/** The composer while it records: Cancel, the elapsed time, the level meter, Stop and send. */
@Component({
  selector: 'chat-recording-bar',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule, LevelMeterComponent],
  template: `
    <button
      #cancel
      mat-icon-button
      type="button"
      aria-label="Cancel recording"
      matTooltip="Cancel recording"
      (click)="recorder.cancel()"
    >
      <mat-icon>delete</mat-icon>
    </button>
    @if (recorder.state() === 'recording') {
      <span class="dot" aria-hidden="true"></span>
      <span class="elapsed" role="timer" [class.ending]="ending()" [attr.aria-label]="timerLabel()">
        {{ elapsed() }}
      </span>
      <chat-level-meter class="meter" [level]="level" />
      <span class="visually-hidden" role="status">
        Recording a voice message; it stops and is sent by itself at {{ limit() }}.
      </span>
    } @else {
      <span class="waiting" role="status">Waiting for the microphone…</span>
    }
    <button
      #stop
      mat-icon-button
      type="button"
      class="stop"
      aria-label="Stop and send"
      matTooltip="Stop and send"
      [disabled]="recorder.state() !== 'recording'"
      (click)="recorder.stop()"
    >
      <mat-icon>send</mat-icon>
    </button>
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
      gap: 8px;
      min-height: 56px;
    }
    .dot {
      width: 10px;
      height: 10px;
      border-radius: 50%;
      background: var(--mat-sys-error);
      animation: pulse 1.2s ease-in-out infinite;
    }
    .elapsed {
      font: var(--mat-sys-title-small);
      font-variant-numeric: tabular-nums;
      min-width: 3.5em;
    }
    .elapsed.ending {
      color: var(--mat-sys-error);
    }
    .meter,
    .waiting {
      flex: 1;
    }
    .stop {
      color: var(--mat-sys-primary);
    }
    @keyframes pulse {
      50% {
        opacity: 0.3;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .dot {
        animation: none;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecordingBarComponent {
  protected readonly recorder = inject(VoiceRecorder);
  protected readonly level = (): number => this.recorder.level();
  protected readonly elapsed = computed(() => formatDuration(this.recorder.elapsedMs()));
  protected readonly limit = computed(() => formatDuration(this.recorder.limitSec() * 1000));
  protected readonly ending = computed(
    () => this.recorder.limitSec() * 1000 - this.recorder.elapsedMs() <= 10_000,
  );
  protected readonly timerLabel = computed(() => `Recorded ${this.elapsed()} of at most ${this.limit()}`);
  private readonly cancelButton = viewChild.required('cancel', { read: ElementRef });
  private readonly stopButton = viewChild.required('stop', { read: ElementRef });

  constructor() {
    // The microphone button that started this is gone: keep the focus on what can end it.
    afterRenderEffect(() => {
      const button = this.recorder.state() === 'recording' ? this.stopButton() : this.cancelButton();
      (button.nativeElement as HTMLElement).focus();
    });
  }
}
