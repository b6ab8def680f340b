import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog, MatDialogRef } from '@angular/material/dialog';

import { PostedScore } from '../../core/api/api.types';
import { SNAKE_GAME, SnakeDialogComponent, SnakeDialogData, snakeKeyAction } from './snake-dialog.component';
import { SnakeGame } from './snake-game';

@Component({ template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class HostComponent {}

const ROUTE = '/api/games/snake/scores';
const AT = '2026-12-02T16:00:00.000Z';

describe(SnakeDialogComponent.name, () => {
  let fixture: ComponentFixture<HostComponent>;
  let http: HttpTestingController;
  let game: SnakeGame;
  let ref: MatDialogRef<SnakeDialogComponent>;
  let shared: string[];
  const canShare = signal(true);

  beforeEach(async () => {
    // So slow that the board's own loop never steps: the specs step the game themselves.
    game = new SnakeGame({ speed: 0.001, speedPerFood: 0, random: () => 0 });
    shared = [];
    canShare.set(true);
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: SNAKE_GAME, useValue: () => game },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(HostComponent);
    const data: SnakeDialogData = { share: (text) => shared.push(text), canShare };
    ref = TestBed.inject(MatDialog).open(SnakeDialogComponent, { data, autoFocus: 'dialog' });
    await settle();
    http.expectOne({ method: 'GET', url: ROUTE }).flush({
      top: [{ rank: 1, username: 'alice', score: 9, at: AT }],
      best: { rank: 1, username: 'alice', score: 9, at: AT },
    });
    await settle();
  });

  afterEach(() => {
    ref.close();
    http.verify();
  });

  /** Lets the answered requests' promises resolve, then renders. */
  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    fixture.detectChanges();
    await fixture.whenStable();
  }

  const container = () => document.querySelector('mat-dialog-container') as HTMLElement;
  const status = () => container().querySelector('[role=status]')?.textContent?.trim();
  const text = () => container().textContent ?? '';
  const loader = () => TestbedHarnessEnvironment.documentRootLoader(fixture);
  const button = (text: string) =>
    loader().getHarness(MatButtonHarness.with({ text: new RegExp(`${text}$`) }));

  /** A key pressed with the focus in the dialog; answers whether the game took it (its default prevented). */
  async function press(key: string, init: KeyboardEventInit = {}): Promise<boolean> {
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
    container().dispatchEvent(event);
    await settle();
    return event.defaultPrevented;
  }

  /** Steps until the snake hits the wall, then lets the board's loop report it. */
  async function runIntoWall(): Promise<void> {
    while (game.state === 'playing') game.step();
    await vi.waitFor(() => expect(status()).toContain('Game over'));
    await settle();
  }

  it('maps WASD and the arrows to turns, case aside, and leaves keys with Ctrl, Alt or Meta alone', () => {
    expect(snakeKeyAction({ key: 'w', ctrlKey: false, altKey: false, metaKey: false })).toEqual({
      turn: 'up',
    });
    const table = [
      ['w', 'up'],
      ['W', 'up'],
      ['ArrowUp', 'up'],
      ['s', 'down'],
      ['ArrowDown', 'down'],
      ['a', 'left'],
      ['ArrowLeft', 'left'],
      ['d', 'right'],
      ['ArrowRight', 'right'],
    ] as const;
    for (const [key, turn] of table) {
      expect(snakeKeyAction({ key, ctrlKey: false, altKey: false, metaKey: false }), key).toEqual({ turn });
    }
    const plain = { ctrlKey: false, altKey: false, metaKey: false };
    expect(snakeKeyAction({ key: 'p', ...plain })).toBe('pause');
    expect(snakeKeyAction({ key: ' ', ...plain })).toBe('pause');
    expect(snakeKeyAction({ key: 'Enter', ...plain })).toBe('start');
    expect(snakeKeyAction({ key: 'x', ...plain })).toBeNull();
    expect(snakeKeyAction({ key: 'constructor', ...plain })).toBeNull();
    expect(snakeKeyAction({ key: 'w', ...plain, ctrlKey: true })).toBeNull();
    expect(snakeKeyAction({ key: 'a', ...plain, metaKey: true })).toBeNull();
    expect(snakeKeyAction({ key: 'd', ...plain, altKey: true })).toBeNull();
  });

  it('waits for Enter, then says the score; the keys turn the snake and are taken from the page', async () => {
    expect(status()).toBe('Ready');
    expect(text()).toContain('Press Enter to start');
    expect(text()).toContain('Best 9');
    expect(await press('Enter')).toBe(true);
    expect(game.state).toBe('playing');
    expect(status()).toBe('Score 0');
    expect(text()).toContain('Level 1');

    expect(await press('w')).toBe(true);
    game.step();
    expect(game.snapshot().direction).toBe('up');
    expect(game.snapshot().cells[0]).toEqual({ x: 12, y: 11 });
    expect(await press('ArrowLeft')).toBe(true);
    game.step();
    expect(game.snapshot().direction).toBe('left');
    expect(await press('s')).toBe(true);
    game.step();
    expect(game.snapshot().direction).toBe('down');
    expect(await press('D')).toBe(true);
    game.step();
    expect(game.snapshot().direction).toBe('right');
    expect(game.snapshot().cells[0]).toEqual({ x: 12, y: 12 });

    // Not the game's: the page (and the browser) keep them.
    expect(await press('x')).toBe(false);
    expect(await press('w', { ctrlKey: true })).toBe(false);
  });

  it('pauses and resumes with P and Space, and with the Pause button', async () => {
    await press('Enter');
    expect(await press('p')).toBe(true);
    expect(game.state).toBe('paused');
    expect(status()).toBe('Paused — Score 0');
    expect(await press(' ')).toBe(true);
    expect(game.state).toBe('playing');
    expect(status()).toBe('Score 0');
    await (await button('Pause')).click();
    expect(game.state).toBe('paused');
    await (await button('Resume')).click();
    expect(status()).toBe('Score 0');
  });

  it('turns with the on-screen arrows', async () => {
    await (await button('Start')).click();
    await (await loader().getHarness(MatButtonHarness.with({ selector: '[aria-label=Down]' }))).click();
    game.step();
    expect(game.snapshot().direction).toBe('down');
    await (await loader().getHarness(MatButtonHarness.with({ selector: '[aria-label=Left]' }))).click();
    game.step();
    expect(game.snapshot().direction).toBe('left');
  });

  it('at the end posts the score, shows the leaderboard with the player’s row, and shares the score', async () => {
    await press('Enter');
    await runIntoWall();
    expect(status()).toBe(`Game over — Score ${game.score}`);
    const post = http.expectOne({ method: 'POST', url: ROUTE });
    expect(post.request.body).toEqual({ score: game.score });
    expect(text()).toContain('Saving your score…');
    const answer: PostedScore = {
      score: game.score,
      best: { rank: 2, username: 'bob', score: 5, at: AT },
      top: [
        { rank: 1, username: 'alice', score: 9, at: AT },
        { rank: 2, username: 'bob', score: 5, at: AT },
      ],
    };
    post.flush(answer);
    await settle();
    expect(text()).toContain('Your best: 5 (rank 2)');
    const rows = [...container().querySelectorAll('table[aria-label=Leaderboard] tbody tr')];
    expect(
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim()).join(' ')),
    ).toEqual(['1 alice 9', '2 bob 5']);
    expect(rows.map((r) => r.getAttribute('aria-current'))).toEqual([null, 'true']);

    const share = await button('Share score');
    await share.click();
    expect(shared).toEqual([`scored ${game.score} at Snake`]);
    expect(await share.isDisabled()).toBe(true);
  });

  it('offers no sharing without a conversation to share to', async () => {
    canShare.set(false);
    await press('Enter');
    await runIntoWall();
    http.expectOne({ method: 'POST', url: ROUTE }).flush({ score: 0, best: null, top: [] });
    await settle();
    expect(await (await button('Share score')).isDisabled()).toBe(true);
  });

  it('says when the score was not saved', async () => {
    await press('Enter');
    await runIntoWall();
    http
      .expectOne({ method: 'POST', url: ROUTE })
      .flush(
        { statusCode: 429, code: 'RATE_LIMITED', message: 'At most 10 scores in a row', retryAfterMs: 6000 },
        { status: 429, statusText: 'Too Many Requests' },
      );
    await settle();
    expect(container().querySelector('[role=alert]')?.textContent).toContain(
      'Your score was not saved: At most 10 scores in a row',
    );
  });

  it('starts again with Enter, or with Play again, after a game over', async () => {
    await press('Enter');
    await runIntoWall();
    http.expectOne({ method: 'POST', url: ROUTE }).flush({ score: 0, best: null, top: [] });
    expect(await press('Enter')).toBe(true);
    expect(game.state).toBe('playing');
    expect(status()).toBe('Score 0');
    expect(game.snapshot().cells[0]).toEqual({ x: 12, y: 12 });

    await runIntoWall();
    http.expectOne({ method: 'POST', url: ROUTE }).flush({ score: 0, best: null, top: [] });
    await (await button('Play again')).click();
    expect(game.state).toBe('playing');
    expect(status()).toBe('Score 0');
  });

  it('closes with Close', async () => {
    await (await button('Close')).click();
    await settle();
    expect(document.querySelector('mat-dialog-container')).toBeNull();
  });
});
