import {
  ChangeDetectionStrategy,
  Component,
  computed,
  Directive,
  effect,
  ElementRef,
  inject,
  input,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';

import { CallMember, CallService } from './call.service';
import { PeerStats } from './call-peer';

/** Plays a MediaStream in a <video> or <audio> element. */
@Directive({ selector: '[chatSrcObject]' })
export class SrcObjectDirective {
  public readonly chatSrcObject = input<MediaStream | null>(null);
  private readonly el = inject<ElementRef<HTMLMediaElement>>(ElementRef);

  constructor() {
    effect(() => {
      const stream = this.chatSrcObject();
      const el = this.el.nativeElement;
      if (el.srcObject !== stream) el.srcObject = stream;
      if (stream) void el.play?.()?.catch(() => undefined);
    });
  }
}

/** "Round trip 12 ms, packet loss 0.1 %": the figures behind the quality sign. */
export function statsText(stats: PeerStats | null): string {
  if (!stats) return 'Measuring…';
  const rtt = stats.rttSec === null ? 'not measured yet' : `${Math.round(stats.rttSec * 1000)} ms`;
  return `Round trip ${rtt}, packet loss ${(stats.loss * 100).toFixed(1)} %`;
}

const QUALITY_ICONS = {
  Good: 'signal_cellular_alt',
  Fair: 'signal_cellular_alt_2_bar',
  Poor: 'signal_cellular_alt_1_bar',
};

/** The call, full window: the others' tiles in a grid, the own preview, and the call's controls. */
@Component({
  selector: 'chat-call-view',
  imports: [
    MatButtonModule,
    MatDialogModule,
    MatIconModule,
    MatMenuModule,
    MatTooltipModule,
    SrcObjectDirective,
  ],
  template: `
    <header class="top">
      <h2 class="title">{{ title() }}</h2>
      <span class="status" role="timer" aria-label="Call time">{{ status() }}</span>
    </header>

    <section class="grid" [attr.data-count]="tiles()" aria-label="Call members">
      @for (m of call.members(); track m.name) {
        <figure
          class="tile"
          [attr.data-state]="m.state"
          [attr.data-bytes-received]="m.stats?.bytesReceived ?? 0"
        >
          @if (video()) {
            <video
              class="remote"
              autoplay
              playsinline
              [chatSrcObject]="m.stream"
              [attr.aria-label]="'Video of ' + m.name"
            ></video>
          } @else {
            <div class="avatar" aria-hidden="true">{{ initial(m.name) }}</div>
            <audio autoplay [chatSrcObject]="m.stream" [attr.aria-label]="'Sound of ' + m.name"></audio>
          }
          <figcaption>
            <span class="name">{{ m.name }}</span>
            @if (m.quality; as q) {
              <span
                class="quality"
                [attr.data-quality]="q"
                [matTooltip]="statsText(m.stats)"
                [attr.aria-label]="'Connection ' + q + ': ' + statsText(m.stats)"
                tabindex="0"
                ><mat-icon aria-hidden="true">{{ qualityIcons[q] }}</mat-icon
                >{{ q }}</span
              >
            } @else if (m.state !== 'connected') {
              <span class="quality">{{ stateText(m) }}</span>
            }
          </figcaption>
        </figure>
      } @empty {
        @for (name of call.invitees(); track name) {
          <figure class="tile waiting">
            <div class="avatar" aria-hidden="true">{{ initial(name) }}</div>
            <figcaption>
              <span class="name">{{ name }}</span><span class="quality">Ringing…</span>
            </figcaption>
          </figure>
        }
      }
    </section>

    @if (video()) {
      <figure class="own" [class.mirrored]="!call.sharing()">
        <video
          class="preview"
          autoplay
          playsinline
          muted
          [chatSrcObject]="call.preview()"
          aria-label="Your video"
        ></video>
        <figcaption>You{{ call.sharing() ? ' (screen)' : '' }}</figcaption>
      </figure>
    }

    <footer class="controls">
      <button
        mat-fab
        type="button"
        [class.off]="call.micMuted()"
        (click)="call.toggleMicrophone()"
        [attr.aria-label]="call.micMuted() ? 'Unmute microphone' : 'Mute microphone'"
        [matTooltip]="call.micMuted() ? 'Unmute microphone' : 'Mute microphone'"
        [attr.aria-pressed]="call.micMuted()"
      >
        <mat-icon>{{ call.micMuted() ? 'mic_off' : 'mic' }}</mat-icon>
      </button>
      @if (video()) {
        <button
          mat-fab
          type="button"
          [class.off]="call.cameraOff()"
          (click)="call.toggleCamera()"
          [attr.aria-label]="call.cameraOff() ? 'Turn camera on' : 'Turn camera off'"
          [matTooltip]="call.cameraOff() ? 'Turn camera on' : 'Turn camera off'"
        >
          <mat-icon>{{ call.cameraOff() ? 'videocam_off' : 'videocam' }}</mat-icon>
        </button>
        <button
          mat-fab
          type="button"
          [disabled]="call.phase() !== 'active'"
          (click)="call.sharing() ? call.stopSharing() : call.shareScreen()"
          [attr.aria-label]="call.sharing() ? 'Stop sharing' : 'Share screen'"
          [matTooltip]="call.sharing() ? 'Stop sharing' : 'Share screen'"
        >
          <mat-icon>{{ call.sharing() ? 'stop_screen_share' : 'screen_share' }}</mat-icon>
        </button>
      }
      <button mat-fab type="button" [matMenuTriggerFor]="devices" aria-label="Devices" matTooltip="Devices">
        <mat-icon>settings</mat-icon>
      </button>
      <mat-menu #devices="matMenu">
        @if (video() && cameras().length > 0) {
          <h3 class="menu-heading" id="cameras-heading">Camera</h3>
          @for (d of cameras(); track d.deviceId) {
            <button
              mat-menu-item
              type="button"
              role="menuitemradio"
              [attr.aria-checked]="d.deviceId === call.cameraId()"
              (click)="call.switchDevice('videoinput', d.deviceId)"
            >
              <mat-icon>{{
                d.deviceId === call.cameraId() ? 'radio_button_checked' : 'radio_button_unchecked'
              }}</mat-icon>
              {{ d.label || 'Camera ' + ($index + 1) }}
            </button>
          }
        }
        @if (microphones().length > 0) {
          <h3 class="menu-heading">Microphone</h3>
          @for (d of microphones(); track d.deviceId) {
            <button
              mat-menu-item
              type="button"
              role="menuitemradio"
              [attr.aria-checked]="d.deviceId === call.microphoneId()"
              (click)="call.switchDevice('audioinput', d.deviceId)"
            >
              <mat-icon>{{
                d.deviceId === call.microphoneId() ? 'radio_button_checked' : 'radio_button_unchecked'
              }}</mat-icon>
              {{ d.label || 'Microphone ' + ($index + 1) }}
            </button>
          }
        }
        @if (cameras().length === 0 && microphones().length === 0) {
          <p class="menu-heading">No devices found</p>
        }
      </mat-menu>
      <button
        mat-fab
        type="button"
        class="hangup"
        (click)="call.hangup()"
        aria-label="Hang up"
        matTooltip="Hang up"
      >
        <mat-icon>call_end</mat-icon>
      </button>
    </footer>
  `,
  styleUrl: './call-view.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CallViewComponent {
  protected readonly call = inject(CallService);
  protected readonly qualityIcons = QUALITY_ICONS;
  protected readonly statsText = statsText;
  protected readonly video = computed(() => this.call.media() === 'video');
  protected readonly title = computed(() => {
    const names = this.call.members().map((m) => m.name);
    return (names.length > 0 ? names : this.call.invitees()).join(', ');
  });
  protected readonly status = computed(() => {
    if (this.call.phase() === 'outgoing') return 'Calling…';
    return this.call.elapsed() ?? 'Connecting…';
  });
  protected readonly tiles = computed(() => Math.max(1, this.call.members().length));
  protected readonly cameras = computed(() => this.call.devices().filter((d) => d.kind === 'videoinput'));
  protected readonly microphones = computed(() => this.call.devices().filter((d) => d.kind === 'audioinput'));

  protected initial(name: string): string {
    return name.slice(0, 1).toUpperCase();
  }

  protected stateText(member: CallMember): string {
    switch (member.state) {
      case 'failed':
        return 'Reconnecting…';
      case 'disconnected':
        return 'Connection lost…';
      default:
        return 'Connecting…';
    }
  }
}
