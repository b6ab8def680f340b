/** Where the snake heads. The hand snake passes the hand tracker's directions straight to `turn()`. */
export type Direction = 'up' | 'down' | 'left' | 'right';

/** `ready` waits for `start()`; `over` waits for `restart()` (or `start()`). */
export type SnakeState = 'ready' | 'playing' | 'paused' | 'over';

/** Why a game ended: the snake ran into a wall, into itself, or filled the whole board. */
export type SnakeEnd = 'wall' | 'self' | 'full';

/** A grid cell; x grows to the right, y grows downwards, both from 0. */
export interface Cell {
  readonly x: number;
  readonly y: number;
}

/** Everything a view needs to draw a frame and say what is going on. */
export interface SnakeSnapshot {
  readonly width: number;
  readonly height: number;
  /** The snake, head first. */
  readonly cells: readonly Cell[];
  /** Null only once the snake fills the board. */
  readonly food: Cell | null;
  /** Food eaten in this game. */
  readonly score: number;
  readonly state: SnakeState;
  /** Where the head moved on the last step (or will move first, before the game starts). */
  readonly direction: Direction;
  /** Steps per second at the current score. */
  readonly speed: number;
  /** Set once the state is `over`. */
  readonly end: SnakeEnd | null;
}

/** Rules that a game can change; every one has a default that plays well on a 24×24 board. */
export interface SnakeOptions {
  /** Columns; 24 by default. */
  readonly width?: number;
  /** Rows; 24 by default. */
  readonly height?: number;
  /** Cells of a new snake; 3 by default. */
  readonly length?: number;
  /** Steps per second at score 0; 7 by default. */
  readonly speed?: number;
  /** Steps per second added by each food; 0.5 by default. */
  readonly speedPerFood?: number;
  /** Steps per second at most; 18 by default. */
  readonly maxSpeed?: number;
  /**
   * Steps one `advance()` may run at most, however long the pause since the last call was; the
   * rest of the time is dropped, so a tab that comes back from the background does not see the
   * snake jump across the board. 3 by default.
   */
  readonly maxStepsPerAdvance?: number;
  /** A number in [0, 1), like `Math.random` (the default); specs pass a fixed sequence. */
  readonly random?: () => number;
}

const STEP: Readonly<Record<Direction, Cell>> = {
  up: { x: 0, y: -1 },
  down: { x: 0, y: 1 },
  left: { x: -1, y: 0 },
  right: { x: 1, y: 0 },
};

const OPPOSITE: Readonly<Record<Direction, Direction>> = {
  up: 'down',
  down: 'up',
  left: 'right',
  right: 'left',
};

/** Turns remembered between two steps, so that a quick "up, left" within one step makes a U-turn. */
const MAX_BUFFERED_TURNS = 2;

/**
 * The rules of Snake, and nothing else: no DOM, no clock of its own. A view calls `advance()`
 * with the time that passed (from `requestAnimationFrame`), and the game runs as many fixed steps
 * as fit in it, at a speed that rises with the score; `snapshot()` says what to draw.
 */
export class SnakeGame {
  public readonly width: number;
  public readonly height: number;
  private readonly length: number;
  private readonly baseSpeed: number;
  private readonly speedPerFood: number;
  private readonly maxSpeed: number;
  private readonly maxSteps: number;
  private readonly random: () => number;

  private cells: Cell[] = [];
  private food: Cell | null = null;
  private direction: Direction = 'right';
  private turns: Direction[] = [];
  private points = 0;
  private phase: SnakeState = 'ready';
  private end: SnakeEnd | null = null;
  private elapsed = 0;
  private changes = 0;

  constructor(options: SnakeOptions = {}) {
    this.width = options.width ?? 24;
    this.height = options.height ?? 24;
    this.length = options.length ?? 3;
    this.baseSpeed = options.speed ?? 7;
    this.speedPerFood = options.speedPerFood ?? 0.5;
    this.maxSpeed = options.maxSpeed ?? 18;
    this.maxSteps = options.maxStepsPerAdvance ?? 3;
    this.random = options.random ?? Math.random;
    if (this.length < 2 || this.length > Math.floor(this.width / 2) + 1 || this.height < 1) {
      throw new RangeError(`A snake of ${this.length} does not fit a ${this.width}×${this.height} board`);
    }
    this.reset();
  }

  /** Grows by one on every change of the game, so a view can tell whether to say something new. */
  public get version(): number {
    return this.changes;
  }

  public get state(): SnakeState {
    return this.phase;
  }

  /** Food eaten in this game. */
  public get score(): number {
    return this.points;
  }

