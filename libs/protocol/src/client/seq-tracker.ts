import { SequencedFrame } from '../frames';

/**
 * Where the session is in the one message order (protocol.md §4): the highest seq known, which a
 * reconnect's `since` asks after, and the highest passed on, below which a message is a duplicate.
 */
export class SeqTracker {
  private highest = 0;
  private delivered = 0;

  /** The highest message seq seen: from the first login's reply, then from each message. */
  public get last(): number {
    return this.highest;
  }

  /** After a login: a first one without `since` starts from the reply's latest seq, "now". */
  public loggedIn(since: number | undefined, latest: number): void {
    this.highest = Math.max(this.highest, since ?? latest);
  }

  /** Notes the message; false when it was passed on already (replayed through `since` and live, or twice). */
  public isNew(message: SequencedFrame): boolean {
    if (message.seq <= this.delivered) return false;
    this.delivered = message.seq;
    if (message.seq > this.highest) this.highest = message.seq;
    return true;
  }

  public reset(): void {
    this.highest = this.delivered = 0;
  }
}
