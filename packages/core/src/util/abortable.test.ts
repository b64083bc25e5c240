import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { raceAbort, readStream } from './abortable.js';

/** An async iterator written by hand: yields `values`, then `next()` never settles (unless `end`). */
function source<T>(values: readonly T[], { end = false, returns = 'hang' }: { end?: boolean; returns?: 'hang' | 'reject' | 'throw' } = {}) {
  let index = 0;
  const counts = { next: 0, return: 0 };
  const iterable: AsyncIterable<T> = {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        counts.next++;
        if (index < values.length) return Promise.resolve({ done: false, value: values[index++]! });
        return end ? Promise.resolve({ done: true, value: undefined }) : new Promise<never>(() => {});
      },
      return: () => {
        counts.return++;
        if (returns === 'throw') throw new Error('return threw');
        return returns === 'reject' ? Promise.reject(new Error('return rejected')) : new Promise<never>(() => {});
      },
    }),
  };
  return { iterable, counts };
}

describe('readStream', () => {
  it('reads every part to the end, and then neither closes the stream nor keeps a listener', async () => {
    const { iterable, counts } = source([1, 2, 3], { end: true });
    const controller = new AbortController();
    const parts: number[] = [];
    await readStream(iterable, controller.signal, (part) => parts.push(part));
    expect(parts).toEqual([1, 2, 3]);
    expect(counts).toEqual({ next: 4, return: 0 });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('rejects with the reason at once when the signal aborts, though the stream ignores it', async () => {
    const { iterable, counts } = source(['a']);
    const controller = new AbortController();
    const parts: string[] = [];
    const reading = readStream(iterable, controller.signal, (part) => parts.push(part));
    await Promise.resolve();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(reading).rejects.toBe(reason);
    expect(parts).toEqual(['a']);
    // `return()` was called once, and not waited for: it never settles.
    expect(counts.return).toBe(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('handles a return() that rejects or throws', async () => {
    for (const returns of ['reject', 'throw'] as const) {
      const { iterable, counts } = source([1], { returns });
      const controller = new AbortController();
      const reading = readStream(iterable, controller.signal, () => {});
      controller.abort(new Error('stop'));
      await expect(reading).rejects.toThrow('stop');
      expect(counts.return).toBe(1);
    }
  });

  it('never calls next() once the signal has aborted, also when onPart aborts it', async () => {
    const { iterable, counts } = source([1, 2, 3]);
    const controller = new AbortController();
    await expect(readStream(iterable, AbortSignal.abort(new Error('early')), () => {})).rejects.toThrow('early');
    expect(counts.next).toBe(0);
    const reading = readStream(iterable, controller.signal, () => controller.abort(new Error('from onPart')));
    await expect(reading).rejects.toThrow('from onPart');
    expect(counts).toEqual({ next: 1, return: 1 });
  });

  it('closes the stream when onPart throws, and rejects with that error', async () => {
    const { iterable, counts } = source([1, 2], { end: true });
    const bug = new Error('bug');
    await expect(
      readStream(iterable, new AbortController().signal, () => {
        throw bug;
      }),
    ).rejects.toBe(bug);
    expect(counts.return).toBe(1);
  });

  it('rejects with what the stream throws, without closing it', async () => {
    const failure = new Error('network');
    const calls: string[] = [];
    const iterable: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({
        next: () => {
          calls.push('next');
          return Promise.reject(failure);
        },
        return: () => {
          calls.push('return');
          return Promise.resolve({ done: true, value: undefined });
        },
      }),
    };
    await expect(readStream(iterable, new AbortController().signal, () => {})).rejects.toBe(failure);
    expect(calls).toEqual(['next']);
  });

  it('reads an async generator, and ends it with return() when aborted between parts', async () => {
    let finished = false;
    async function* generate(): AsyncGenerator<number> {
      try {
        yield 1;
        yield 2;
      } finally {
        finished = true;
      }
    }
    const controller = new AbortController();
    await expect(readStream(generate(), controller.signal, () => controller.abort(new Error('enough')))).rejects.toThrow('enough');
    await Promise.resolve();
    expect(finished).toBe(true);
  });
});

describe('raceAbort', () => {
  it('settles like the value when the signal does not abort', async () => {
    await expect(raceAbort(Promise.resolve(1), new AbortController().signal)).resolves.toBe(1);
    await expect(raceAbort(2, undefined)).resolves.toBe(2);
    await expect(raceAbort(Promise.reject(new Error('no')), new AbortController().signal)).rejects.toThrow('no');
  });

  it('rejects with the reason when the signal aborts first, and handles the late rejection of the value', async () => {
    const controller = new AbortController();
    let rejectLater!: (error: Error) => void;
    const racing = raceAbort(new Promise((_, reject) => (rejectLater = reject)), controller.signal);
    controller.abort(new Error('stop'));
    await expect(racing).rejects.toThrow('stop');
    rejectLater(new Error('late'));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    await expect(raceAbort(Promise.reject(new Error('ignored')), AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });
});
