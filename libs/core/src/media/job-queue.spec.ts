import { describe, expect, it } from 'vitest';

import { ChatError } from '@chat/protocol';

import { JobQueue } from './job-queue';

/** A job that runs until the spec finishes it. */
function gate<T = void>(): {
  job: () => Promise<T>;
  started: boolean;
  finish: (value: T) => void;
  fail: (err: Error) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const handle = {
    started: false,
    job: () => {
      handle.started = true;
      return promise;
    },
    finish: (value: T) => resolve(value),
    fail: (err: Error) => reject(err),
  };
  return handle;
}

/** Lets the queue's promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe(JobQueue.name, () => {
  it('runs at most `concurrency` jobs at once; the others wait', async () => {
    const sut = new JobQueue(2, 10);
    const jobs = [gate(), gate(), gate()];

    const results = jobs.map((g) => sut.run(g.job));
    await settle();

    expect(jobs.map((g) => g.started)).toEqual([true, true, false]);
    expect({ running: sut.running, waiting: sut.waiting }).toEqual({ running: 2, waiting: 1 });

    jobs[0].finish();
    await settle();
    expect(jobs[2].started).toBe(true);
    expect({ running: sut.running, waiting: sut.waiting }).toEqual({ running: 2, waiting: 0 });

    jobs[1].finish();
    jobs[2].finish();
    await Promise.all(results);
    expect({ running: sut.running, waiting: sut.waiting }).toEqual({ running: 0, waiting: 0 });
  });

  it('starts waiting jobs in the order they came (FIFO)', async () => {
    const sut = new JobQueue(1, 10);
    const order: number[] = [];
    const first = gate();

    const results = [sut.run(first.job), ...[1, 2, 3].map((n) => sut.run(async () => void order.push(n)))];
    first.finish();
    await Promise.all(results);

    expect(order).toEqual([1, 2, 3]);
  });

  it('gives each caller its own job result', async () => {
    const sut = new JobQueue(1, 10);

    const results = await Promise.all([sut.run(async () => 'a'), sut.run(async () => 'b')]);

    expect(results).toEqual(['a', 'b']);
  });

  it('refuses a job at once with SERVER_BUSY when maxWaiting are already waiting', async () => {
    const sut = new JobQueue(1, 2);
    const running = gate();
    const queued = [sut.run(running.job), sut.run(async () => 1), sut.run(async () => 2)];
    let ran = false;

    const err = await sut
      .run(async () => {
        ran = true;
      })
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ChatError);
    expect(err).toMatchObject({
      code: 'SERVER_BUSY',
      message: 'Too many media jobs waiting; try again shortly',
    });
    expect(ran).toBe(false);
    expect({ running: sut.running, waiting: sut.waiting }).toEqual({ running: 1, waiting: 2 });
    running.finish();
    await Promise.all(queued);
  });

  it('frees the slot of a failed job, and passes its error on', async () => {
    const sut = new JobQueue(1, 10);
    const failing = gate();
    const boom = new Error('boom');

    const failed = sut.run(failing.job).catch((e: unknown) => e);
    const next = sut.run(async () => 'next');
    failing.fail(boom);

    expect(await failed).toBe(boom);
    expect(await next).toBe('next');
    expect(sut.running).toBe(0);
  });

  it('frees the slot of a job that throws before returning a promise', async () => {
    const sut = new JobQueue(1, 10);

    const err = await sut
      .run(() => {
        throw new Error('sync');
      })
      .catch((e: unknown) => e);

    expect(err).toMatchObject({ message: 'sync' });
    expect(await sut.run(async () => 'after')).toBe('after');
  });

  it.each([
    [0, 1],
    [1.5, 1],
    [1, -1],
  ])('refuses concurrency %d with maxWaiting %d', (concurrency, maxWaiting) => {
    expect(() => new JobQueue(concurrency, maxWaiting)).toThrow(RangeError);
  });
});
