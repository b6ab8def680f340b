import { isErrorCode, LIVE_EVENT_TYPES, RawFrame } from '@chat/protocol';

/** Frames the edge may send besides `ok`, `error` and the live events. */
const OTHER_TYPES: ReadonlySet<string> = new Set(['pong', 'file.data', 'hello', 'ping']);
const EVENT_TYPES: ReadonlySet<string> = new Set<string>(LIVE_EVENT_TYPES);
const SAMPLES = 10;

/**
 * The fuzz run's oracle: every frame the edge sends must be one the protocol defines (an `ok`, a
 * `pong`, `file.data`, an event of a known type, or an `error` whose `code` is in the error table),
 * and no error may be INTERNAL (an exception no handler expected). Counts replies by kind.
 */
export class ReplyOracle {
  /** `ok`, `pong`, `error:CODE`, `event:TYPE`, ... and how many of each. */
  public readonly counts = new Map<string, number>();
  public untyped = 0;
  public readonly untypedSamples: string[] = [];
  public internal = 0;
  /** The frames that got INTERNAL (when their reply named them), as sent. */
  public readonly internalSamples: string[] = [];

  public get total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n + this.untyped;
  }

  /** Judges one frame from the edge; `sent` finds the frame a reply answers, for the samples. */
  public see(frame: RawFrame, sent?: (re: string) => string | undefined): void {
    const kind = classify(frame);
    if (kind === null) {
      this.untyped++;
      if (this.untypedSamples.length < SAMPLES) this.untypedSamples.push(clip(JSON.stringify(frame)));
      return;
    }
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    if (kind === 'error:INTERNAL') {
      this.internal++;
      if (this.internalSamples.length < SAMPLES) {
        const re = typeof frame.re === 'string' ? frame.re : undefined;
        this.internalSamples.push(re === undefined ? '(no re)' : clip(sent?.(re) ?? `re ${re}`));
      }
    }
  }

  /** Output of the edge that is not a frame at all (not JSON, not an object). */
  public notAFrame(what: string): void {
    this.untyped++;
    if (this.untypedSamples.length < SAMPLES) this.untypedSamples.push(clip(what));
  }

  /** The counts, largest first. */
  public sorted(): [string, number][] {
    return [...this.counts].sort((a, b) => b[1] - a[1]);
  }
}

/** The kind of a frame the protocol defines, or null for one it does not. */
export function classify(frame: RawFrame): string | null {
  const { type } = frame;
  if (type === 'ok') return 'ok';
  if (type === 'error') {
    return isErrorCode(frame.code) && typeof frame.message === 'string' ? `error:${frame.code}` : null;
  }
  if (type === 'file.data') return Number.isSafeInteger(frame.bytes) ? 'file.data' : null;
  if (OTHER_TYPES.has(type)) return type;
  if (EVENT_TYPES.has(type)) return `event:${type}`;
  return null;
}

function clip(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
}
