import { ChatError } from '@chat/protocol';

/**
 * Bounds media processing: at most `concurrency` jobs run at once (each is an ffmpeg or libvips
 * process busy on a core), up to `maxWaiting` more wait in FIFO order, and beyond that a job is
 * refused at once with SERVER_BUSY rather than queued for minutes behind others.
 */
export class JobQueue {
  private active = 0;
  private readonly queue: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
    private readonly busy: () => ChatError = () =>
      new ChatError('SERVER_BUSY', 'Too many media jobs waiting; try again shortly'),
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, not ${concurrency}`);
    }
    if (!Number.isInteger(maxWaiting) || maxWaiting < 0) {
      throw new RangeError(`maxWaiting must be a non-negative integer, not ${maxWaiting}`);
    }
  }

  public get running(): number {
    return this.active;
  }

  public get waiting(): number {
    return this.queue.length;
  }

  /** Runs `job` when a slot is free; its result or its error, either way freeing the slot. */
  public run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active < this.concurrency) return this.start(job);
    if (this.queue.length >= this.maxWaiting) {
      return Promise.reject(this.busy());
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push(() => this.start(job).then(resolve, reject));
    });
  }

  private async start<T>(job: () => Promise<T>): Promise<T> {
    this.active++;
    try {
      return await job();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}
