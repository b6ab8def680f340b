import { TestBed } from '@angular/core/testing';

import { FakeAttentionBrowser } from '../../testing/fake-attention';
import { ATTENTION_BROWSER } from './attention-browser';
import { ATTENTION_STORAGE_KEY, AttentionSettings } from './attention-settings.service';

describe(AttentionSettings.name, () => {
  let browser: FakeAttentionBrowser;

  beforeEach(() => {
    localStorage.clear();
    browser = new FakeAttentionBrowser();
    TestBed.configureTestingModule({ providers: [{ provide: ATTENTION_BROWSER, useValue: browser }] });
  });

  afterEach(() => localStorage.clear());

  const create = (): AttentionSettings => TestBed.inject(AttentionSettings);

  it('starts with everything off, and asks no permission until notifications are turned on', async () => {
    const sut = create();
    expect([sut.notifications(), sut.sound(), sut.dnd()]).toEqual([false, false, false]);
    expect(browser.asked).toBe(0);

    expect(await sut.setNotifications(true)).toBeNull();
    expect(browser.asked).toBe(1);
    expect(sut.notifications()).toBe(true);
    // Granted once: turning them off and on again asks no more.
    await sut.setNotifications(false);
    await sut.setNotifications(true);
    expect(browser.asked).toBe(1);
  });

  it('keeps the choices in localStorage for the next visit', async () => {
    const sut = create();
    await sut.setNotifications(true);
    sut.setSound(true);
    sut.setDnd(true);
    expect(JSON.parse(localStorage.getItem(ATTENTION_STORAGE_KEY)!)).toEqual({
      notifications: true,
      sound: true,
      dnd: true,
    });

    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ providers: [{ provide: ATTENTION_BROWSER, useValue: browser }] });
    const next = create();
    expect([next.notifications(), next.sound(), next.dnd()]).toEqual([true, true, true]);
  });

  it.each<[string, 'denied' | 'default' | 'unsupported', string]>([
    ['refused', 'denied', "Notifications are blocked in the browser's settings for this site."],
    ['left unanswered', 'default', 'Notifications stay off until the browser is allowed to show them.'],
    ['impossible', 'unsupported', 'This browser cannot show notifications.'],
  ])('stays off, saying why, when the permission is %s', async (_case, answer, why) => {
    browser.answer = answer;
    const sut = create();
    expect(await sut.setNotifications(true)).toBe(why);
    expect(sut.notifications()).toBe(false);
    expect(JSON.parse(localStorage.getItem(ATTENTION_STORAGE_KEY)!).notifications).toBe(false);
  });

  it('is off while the browser no longer allows what the user turned on', async () => {
    const sut = create();
    await sut.setNotifications(true);
    browser.current = 'denied';
    sut.refreshPermission();
    expect(sut.notifications()).toBe(false);
  });

  it.each(['not json', '"on"', '{"notifications":"yes","sound":1}'])(
    'takes the defaults for a stored %s',
    (stored) => {
      localStorage.setItem(ATTENTION_STORAGE_KEY, stored);
      const sut = create();
      expect([sut.sound(), sut.dnd()]).toEqual([false, false]);
    },
  );
});
