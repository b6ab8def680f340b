import { clearScreenDown, cursorTo, Interface, moveCursor } from 'node:readline';

import { MultiBar, Presets } from 'cli-progress';

import { formatBytes } from '@chat/protocol';

export interface Progress {
  update(done: number): void;
  /** A word after the bar, e.g. while the server works on what was sent ("processing…"). */
  note(text: string): void;
  stop(): void;
}

/**
 * The terminal the chat prints to. Lines arriving while the user types are printed above the
 * prompt line, which is then drawn again with what was typed so far (and the cursor where it
 * was); while a progress bar runs they are printed above the bar.
 */
export class Terminal {
  private rl: Interface | undefined;
  private bars: MultiBar | undefined;

  constructor(
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly err: NodeJS.WriteStream = process.stderr,
  ) {}

  public get interactive(): boolean {
    return this.out.isTTY === true;
  }

  /**
   * Whether lines may carry colours: a terminal, unless NO_COLOR is set (no-color.org); FORCE_COLOR
   * turns them on anyway (a test, or a pager that takes them).
   */
  public get colours(): boolean {
    const env = process.env;
    if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
    return this.interactive && (env['NO_COLOR'] === undefined || env['NO_COLOR'] === '');
  }

  /** /clear: an empty screen with the prompt on top (a pipe gets nothing: it keeps what it had). */
  public clear(): void {
    if (!this.interactive) return;
    cursorTo(this.out, 0, 0);
    clearScreenDown(this.out);
    this.rl?.prompt(true);
  }

  /** The line just typed (`rows` on screen), taken off: the server's copy of the message takes its place. */
  public eraseTypedLine(rows = 1): void {
    if (!this.interactive) return;
    moveCursor(this.out, 0, -rows);
    cursorTo(this.out, 0);
    clearScreenDown(this.out);
  }

  /** The terminal's bell, for a message that mentions the user. */
  public bell(): void {
    if (this.interactive) this.out.write('\u0007');
  }

  /** From now on, print around this readline prompt. */
  public attach(rl: Interface | undefined): void {
    this.rl = rl;
  }

  public print(text: string): void {
    if (this.bars) {
      this.bars.log(`${text}\n`);
      return;
    }
    const rl = this.rl;
    if (!rl || !this.interactive) {
      this.out.write(`${text}\n`);
      return;
    }
    // Back to the start of the prompt (it may span several rows), wipe it, print, draw it again.
    const { rows } = rl.getCursorPos();
    if (rows > 0) moveCursor(this.out, 0, -rows);
    cursorTo(this.out, 0);
    clearScreenDown(this.out);
    this.out.write(`${text}\n`);
    rl.prompt(true);
  }

  /** Errors: on stderr when nobody types (scripts), above the prompt otherwise. */
  public error(text: string): void {
    if (this.rl && this.interactive) this.print(text);
    else this.err.write(`${text}\n`);
  }

  /**
   * A progress bar for a transfer of `total` bytes (undefined: unknown); nothing outside a
   * terminal. Input is paused meanwhile so that typed keys do not tear the bar.
   */
  public progress(label: string, total: number | undefined): Progress {
    if (!this.interactive) return { update: () => undefined, note: () => undefined, stop: () => undefined };
    const rl = this.rl;
    rl?.pause();
    const bars = new MultiBar(
      {
        stream: this.out,
        format:
          total === undefined
            ? `${label} {value} received{note}`
            : `${label} [{bar}] {percentage}% {value} of {total}{note}`,
        formatValue: (value: number, _options: unknown, type: string) =>
          type === 'value' || type === 'total' ? formatBytes(value) : String(value),
        hideCursor: true,
        clearOnComplete: true,
        barsize: 30,
      },
      Presets.shades_classic,
    );
    const bar = bars.create(total ?? 0, 0, { note: '' });
    this.bars = bars;
    return {
      update: (done) => bar.update(done),
      note: (text) => bar.update({ note: text === '' ? '' : ` ${text}` }),
      stop: () => {
        if (this.bars !== bars) return;
        bars.update(); // flushes lines logged since the last redraw
        bars.stop();
        this.bars = undefined;
        rl?.resume();
      },
    };
  }
}
