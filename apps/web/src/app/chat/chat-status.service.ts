import { computed, Injectable, signal } from '@angular/core';

import { PresenceFrame } from '@chat/protocol';

export interface Notice {
  id: number;
  text: string;
  ts: string;
  /** The server's notices (moderation, announcements, shutdown) or a user joining or leaving. */
  kind: 'server' | 'presence';
}

export interface MuteState {
  until: string | null;
  reason?: string;
}

const byName = (a: string, b: string): number => a.localeCompare(b);

/** Who is online, the notices to show, and the user's own mute, as signals. */
@Injectable({ providedIn: 'root' })
export class ChatStatus {
  private readonly onlineUsers = signal<string[]>([]);
  private nextNoticeId = 1;
  private muteTimer: ReturnType<typeof setTimeout> | null = null;

  public readonly notices = signal<Notice[]>([]);
  public readonly muted = signal<MuteState | null>(null);
  public readonly online = this.onlineUsers.asReadonly();
  public readonly onlineCount = computed(() => this.onlineUsers().length);

  /** Who is online, as a login reply says. */
  public setOnline(names: readonly string[]): void {
    this.onlineUsers.set([...names].sort(byName));
  }

  /** Updates who is online, and notes who joined or left (not `me`, whose other tabs change nothing). */
  public presence(event: PresenceFrame, me: string): void {
    const name = event.user.toLowerCase();
    const online = event.status === 'online';
    const wasOnline = this.onlineUsers().some((n) => n.toLowerCase() === name);
    this.onlineUsers.update((names) => {
      const others = names.filter((n) => n.toLowerCase() !== name);
      return online ? [...others, event.user].sort(byName) : others;
    });
    if (name === me.toLowerCase() || online === wasOnline) return;
    this.addNotice(`${event.user} ${online ? 'joined' : 'left'}`, 'presence');
  }

  public addNotice(text: string, kind: Notice['kind']): void {
    const notice: Notice = { id: this.nextNoticeId++, text, ts: new Date().toISOString(), kind };
    this.notices.update((list) => [...list.slice(-49), notice]);
  }

  /** Sets the mute, and lifts it by itself when its `until` passes. */
  public setMuted(state: MuteState | null): void {
    if (this.muteTimer !== null) clearTimeout(this.muteTimer);
    this.muteTimer = null;
    this.muted.set(state);
    if (state?.until) {
      const ms = Date.parse(state.until) - Date.now();
      // setTimeout's limit is about 24.8 days; a longer mute is re-checked on the next event.
      if (ms <= 0) this.muted.set(null);
      else if (ms < 2 ** 31 - 1) this.muteTimer = setTimeout(() => this.setMuted(null), ms);
    }
  }

  public reset(): void {
    this.onlineUsers.set([]);
    this.notices.set([]);
    this.setMuted(null);
  }
}
