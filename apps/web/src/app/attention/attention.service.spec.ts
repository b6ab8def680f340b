import { TestBed } from '@angular/core/testing';

import { FakeAttentionBrowser } from '../../testing/fake-attention';
import { FakeCallBrowser } from '../../testing/fake-rtc';
import { FakeWebSocket } from '../../testing/fake-websocket';
import { loggedInChat, message, settle } from '../../testing/logged-in-chat';
import { CALL_BROWSER } from '../calls/call-browser';
import { RingTone } from '../calls/ring-tone';
import { ChatStore } from '../chat/chat-store.service';
import { EVERYONE } from '../chat/conversation';
import { CHIME_GAP_MS } from './alert-sound';
import { Attention, CALL_TAG } from './attention.service';
import { ATTENTION_BROWSER } from './attention-browser';
import { AttentionSettings } from './attention-settings.service';

describe(Attention.name, () => {
  let browser: FakeAttentionBrowser;
  let ws: FakeWebSocket;
  let store: ChatStore;
  let settings: AttentionSettings;

  beforeEach(async () => {
    localStorage.clear();
    browser = new FakeAttentionBrowser();
    ({ ws, store } = await loggedInChat([
      { provide: ATTENTION_BROWSER, useValue: browser },
      { provide: CALL_BROWSER, useValue: new FakeCallBrowser() },
    ]));
    settings = TestBed.inject(AttentionSettings);
    TestBed.inject(Attention);
  });

  afterEach(() => {
    TestBed.inject(RingTone).stop();
    store.reset();
    // The next spec file's CallService reads do not disturb from here.
    localStorage.clear();
  });

  let seq = 100;
  const fromBob = (over: Record<string, unknown> = {}) =>
    ws.receive(
      message({ seq: ++seq, msgId: `m${seq}`, kind: 'private', to: 'alice', text: 'lunch?', ...over }),
    );
  const turnOn = async () => {
    await settings.setNotifications(true);
    settings.setSound(true);
  };
  const ring = () =>
    ws.receive({
      type: 'call.ring',
      callId: 'c1',
      from: 'bob',
      media: 'video',
      participants: ['bob', 'alice'],
    });

  it('tells nothing and asks nothing while the user has not turned alerts on', async () => {
    fromBob();
    await settle();
    expect(browser.notices).toEqual([]);
    expect(browser.chimes).toBe(0);
    expect(browser.asked).toBe(0);
  });

  it('notifies and chimes for a private message while another conversation is open', async () => {
    await turnOn();
    fromBob();
    await settle();
    expect(browser.open).toEqual(['bob: lunch?']);
    expect(browser.notices[0].tag).toBe('chat-u:bob');
    expect(browser.chimes).toBe(1);
  });

  it('stays quiet for a message in the conversation in sight, and tells of it once the page is hidden', async () => {
    await turnOn();
    store.open(['bob']);
    fromBob({ text: 'in sight' });
    await settle();
    expect(browser.notices).toEqual([]);

    browser.isHidden = true;
    fromBob({ text: 'while away' });
    await settle();
    expect(browser.open).toEqual(['bob: while away']);
  });

  it('tells of a message to everyone only when it mentions the user', async () => {
    await turnOn();
    store.open(['carol']);
    ws.receive(message({ seq: ++seq, msgId: `m${seq}`, text: 'hello all' }));
    ws.receive(message({ seq: ++seq, msgId: `m${seq}`, text: 'look @alice' }));
    await settle();
    expect(browser.open).toEqual(['bob mentioned you in Everyone: look @alice']);
  });

  it('chimes once for a burst, and the conversation keeps one notification, the newest', async () => {
    await turnOn();
    fromBob({ text: 'one' });
    fromBob({ text: 'two' });
    await settle();
    expect(browser.open).toEqual(['bob: two']);
    expect(browser.chimes).toBe(1);
    expect(CHIME_GAP_MS).toBeGreaterThan(0);
  });

  it('only chimes with notifications off, and only notifies with the sound off', async () => {
    settings.setSound(true);
    fromBob({ text: 'chime' });
    await settle();
    expect([browser.notices.length, browser.chimes]).toEqual([0, 1]);

    settings.setSound(false);
    await settings.setNotifications(true);
    fromBob({ text: 'notice' });
    await settle();
    expect([browser.open, browser.chimes]).toEqual([['bob: notice'], 1]);
  });

  it('is silent with do not disturb on', async () => {
    await turnOn();
    settings.setDnd(true);
    browser.isHidden = true;
    fromBob();
    ws.receive(message({ seq: ++seq, msgId: `m${seq}`, text: '@alice urgent' }));
    await settle();
    expect(browser.notices).toEqual([]);
    expect(browser.chimes).toBe(0);
  });

  it('notifies nothing when the browser refused the permission', async () => {
    browser.answer = 'denied';
    await settings.setNotifications(true);
    fromBob();
    await settle();
    expect(browser.notices).toEqual([]);
  });

  it('opens the conversation on a click on its notification, and closes it once it is open', async () => {
    await turnOn();
    fromBob();
    await settle();
    browser.notices[0].onClick();
    expect(store.activeKey()).toBe('u:bob');
    await settle();
    TestBed.tick();
    expect(browser.open).toEqual([]);
    store.select(EVERYONE);
  });

  it('notifies of an incoming call while the page is hidden, until it stops ringing', async () => {
    await turnOn();
    browser.isHidden = true;
    ring();
    TestBed.tick();
    expect(browser.open).toEqual(['bob is calling: Video call']);
    expect(browser.notices[0]).toMatchObject({ tag: CALL_TAG, sticky: true });
    expect(TestBed.inject(RingTone).ringing).toBe(true);

    ws.receive({ type: 'call.ended', callId: 'c1', reason: 'missed' });
    TestBed.tick();
    expect(browser.open).toEqual([]);
  });

  it('does not notify of a call in sight: its dialog rings', async () => {
    await turnOn();
    ring();
    TestBed.tick();
    expect(browser.notices).toEqual([]);
  });

  it('lets a call ring neither in a notification nor aloud with do not disturb on', async () => {
    await turnOn();
    settings.setDnd(true);
    browser.isHidden = true;
    ring();
    TestBed.tick();
    expect(browser.notices).toEqual([]);
    expect(TestBed.inject(RingTone).ringing).toBe(false);
  });
});
