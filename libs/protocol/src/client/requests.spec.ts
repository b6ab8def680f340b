import { afterEach, describe, expect, it, vi } from 'vitest';

import { ChatError } from '../errors';
import { RequestTimeoutError } from './client-errors';
import { RequestTracker } from './requests';

describe(RequestTracker.name, () => {
  afterEach(() => vi.useRealTimers());

  it('gives each request a fresh id and settles it by re: ok resolves without type and re, error rejects', async () => {
    const sut = new RequestTracker();
    const [first, ok] = sut.open();
    const [second, refused] = sut.open();
    expect(first).not.toBe(second);

    expect(
      sut.settle({ type: 'error', re: second, code: 'MUTED', message: 'muted', until: null }, undefined),
    ).toBe(true);
    expect(sut.settle({ type: 'ok', re: first, seq: 3 }, undefined)).toBe(true);

    await expect(ok).resolves.toEqual({ seq: 3 });
    await expect(refused).rejects.toMatchObject({ code: 'MUTED', details: { until: null } });
    expect(sut.size).toBe(0);
  });

  it('leaves frames that answer no request to the caller', () => {
    const sut = new RequestTracker();
    expect(sut.settle({ type: 'message', seq: 1 }, undefined)).toBe(false);
    expect(sut.settle({ type: 'ok', re: 'nobody-asked' }, undefined)).toBe(false);
  });

  it('passes file.data blocks to the request they answer, and fails it when the handler throws', async () => {
    const sut = new RequestTracker();
    const blocks: number[] = [];
    const [id, reply] = sut.open((frame, bytes) => {
      if (frame.offset !== blocks.length) throw new ChatError('INTERNAL', 'out of order');
      blocks.push(bytes?.length ?? 0);
    });
    sut.settle({ type: 'file.data', re: id, offset: 0 }, new Uint8Array(4));
    sut.settle({ type: 'file.data', re: id, offset: 5 }, new Uint8Array(4));

    await expect(reply).rejects.toMatchObject({ message: 'out of order' });
    expect(blocks).toEqual([4]);
    expect(sut.size).toBe(0);
  });

  it('fails a request that gets no reply within the timeout, and only that one', async () => {
    vi.useFakeTimers();
    const sut = new RequestTracker(30_000);
    const [, slow] = sut.open();
    vi.advanceTimersByTime(20_000);
    const [later] = sut.open();
    vi.advanceTimersByTime(10_000);

    await expect(slow).rejects.toBeInstanceOf(RequestTimeoutError);
    expect(sut.size).toBe(1);
    expect(sut.settle({ type: 'ok', re: later }, undefined)).toBe(true);
  });

  it('fails every waiting request when the connection ends', async () => {
    const sut = new RequestTracker();
    const replies = [sut.open()[1], sut.open()[1]];
    sut.failAll(() => new ChatError('INTERNAL', 'connection closed'));
    for (const reply of replies) await expect(reply).rejects.toMatchObject({ message: 'connection closed' });
    expect(sut.size).toBe(0);
  });
});
