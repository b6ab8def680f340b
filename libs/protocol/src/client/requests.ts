import { RawFrame } from '../raw-frame';
import { RequestTimeoutError, toChatError } from './client-errors';

/** Receives the `file.data` frames that answer a request (a download), with their raw blocks; a throw fails the request. */
export type BlockHandler<Block> = (frame: RawFrame, bytes: Block | undefined) => void;

interface Pending<Block> {
  resolve(fields: Record<string, unknown>): void;
  reject(error: Error): void;
  // A method, not a property: a tracker of Buffer blocks is then also one of Uint8Array blocks.
  onBlock?(frame: RawFrame, bytes: Block | undefined): void;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * The requests of one connection that wait for their reply, by id (protocol.md §2): a fresh id
 * each, the reply matched by `re`, an optional timeout, and every one failed when the connection
 * ends. One Map lookup per frame: the benchmark's clients go through here.
 */
export class RequestTracker<Block extends Uint8Array = Uint8Array> {
  private readonly pending = new Map<string, Pending<Block>>();
  private nextId = 0;

  /** `timeoutMs`: how long a request may wait for its reply (none by default). */
  constructor(private readonly timeoutMs?: number) {}

  public get size(): number {
    return this.pending.size;
  }

  /** A fresh id and the promise of its reply's fields (without `type` and `re`); send the frame after. */
  public open(onBlock?: BlockHandler<Block>): [id: string, reply: Promise<Record<string, unknown>>] {
    const id = (++this.nextId).toString(36);
    const reply = new Promise<Record<string, unknown>>((resolve, reject) => {
      const pending: Pending<Block> = { resolve, reject, onBlock };
      if (this.timeoutMs !== undefined) {
        pending.timer = setTimeout(() => this.fail(id, new RequestTimeoutError()), this.timeoutMs);
      }
      this.pending.set(id, pending);
    });
    return [id, reply];
  }

  /**
   * Settles the request a frame answers: `ok` (or `pong`) resolves it, `error` rejects it with its
   * ChatError, `file.data` goes to its block handler. False when the frame answers no request.
   */
  public settle(frame: RawFrame, bytes: Block | undefined): boolean {
    const re = frame.re;
    if (typeof re !== 'string') return false;
    const pending = this.pending.get(re);
    if (pending === undefined) return false;
    if (frame.type === 'file.data') {
      try {
        pending.onBlock?.(frame, bytes);
      } catch (err) {
        this.fail(re, err as Error);
      }
      return true;
    }
    this.forget(re, pending);
    if (frame.type === 'error') {
      pending.reject(toChatError(frame));
    } else {
      const { type: _type, re: _re, ...fields } = frame;
      pending.resolve(fields);
    }
    return true;
  }

  /** Rejects the request `re` with `error`; false when no such request waits. */
  public fail(re: string, error: Error): boolean {
    const pending = this.pending.get(re);
    if (pending === undefined) return false;
    this.forget(re, pending);
    pending.reject(error);
    return true;
  }

  /** Rejects every waiting request with the error `reason()` makes (one each). */
  public failAll(reason: () => Error): void {
    if (this.pending.size === 0) return;
    const all = [...this.pending.entries()];
    for (const [re, pending] of all) this.forget(re, pending);
    for (const [, pending] of all) pending.reject(reason());
  }

  private forget(re: string, pending: Pending<Block>): void {
    this.pending.delete(re);
    if (pending.timer !== undefined) clearTimeout(pending.timer);
  }
}