  /** Steps per second at the current score. */
  public get speed(): number {
    return Math.min(this.maxSpeed, this.baseSpeed + this.points * this.speedPerFood);
  }

  public snapshot(): SnakeSnapshot {
    return {
      width: this.width,
      height: this.height,
      cells: [...this.cells],
      food: this.food,
      score: this.points,
      state: this.phase,
      direction: this.direction,
      speed: this.speed,
      end: this.end,
    };
  }

  /** Starts a game that is ready; after a game over, starts a new one. */
  public start(): void {
    if (this.phase === 'over') this.reset();
    if (this.phase === 'ready') this.setState('playing');
  }

  /** A new game, playing at once. */
  public restart(): void {
    this.reset();
    this.setState('playing');
  }

  /** A new game, waiting for `start()`. */
  public reset(): void {
    const y = Math.floor(this.height / 2);
    const head = Math.floor(this.width / 2);
    this.cells = Array.from({ length: this.length }, (_, i) => ({ x: head - i, y }));
    this.direction = 'right';
    this.turns = [];
    this.points = 0;
    this.end = null;
    this.elapsed = 0;
    this.food = this.placeFood();
    this.setState('ready');
  }

  public pause(): void {
    if (this.phase === 'playing') this.setState('paused');
  }

  public resume(): void {
    if (this.phase === 'paused') this.setState('playing');
  }

  /** Pauses a game that is playing, resumes one that is paused; does nothing otherwise. */
  public togglePause(): void {
    if (this.phase === 'playing') this.pause();
    else this.resume();
  }

  /**
   * Asks the snake to head `direction` from the next step on. Ignored (false) when it is where the
   * snake already heads or would reverse it into its own neck, when two turns are already waiting,
   * or when the game is paused or over. Before the start it sets where the snake sets off.
   */
  public turn(direction: Direction): boolean {
    if (this.phase === 'paused' || this.phase === 'over') return false;
    const heading = this.turns.at(-1) ?? this.direction;
    if (direction === heading || direction === OPPOSITE[heading]) return false;
    if (this.turns.length >= MAX_BUFFERED_TURNS) return false;
    this.turns.push(direction);
    this.changes++;
    return true;
  }

  /**
   * Lets `elapsedMs` pass: runs every fixed step that falls due (at most `maxStepsPerAdvance`) and
   * keeps the remainder for the next call. Time does not pass unless the game is playing. Answers
   * the number of steps run.
   */
  public advance(elapsedMs: number): number {
    if (this.phase !== 'playing' || !(elapsedMs > 0)) return 0;
    this.elapsed += elapsedMs;
    let steps = 0;
    while (this.phase === 'playing' && this.elapsed >= this.interval()) {
      if (steps === this.maxSteps) {
        this.elapsed = 0;
        break;
      }
      this.elapsed -= this.interval();
      this.step();
      steps++;
    }
    return steps;
  }

  /** One move of the snake, whatever the clock says; `advance()` is the way to run the game. */
  public step(): void {
    if (this.phase !== 'playing') return;
    this.direction = this.turns.shift() ?? this.direction;
    const [head] = this.cells;
    const next = { x: head.x + STEP[this.direction].x, y: head.y + STEP[this.direction].y };
    this.changes++;
    if (next.x < 0 || next.y < 0 || next.x >= this.width || next.y >= this.height) {
      this.finish('wall');
      return;
    }
    const eats = this.food !== null && next.x === this.food.x && next.y === this.food.y;
    // The tail moves out of the way on this step unless the snake grows.
    const body = eats ? this.cells : this.cells.slice(0, -1);
    if (body.some((cell) => cell.x === next.x && cell.y === next.y)) {
      this.finish('self');
      return;
    }
    this.cells = [next, ...body];
    if (!eats) return;
    this.points++;
    this.food = this.placeFood();
    if (this.food === null) this.finish('full');
  }

  private interval(): number {
    return 1000 / this.speed;
  }

  private finish(end: SnakeEnd): void {
    this.end = end;
    this.turns = [];
    this.setState('over');
  }

  private setState(state: SnakeState): void {
    this.phase = state;
    this.changes++;
  }

  /** A free cell picked by the random source, or null when the snake covers the board. */
  private placeFood(): Cell | null {
    const taken = new Set(this.cells.map((cell) => cell.y * this.width + cell.x));
    const free: Cell[] = [];
    for (let y = 0; y < this.height; y++) {
      for (let x = 0; x < this.width; x++) {
        if (!taken.has(y * this.width + x)) free.push({ x, y });
      }
    }
    if (free.length === 0) return null;
    const pick = Math.min(free.length - 1, Math.floor(this.random() * free.length));
    return free[Math.max(0, pick)];
  }
}
