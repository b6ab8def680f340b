import { computed, inject, Injectable, signal } from '@angular/core';

import { ATTENTION_BROWSER, NotifyPermission } from './attention-browser';

/** How the user wants to be told of messages and calls that come while they look elsewhere. */
export interface AttentionPrefs {
  /** Desktop notifications (opt-in: the browser asks for permission when they are turned on). */
  notifications: boolean;
  /** A short chime (opt-in too). */
  sound: boolean;
  /** Do not disturb: no notification, no chime, no ring; the badges and the title still count. */
  dnd: boolean;
}

export const ATTENTION_STORAGE_KEY = 'chat.attention';

const DEFAULTS: AttentionPrefs = { notifications: false, sound: false, dnd: false };

/** The stored prefs; anything else stored there (an older format, a hand edit) is the defaults. */
function load(): AttentionPrefs {
  try {
    const stored = JSON.parse(localStorage.getItem(ATTENTION_STORAGE_KEY) ?? 'null') as unknown;
    if (typeof stored !== 'object' || stored === null) return DEFAULTS;
    const flag = (name: keyof AttentionPrefs): boolean => (stored as Record<string, unknown>)[name] === true;
    return { notifications: flag('notifications'), sound: flag('sound'), dnd: flag('dnd') };
  } catch {
    return DEFAULTS;
  }
}

/** Why notifications cannot be on, in words, or null when they can. */
export function permissionProblem(permission: NotifyPermission): string | null {
  if (permission === 'unsupported') return 'This browser cannot show notifications.';
  if (permission === 'denied') return "Notifications are blocked in the browser's settings for this site.";
  return null;
}

/** The attention prefs as signals, kept in localStorage (each browser has its own). */
@Injectable({ providedIn: 'root' })
export class AttentionSettings {
  private readonly browser = inject(ATTENTION_BROWSER);
  private readonly prefs = signal(load());
  /** The browser's permission, as of the last look (it can change in the site's settings). */
  public readonly permission = signal<NotifyPermission>(this.browser.permission());

  public readonly dnd = computed(() => this.prefs().dnd);
  public readonly sound = computed(() => this.prefs().sound);
  /** On when the user turned them on and the browser allows them. */
  public readonly notifications = computed(
    () => this.prefs().notifications && this.permission() === 'granted',
  );

  /**
   * Turns desktop notifications on (asking the browser's permission the first time) or off;
   * resolves with why they stay off, or null.
   */
  public async setNotifications(on: boolean): Promise<string | null> {
    if (!on) {
      this.save({ notifications: false });
      return null;
    }
    let permission = this.browser.permission();
    if (permission === 'default') permission = await this.browser.requestPermission();
    this.permission.set(permission);
    if (permission === 'default') {
      this.save({ notifications: false });
      return 'Notifications stay off until the browser is allowed to show them.';
    }
    const problem = permissionProblem(permission);
    this.save({ notifications: problem === null });
    return problem;
  }

  public setSound(on: boolean): void {
    this.save({ sound: on });
  }

  public setDnd(on: boolean): void {
    this.save({ dnd: on });
  }

  /** Looks at the browser's permission again (the settings dialog does when it opens). */
  public refreshPermission(): void {
    this.permission.set(this.browser.permission());
  }

  private save(change: Partial<AttentionPrefs>): void {
    this.prefs.update((p) => ({ ...p, ...change }));
    localStorage.setItem(ATTENTION_STORAGE_KEY, JSON.stringify(this.prefs()));
  }
}
