import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';

import { ConnectionState } from '../core/chat-socket.service';

const TEXTS: Record<ConnectionState, string> = {
  online: 'Connected',
  idle: 'Connecting…',
  connecting: 'Connecting…',
  reconnecting: 'Connection lost. Reconnecting…',
  stopped: 'Offline',
};

/**
 * The connection to the server, as a live region: a banner across the page while it is down (on a
 * phone as on a desktop), and "Connected", for screen readers only, while it is up.
 */
@Component({
  selector: 'chat-connection-banner',
  imports: [MatIconModule],
  template: `
    <div
      class="banner"
      role="status"
      [attr.data-state]="state()"
      [class.down]="down()"
      [class.visually-hidden]="!down()"
    >
      @if (down()) {
        <mat-icon aria-hidden="true">{{ lost() ? 'cloud_off' : 'cloud_sync' }}</mat-icon>
      }
      <span>{{ text() }}</span>
      @if (state() === 'reconnecting') {
        {{ ' ' }}<span class="detail">You can send again once it is back.</span>
      }
    </div>
  `,
  styles: `
    .banner.down {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 8px;
      padding: 6px 16px;
      font: var(--mat-sys-label-large);
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .banner[data-state='reconnecting'],
    .banner[data-state='stopped'] {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    // A first connection usually takes a moment: its banner shows only if it takes longer.
    .banner.down[data-state='connecting'],
    .banner.down[data-state='idle'] {
      animation: late 1s steps(1, end) both;
    }
    @keyframes late {
      from {
        visibility: hidden;
        height: 0;
        padding-block: 0;
      }
    }
    .detail {
      font: var(--mat-sys-body-small);
    }
    mat-icon {
      font-size: 20px;
      width: 20px;
      height: 20px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConnectionBannerComponent {
  public readonly state = input.required<ConnectionState>();
  protected readonly down = computed(() => this.state() !== 'online');
  protected readonly lost = computed(() => this.state() === 'reconnecting' || this.state() === 'stopped');
  protected readonly text = computed(() => TEXTS[this.state()]);
}
