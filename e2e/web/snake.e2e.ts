import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MessageFrame } from '@chat/protocol';

import {
  HAVE_CHROMIUM,
  launchChromium,
  logIn,
  openPage,
  screenshot,
  startWebSystem,
} from '../support/browser';
import { collect, eventually } from '../support/events';
import { SystemProcess } from '../support/system-process';

interface Scoreboard {
  top: { rank: number; username: string; score: number }[];
  best: { rank: number; username: string; score: number } | null;
}

const head = (value: string | null): { x: number; y: number } => {
  const [x, y] = (value ?? '').split(',').map(Number);
  return { x, y };
};

describe.skipIf(!HAVE_CHROMIUM)('web: Snake from the Games menu', () => {
  let sys: SystemProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    sys = await startWebSystem();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await sys?.dispose();
  });

  it('plays with the keys into the wall, posts the score to the leaderboard, and shares it', async () => {
    // Two players on the board already, so that the leaderboard has rows to rank alice among.
    for (const [user, score] of [
      ['bob', 12],
      ['carol', 40],
    ] as const) {
      const posted = await sys.request('POST', '/api/games/snake/scores', {
        token: await sys.token(user),
        json: { score },
      });
      expect(posted.status).toBe(201);
    }
    const token = await sys.token('alice');
    const bob = await sys.tcp('bob');
    const seen = collect<MessageFrame>(bob, 'message');
    try {
      const page = await openPage(browser, contexts);
      await logIn(page, sys.baseUrl, 'alice', 'alice-password');
      await page.getByRole('button', { name: 'Games' }).click();
      await page.getByRole('menuitem', { name: 'Snake', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Snake' });
      const status = dialog.getByRole('status');
      const canvas = dialog.locator('canvas');
      await expect.poll(() => status.textContent()).toBe('Ready');
      await expect.poll(() => dialog.textContent()).toContain('Best 0');
      expect(await canvas.getAttribute('data-head')).toBe('12,12');

      await page.keyboard.press('Enter');
      await expect.poll(() => status.textContent()).toMatch(/^Score \d+$/);
      await eventually(async () =>
        expect(head(await canvas.getAttribute('data-head')).x).toBeGreaterThan(12),
      );

      await page.keyboard.press('w');
      await eventually(async () => expect(await canvas.getAttribute('data-direction')).toBe('up'));
      const up = head(await canvas.getAttribute('data-head'));
      await eventually(async () => expect(head(await canvas.getAttribute('data-head')).y).toBeLessThan(up.y));

      await page.keyboard.press('d');
      await eventually(async () => expect(await canvas.getAttribute('data-direction')).toBe('right'));
      const right = head(await canvas.getAttribute('data-head'));
      await eventually(async () =>
        expect(head(await canvas.getAttribute('data-head')).x).toBeGreaterThan(right.x),
      );

      // Nothing turns it again: it runs into the right wall.
      await eventually(async () => expect(await status.textContent()).toContain('Game over'), 10_000);
      const score = Number((await status.textContent())?.match(/^Game over — Score (\d+)$/)?.[1]);
      expect(Number.isInteger(score)).toBe(true);
      expect(head(await canvas.getAttribute('data-head')).x).toBe(23);

      // The leaderboard, with alice's row marked, as the server has it.
      const table = dialog.getByRole('table', { name: 'Leaderboard' });
      await eventually(async () => expect(await table.getByRole('row').count()).toBe(4));
      const mine = table.locator('tr[aria-current=true]');
      expect((await mine.locator('td').allTextContents()).slice(1)).toEqual(['alice', String(score)]);
      expect(await table.locator('tbody tr td:nth-child(2)').allTextContents()).toEqual(
        score > 12 ? ['carol', 'alice', 'bob'] : ['carol', 'bob', 'alice'],
      );
      await expect.poll(() => dialog.textContent()).toContain(`Your best: ${score}`);
      const board = await sys.request<Scoreboard>('GET', '/api/games/snake/scores', { token });
      expect(board.body.best).toMatchObject({ username: 'alice', score });
      expect(board.body.top.map((s) => s.username)).toContain('alice');

      // The game's keys went to the game, not to the composer behind the dialog.
      expect(await page.locator('chat-composer textarea').inputValue()).toBe('');

      // test-artifacts/snake.png: the README's docs/screenshots/snake.png is a copy of one.
      await screenshot(page, 'snake');

      await dialog.getByRole('button', { name: 'Share score' }).click();
      await eventually(() => expect(seen.find((m) => m.text === `scored ${score} at Snake`)).toBeDefined());
      expect(seen.find((m) => m.text === `scored ${score} at Snake`)?.from).toBe('alice');
      expect(await dialog.getByRole('button', { name: 'Share score' }).isDisabled()).toBe(true);

      // Enter starts a new game; Close ends it.
      await page.keyboard.press('Enter');
      await expect.poll(() => status.textContent()).toMatch(/^Score \d+$/);
      await page.keyboard.press('p');
      await expect.poll(() => status.textContent()).toMatch(/^Paused — Score \d+$/);
      await dialog.getByRole('button', { name: 'Close' }).click();
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    } finally {
      await bob.close();
    }
  }, 90_000);
});
