import { describe, expect, it } from 'vitest';

import { Emitter } from './emitter';

interface TestEvents {
  tick: [n: number];
  done: [];
}

/** emit is protected: the classes built on Emitter emit their own events. */
class Ticker extends Emitter<TestEvents> {
  public fire<E extends keyof TestEvents>(event: E, ...args: TestEvents[E]): boolean {
    return this.emit(event, ...args);
  }
}

describe(Emitter.name, () => {
  it('calls listeners in the order they were added; once ones a single time; off removes either kind', () => {
    const sut = new Ticker();
    const seen: string[] = [];
    const a = (n: number): void => void seen.push(`a${n}`);
    const b = (n: number): void => void seen.push(`b${n}`);
    sut
      .on('tick', a)
      .once('tick', b)
      .on('tick', (n) => seen.push(`c${n}`));
    sut.fire('tick', 1);
    sut.fire('tick', 2);
    sut.off('tick', a);
    sut.fire('tick', 3);
    expect(seen).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'c3']);

    const d = (): void => void seen.push('d');
    sut.once('done', d).off('done', d);
    expect(sut.fire('done')).toBe(false);
  });

  it('runs an emit with the listeners it started with, whatever they add or remove', () => {
    const sut = new Ticker();
    const seen: string[] = [];
    const second = (): void => void seen.push('second');
    sut.on('done', () => {
      seen.push('first');
      sut.off('done', second);
      sut.on('done', () => seen.push('added'));
    });
    sut.on('done', second);
    sut.fire('done');
    expect(seen).toEqual(['first', 'second']);
    expect(sut.listenerCount('done')).toBe(2);
  });

  it('subscribes by a name given as a string, as helpers that wait for "an event of type X" do', () => {
    const sut = new Ticker();
    const seen: unknown[] = [];
    const name: string = 'tick';
    sut.on(name, (n: number) => seen.push(n));
    sut.fire('tick', 7);
    expect(seen).toEqual([7]);
  });
});
