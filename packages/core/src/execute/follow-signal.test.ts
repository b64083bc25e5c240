import { getEventListeners, getMaxListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { followSignal } from './follow-signal.js';

describe('followSignal', () => {
  it('adds one listener to a signal however many follow it, and removes it when the last leaves', () => {
    const controller = new AbortController();
    const limit = getMaxListeners(controller.signal);
    const leave = Array.from({ length: 50 }, () => followSignal(controller.signal, () => {}));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    for (const unfollow of leave.slice(1)) unfollow();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    leave[0]!();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    // The caller's signal keeps its own listener limit.
    expect(getMaxListeners(controller.signal)).toBe(limit);
  });

  it('tells every follower the reason, in order, and only those still following', () => {
    const controller = new AbortController();
    const told: string[] = [];
    followSignal(controller.signal, (reason) => told.push(`a:${String(reason)}`));
    const leave = followSignal(controller.signal, (reason) => told.push(`b:${String(reason)}`));
    followSignal(controller.signal, (reason) => told.push(`c:${String(reason)}`));
    leave();
    controller.abort('why');
    expect(told).toEqual(['a:why', 'c:why']);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('calls a follower of an aborted signal at once, and leaving then or after an abort does nothing', () => {
    const told: unknown[] = [];
    const unfollow = followSignal(AbortSignal.abort('done'), (reason) => told.push(reason));
    expect(told).toEqual(['done']);
    unfollow();
    const controller = new AbortController();
    const leave = followSignal(controller.signal, () => {});
    controller.abort();
    leave();
    leave();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('lets the same callback follow twice and leave twice', () => {
    const controller = new AbortController();
    let count = 0;
    const onAbort = (): void => {
      count++;
    };
    const first = followSignal(controller.signal, onAbort);
    followSignal(controller.signal, onAbort);
    first();
    controller.abort();
    expect(count).toBe(1);
  });
});
