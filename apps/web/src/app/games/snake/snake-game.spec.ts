import { type Cell, type Direction, SnakeGame, type SnakeOptions } from './snake-game';

/** A new 24×24 snake: head at (12,12), heading right, tail at (10,12). */
const START: readonly Cell[] = [
  { x: 12, y: 12 },
  { x: 11, y: 12 },
  { x: 10, y: 12 },
];

/**
 * A random source that puts each food on the next of `spots` in turn, then in the top-left free
 * cell. The game picks food among the free cells in reading order, so the source answers the
 * place of the spot in that list; `snake` says which cells are taken when the game asks.
 */
function foodOn(spots: Cell[], snake: () => readonly Cell[], width = 24): () => number {
  const left = [...spots];
  return () => {
    const spot = left.shift();
    if (!spot) return 0;
    const index = (cell: Cell) => cell.y * width + cell.x;
    const free = index(spot) - snake().filter((cell) => index(cell) < index(spot)).length;
    const total = 24 * width - snake().length;
    return (free + 0.5) / total;
  };
}

/** A game that is playing, with food on `spots` in turn (the first is placed at once). */
function playing(spots: Cell[] = [{ x: 0, y: 0 }], options: SnakeOptions = {}): SnakeGame {
  // The game asks for its first food inside its constructor, before `sut` holds it.
  const board: { sut?: SnakeGame } = {};
  const sut = new SnakeGame({
    random: foodOn(spots, () => board.sut?.snapshot().cells ?? START),
    ...options,
  });
  board.sut = sut;
  sut.start();
  return sut;
}

function steps(sut: SnakeGame, n: number): void {
  for (let i = 0; i < n; i++) sut.step();
}

const head = (sut: SnakeGame): Cell => sut.snapshot().cells[0];

