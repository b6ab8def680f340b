import { Progress, Terminal } from '../chat/terminal';

/**
 * The terminal as the specs see it: what was printed, and what each progress bar was told. A
 * stand-in because the real bar draws on a TTY at its own pace, which a spec cannot read back.
 */
export class RecordingTerminal extends Terminal {
  public readonly printed: string[] = [];
  public readonly errors: string[] = [];
  /** One entry per call: `start ↑ a.wav 2500`, `update 1000`, `note processing…`, `stop`. */
  public readonly progressCalls: string[] = [];

  constructor() {
    super({ isTTY: false } as NodeJS.WriteStream, { isTTY: false } as NodeJS.WriteStream);
  }

  public override print(text: string): void {
    this.printed.push(text);
  }

  public override error(text: string): void {
    this.errors.push(text);
  }

  public override progress(label: string, total: number | undefined): Progress {
    this.progressCalls.push(`start ${label} ${String(total)}`);
    return {
      update: (done) => this.progressCalls.push(`update ${done}`),
      note: (text) => this.progressCalls.push(`note ${text}`),
      stop: () => this.progressCalls.push('stop'),
    };
  }
}
