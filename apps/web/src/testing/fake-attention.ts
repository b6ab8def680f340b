import {
  AttentionBrowser,
  DesktopNotice,
  NotifyPermission,
  ShownNotice,
} from '../app/attention/attention-browser';
import { FakeRingContext } from './fake-rtc';

/** A notification the fake showed, and whether it was closed since. */
export interface FakeNotice extends DesktopNotice {
  closed: boolean;
}

/** The browser's Notification API, visibility and Web Audio as the specs want them (jsdom has none). */
export class FakeAttentionBrowser implements AttentionBrowser {
  public current: NotifyPermission = 'default';
  /** What the user answers when asked. */
  public answer: NotifyPermission = 'granted';
  public asked = 0;
  public isHidden = false;
  public readonly notices: FakeNotice[] = [];
  public readonly contexts: FakeRingContext[] = [];

  public permission(): NotifyPermission {
    return this.current;
  }

  public async requestPermission(): Promise<NotifyPermission> {
    this.asked++;
    this.current = this.answer;
    return this.answer;
  }

  public notify(notice: DesktopNotice): ShownNotice | null {
    if (this.current !== 'granted') return null;
    const shown: FakeNotice = { ...notice, closed: false };
    this.notices.push(shown);
    return { close: () => (shown.closed = true) };
  }

  public hidden(): boolean {
    return this.isHidden;
  }

  public audioContext(): AudioContext {
    const context = new FakeRingContext();
    this.contexts.push(context);
    return context as unknown as AudioContext;
  }

  /** The notifications still on screen, as title: body. */
  public get open(): string[] {
    return this.notices.filter((n) => !n.closed).map((n) => `${n.title}: ${n.body}`);
  }

  /** How many chimes played (two notes each). */
  public get chimes(): number {
    return this.contexts.reduce((sum, c) => sum + c.oscillators, 0) / 2;
  }
}