describe(SnakeGame.name, () => {
  describe('a new game', () => {
    it('waits, three cells long, in the middle, heading right, with food on the board', () => {
      const sut = new SnakeGame({ random: () => 0 });

      expect(sut.snapshot()).toEqual({
        width: 24,
        height: 24,
        cells: START,
        food: { x: 0, y: 0 },
        score: 0,
        state: 'ready',
        direction: 'right',
        speed: 7,
        end: null,
      });
    });

    it('does not move before it starts, however much time passes', () => {
      const sut = new SnakeGame();

      expect(sut.advance(10_000)).toBe(0);
      expect(sut.snapshot().cells).toEqual(START);
      sut.step();
      expect(sut.snapshot().cells).toEqual(START);
    });

    it('refuses a snake that does not fit the board', () => {
      expect(() => new SnakeGame({ width: 3, length: 3 })).toThrow(RangeError);
      expect(() => new SnakeGame({ length: 1 })).toThrow(RangeError);
    });
  });

  describe('movement', () => {
    it('moves one cell a step, the body following the head', () => {
      const sut = playing();

      sut.step();

      expect(sut.snapshot().cells).toEqual([
        { x: 13, y: 12 },
        { x: 12, y: 12 },
        { x: 11, y: 12 },
      ]);
    });

    it.each<[Direction, Cell]>([
      ['up', { x: 12, y: 11 }],
      ['down', { x: 12, y: 13 }],
    ])('turns %s', (direction, next) => {
      const sut = playing();

      expect(sut.turn(direction)).toBe(true);
      sut.step();

      expect(head(sut)).toEqual(next);
      expect(sut.snapshot().direction).toBe(direction);
    });

    it('turns left and right once heading up', () => {
      const sut = playing();

      sut.turn('up');
      sut.step();
      sut.turn('left');
      sut.step();
      sut.turn('up');
      sut.step();
      sut.turn('right');
      sut.step();

      expect(sut.snapshot().cells).toEqual([
        { x: 12, y: 10 },
        { x: 11, y: 10 },
        { x: 11, y: 11 },
      ]);
    });

    it('keeps heading the same way without a turn', () => {
      const sut = playing();

      steps(sut, 5);

      expect(head(sut)).toEqual({ x: 17, y: 12 });
    });

    it('sets off where it was turned before the start', () => {
      const sut = new SnakeGame();

      sut.turn('down');
      sut.start();
      sut.step();

      expect(head(sut)).toEqual({ x: 12, y: 13 });
    });
  });

  describe('reversal', () => {
    it('ignores a turn back into the neck', () => {
      const sut = playing();

      expect(sut.turn('left')).toBe(false);
      sut.step();

      expect(head(sut)).toEqual({ x: 13, y: 12 });
      expect(sut.state).toBe('playing');
    });

    it('ignores a turn the way the snake already heads', () => {
      const sut = playing();

      expect(sut.turn('right')).toBe(false);
    });

    it('ignores a reversal of a turn that is still waiting for its step', () => {
      const sut = playing();

      sut.turn('up');
      expect(sut.turn('down')).toBe(false);
      sut.step();
      sut.step();

      expect(head(sut)).toEqual({ x: 12, y: 10 });
    });

    it('ignores a reversal before the start, too', () => {
      const sut = new SnakeGame();

      expect(sut.turn('left')).toBe(false);
      sut.start();
      sut.step();

      expect(head(sut)).toEqual({ x: 13, y: 12 });
    });
  });

  describe('buffered turns', () => {
    it('makes two quick turns within one step count, one on each of the next two steps', () => {
      const sut = playing();

      sut.turn('up');
      sut.turn('left');
      sut.step();
      expect(head(sut)).toEqual({ x: 12, y: 11 });
      sut.step();

      expect(head(sut)).toEqual({ x: 11, y: 11 });
      expect(sut.state).toBe('playing');
    });

    it('keeps at most two turns', () => {
      const sut = playing();

      expect([sut.turn('up'), sut.turn('left'), sut.turn('down')]).toEqual([true, true, false]);
      steps(sut, 3);

      expect(head(sut)).toEqual({ x: 10, y: 11 });
    });

    it('takes a new turn once a waiting one is used', () => {
      const sut = playing();

      sut.turn('up');
      sut.turn('left');
      sut.step();

      expect(sut.turn('down')).toBe(true);
    });

    it('forgets waiting turns on a restart', () => {
      const sut = playing();

      sut.turn('up');
      sut.restart();
      sut.step();

      expect(head(sut)).toEqual({ x: 13, y: 12 });
    });
  });

  describe('food and growth', () => {
    it('grows by one and scores one for each food', () => {
      const sut = playing([
        { x: 13, y: 12 },
        { x: 14, y: 12 },
        { x: 0, y: 0 },
      ]);

      sut.step();
      expect([sut.snapshot().cells.length, sut.score]).toEqual([4, 1]);
      sut.step();
      expect([sut.snapshot().cells.length, sut.score]).toEqual([5, 2]);
      sut.step();

      expect(sut.snapshot().cells).toEqual([
        { x: 15, y: 12 },
        { x: 14, y: 12 },
        { x: 13, y: 12 },
        { x: 12, y: 12 },
        { x: 11, y: 12 },
      ]);
      expect(sut.score).toBe(2);
    });

    it('places the next food where the random source says, on a free cell', () => {
      const sut = playing([
        { x: 13, y: 12 },
        { x: 5, y: 20 },
      ]);

      sut.step();

      expect(sut.snapshot().food).toEqual({ x: 5, y: 20 });
    });

    it('never places food on the snake', () => {
      // On 6×1 the snake takes x 1..3; half way along the board is the head, half way along the
      // free cells (0, 4, 5) is x 4.
      const sut = new SnakeGame({ width: 6, height: 1, length: 3, random: () => 0.5 });

      expect(sut.snapshot().cells).toEqual([
        { x: 3, y: 0 },
        { x: 2, y: 0 },
        { x: 1, y: 0 },
      ]);
      expect(sut.snapshot().food).toEqual({ x: 4, y: 0 });
    });

    it('ends, won, when the snake fills the board', () => {
      // On 3×1 the snake takes x 0..1 and the food the last cell.
      const sut = new SnakeGame({ width: 3, height: 1, length: 2, random: () => 0 });
      sut.start();

      sut.step();

      expect(sut.snapshot()).toMatchObject({ state: 'over', end: 'full', food: null, score: 1 });
      expect(sut.snapshot().cells).toHaveLength(3);
    });
  });

  describe('walls', () => {
    it.each<[Direction, number]>([
      ['right', 11],
      ['up', 12],
      ['down', 11],
    ])('ends the game when the snake runs %s into the edge, %d free cells away', (direction, free) => {
      const sut = playing();
      sut.turn(direction);

      steps(sut, free);
      expect(sut.state).toBe('playing');
      sut.step();

      expect(sut.snapshot()).toMatchObject({ state: 'over', end: 'wall' });
    });

    it('ends at the left edge, too', () => {
      const sut = playing();
      sut.turn('up');
      sut.turn('left');

      steps(sut, 13);
      expect([head(sut), sut.state]).toEqual([{ x: 0, y: 11 }, 'playing']);
      sut.step();

      expect(sut.state).toBe('over');
    });

    it('leaves the snake where it was when it hits the wall', () => {
      const sut = playing();
      steps(sut, 11);
      const before = sut.snapshot().cells;

      sut.step();

      expect(sut.snapshot().cells).toEqual(before);
      expect(head(sut)).toEqual({ x: 23, y: 12 });
    });
  });

  describe('self-collision', () => {
    /** Eats four food in a row to the right, so that the snake is 7 long. */
    const long = () => playing([13, 14, 15, 16].map((x) => ({ x, y: 12 })).concat([{ x: 0, y: 0 }]));

    it('ends the game when the head runs into the body', () => {
      const sut = long();
      steps(sut, 4);

      sut.turn('up');
      sut.step();
      sut.turn('left');
      sut.step();
      sut.turn('down');
      sut.step();

      expect(sut.snapshot()).toMatchObject({ state: 'over', end: 'self', score: 4 });
    });

    it('lets the head take the cell the tail leaves on the same step', () => {
      // A 4-long snake going round a 2×2 square chases its own tail forever.
      const sut = playing([
        { x: 13, y: 12 },
        { x: 0, y: 0 },
      ]);
      sut.step();

      for (const direction of ['down', 'left', 'up', 'right', 'down', 'left', 'up'] as const) {
        sut.turn(direction);
        sut.step();
      }

      expect(sut.state).toBe('playing');
      expect(sut.snapshot().cells).toHaveLength(4);
    });
  });

  describe('speed', () => {
    it('starts at 7 steps a second and adds half a step for each food', () => {
      const sut = playing([
        { x: 13, y: 12 },
        { x: 14, y: 12 },
        { x: 0, y: 0 },
      ]);

      sut.step();
      sut.step();

      expect(sut.speed).toBe(8);
      expect(sut.snapshot().speed).toBe(8);
    });

    it('stops at the cap', () => {
      const sut = playing([13, 14, 15, 16].map((x) => ({ x, y: 12 })).concat([{ x: 0, y: 0 }]), {
        speed: 5,
        speedPerFood: 2,
        maxSpeed: 10,
      });

      steps(sut, 4);

      expect(sut.speed).toBe(10);
    });

    it('steps more often as the score rises', () => {
      const sut = playing(
        [
          { x: 13, y: 12 },
          { x: 0, y: 0 },
        ],
        { speed: 10, speedPerFood: 10, maxSpeed: 20 },
      );

      expect(sut.advance(100)).toBe(1);
      expect(sut.advance(100)).toBe(2);
    });
  });

  describe('fixed time step', () => {
    it('runs one step per interval, whatever the frame rate', () => {
      const sut = playing(undefined, { speed: 10 });

      const frames = Array.from({ length: 30 }, () => sut.advance(1000 / 60));

      expect(frames.reduce((a, b) => a + b)).toBe(5);
      expect(head(sut)).toEqual({ x: 17, y: 12 });
    });

    it('keeps the remainder of a frame for the next one', () => {
      const sut = playing(undefined, { speed: 10 });

      expect([sut.advance(150), sut.advance(60), sut.advance(0)]).toEqual([1, 1, 0]);
    });

    it('catches up a few steps after a slow frame', () => {
      const sut = playing(undefined, { speed: 10 });

      expect(sut.advance(300)).toBe(3);
    });

    it('drops the time beyond the cap, so a tab back from the background does not teleport the snake', () => {
      const sut = playing(undefined, { speed: 10, maxStepsPerAdvance: 3 });

      expect(sut.advance(60_000)).toBe(3);
      expect(head(sut)).toEqual({ x: 15, y: 12 });
      expect(sut.advance(50)).toBe(0);
    });

    it('ignores time that is not a positive number', () => {
      const sut = playing();

      expect([sut.advance(-100), sut.advance(Number.NaN)]).toEqual([0, 0]);
      expect(head(sut)).toEqual({ x: 12, y: 12 });
    });

    it('stops stepping the moment the game is over', () => {
      const sut = playing(undefined, { speed: 10, maxStepsPerAdvance: 100 });

      expect(sut.advance(5_000)).toBe(12);
      expect(sut.state).toBe('over');
    });
  });

  describe('pause', () => {
    it('stops the snake and its clock until it resumes', () => {
      const sut = playing(undefined, { speed: 10 });
      sut.advance(50);

      sut.pause();
      expect([sut.state, sut.advance(1_000)]).toEqual(['paused', 0]);
      sut.resume();

      expect([sut.state, sut.advance(50)]).toEqual(['playing', 1]);
    });

    it('ignores turns while paused', () => {
      const sut = playing();

      sut.pause();
      expect(sut.turn('up')).toBe(false);
      sut.resume();
      sut.step();

      expect(head(sut)).toEqual({ x: 13, y: 12 });
    });

    it('toggles between playing and paused, and nothing else', () => {
      const sut = new SnakeGame();

      sut.togglePause();
      expect(sut.state).toBe('ready');
      sut.start();
      sut.togglePause();
      expect(sut.state).toBe('paused');
      sut.togglePause();
      expect(sut.state).toBe('playing');
    });

    it('cannot pause or resume a game that is over', () => {
      const sut = playing();
      steps(sut, 12);

      sut.pause();
      sut.resume();

      expect(sut.state).toBe('over');
    });
  });

  describe('restart', () => {
    it('starts a new game after a game over, with score and snake back to the start', () => {
      const sut = playing([
        { x: 13, y: 12 },
        { x: 0, y: 0 },
      ]);
      steps(sut, 12);
      expect([sut.state, sut.score]).toEqual(['over', 1]);

      sut.restart();

      expect(sut.snapshot()).toMatchObject({
        cells: START,
        score: 0,
        state: 'playing',
        direction: 'right',
        speed: 7,
        end: null,
      });
    });

    it('starts a new game when start() is called after a game over', () => {
      const sut = playing();
      steps(sut, 12);

      sut.start();

      expect([sut.state, sut.snapshot().cells]).toEqual(['playing', START]);
    });

    it('goes back to ready on reset', () => {
      const sut = playing();
      sut.step();

      sut.reset();

      expect([sut.state, sut.snapshot().cells]).toEqual(['ready', START]);
    });
  });

  describe('version', () => {
    it('changes with every step, turn and change of state, and not otherwise', () => {
      const sut = new SnakeGame({ speed: 10 });
      const seen = [sut.version];

      sut.start();
      seen.push(sut.version);
      sut.advance(50);
      seen.push(sut.version);
      sut.advance(50);
      seen.push(sut.version);
      sut.turn('left');
      seen.push(sut.version);
      sut.turn('up');
      seen.push(sut.version);

      expect(seen.map((v, i) => (i === 0 ? 0 : v - seen[i - 1]))).toEqual([0, 1, 0, 1, 0, 1]);
    });
  });
});
