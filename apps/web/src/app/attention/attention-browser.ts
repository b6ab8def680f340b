import { InjectionToken } from '@angular/core';

/** The Notification API's permission, or `unsupported` where the browser has none. */
export type NotifyPermission = NotificationPermission | 'unsupported';

/** What a desktop notification shows, and the conversation it opens. */
export interface DesktopNotice {
  title: string;
  body: string;
  /** One notification per tag: a newer one replaces the last. */
  tag: string;
  /** Stays until dismissed (a ringing call). */
  sticky?: boolean;
  onClick: () => void;
}

/** A shown notification, to close when it is no longer news. */
export interface ShownNotice {
  close(): void;
}

/**
 * The browser APIs that draw the user's attention, behind one token: unit specs (jsdom has no
 * Notification nor Web Audio) provide fakes; the app gets the browser's own.
 */
export interface AttentionBrowser {
  permission(): NotifyPermission;
  /** Asks the user; call it only from their own action (turning notifications on). */
  requestPermission(): Promise<NotifyPermission>;
  /** Null where the browser refuses page notifications (Android Chrome allows them only from a service worker). */
  notify(notice: DesktopNotice): ShownNotice | null;
  /** Whether the page is out of sight (another tab, minimised). */
  hidden(): boolean;
  /** Null when the browser has no Web Audio: alerts stay silent. */
  audioContext(): AudioContext | null;
}

const hasNotifications = (): boolean => typeof Notification !== 'undefined';

const browserAttention: AttentionBrowser = {
  permission: () => (hasNotifications() ? Notification.permission : 'unsupported'),
  requestPermission: async () => {
    if (!hasNotifications()) return 'unsupported';
    try {
      return await Notification.requestPermission();
    } catch {
      return Notification.permission;
    }
  },
  notify: (notice) => {
    if (!hasNotifications() || Notification.permission !== 'granted') return null;
    try {
      const shown = new Notification(notice.title, {
        body: notice.body,
        tag: notice.tag,
        requireInteraction: notice.sticky ?? false,
      });
      shown.onclick = () => {
        window.focus();
        notice.onClick();
        shown.close();
      };
      return shown;
    } catch {
      return null;
    }
  },
  hidden: () => document.visibilityState === 'hidden',
  audioContext: () => (typeof AudioContext === 'undefined' ? null : new AudioContext()),
};

export const ATTENTION_BROWSER = new InjectionToken<AttentionBrowser>('ATTENTION_BROWSER', {
  providedIn: 'root',
  factory: () => browserAttention,
});
