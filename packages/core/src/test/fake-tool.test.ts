import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ToolDefinitionError } from '../errors/tool-definition-error.js';
import type { ToolContext } from '../tool/tool.js';
import { fakeTool, type FakeToolOptions } from './fake-tool.js';

const context = (overrides: Partial<ToolContext> = {}): ToolContext => ({
  signal: new AbortController().signal,
  taskId: 1,
  attempt: 1,
  runId: 'run-1',
  ...overrides,
});

/** How `promise` settles, and at which fake-clock time. */
function settle(promise: unknown): Promise<{ at: number; value?: unknown; error?: unknown }> {
  return Promise.resolve(promise).then(
    (value) => ({ at: Date.now(), value }),
    (error: unknown) => ({ at: Date.now(), error }),
  );
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('fakeTool: definition', () => {
  it('is a real tool with every tool() option passed through', async () => {
    const needsApproval = (): boolean => true;
    const search = fakeTool({
      name: 'search',
      description: 'Search.',
      input: z.object({ query: z.string() }),
      sideEffects: 'none',
      timeoutMs: 1000,
      retry: { attempts: 3, jitter: false },
      concurrency: 2,
      needsApproval,
    });
    expect(search).toMatchObject({
      name: 'search',
      description: 'Search.',
      sideEffects: 'none',
      timeoutMs: 1000,
      concurrency: 2,
      needsApproval,
      retry: { attempts: 3, jitter: false, initialDelayMs: 500 },
    });
    expect(search.inputSchema.jsonSchema()).toMatchObject({ properties: { query: { type: 'string' } }, required: ['query'] });
    expect(await search.inputSchema.validate({ query: 1 })).toMatchObject({ success: false });
    expect(Object.isFrozen(search)).toBe(true);
  });

  it('defaults to a description, an input of any object, and the defaults of tool()', async () => {
    const ping = fakeTool({ name: 'ping', description: undefined });
    expect(ping.description).toBe('A fake tool for tests.');
    expect(ping.inputSchema.jsonSchema()).toEqual({ type: 'object', properties: {} });
    expect(await ping.inputSchema.validate({ anything: [1] })).toEqual({ success: true, value: { anything: [1] } });
    expect(ping).toMatchObject({ sideEffects: 'unsafe', concurrency: Infinity, needsApproval: false, timeoutMs: undefined });
  });

  it('refuses malformed options with a ToolDefinitionError', () => {
    const made = (options: Record<string, unknown>) => () => fakeTool(options as unknown as FakeToolOptions);
    expect(made({ name: 'join' })).toThrow(ToolDefinitionError);
    expect(made({ name: 'x', latency: 5 })).toThrow(/Expected `latency` of tool `x` to be a known option \(.*\), got `5` \(number\)/);
    expect(made({ name: 'x', latencyMs: -1 })).toThrow(
      'Expected `latencyMs` of fake tool `x` to be a non-negative number of milliseconds or a function, got `-1` (number)',
    );
    expect(made({ name: 'x', hang: 'yes' })).toThrow('Expected `hang` of fake tool `x` to be a boolean, got `"yes"` (string)');
  });
});

describe('fakeTool: calls', () => {
  it('returns null at once by default, setting no timer, and records the call', async () => {
    const ping = fakeTool({ name: 'ping' });
    const result = ping.execute({ a: 1 }, context({ taskId: 4, attempt: 2 }));
    expect(vi.getTimerCount()).toBe(0);
    expect(await result).toBeNull();
    expect(ping.calls).toEqual([{ input: { a: 1 }, taskId: 4, attempt: 2, startedAt: 0, endedAt: 0, outcome: 'ok' }]);
  });

  it('returns the result after latencyMs, recording start and end on the fake clock', async () => {
    const search = fakeTool({ name: 'search', latencyMs: 100, result: { rows: [1] } });
    vi.setSystemTime(50);
    const outcome = settle(search.execute({}, context()));
    expect(search.calls).toEqual([{ input: {}, taskId: 1, attempt: 1, startedAt: 50 }]);
    await vi.runAllTimersAsync();
    expect(await outcome).toEqual({ at: 150, value: { rows: [1] } });
    expect(search.calls[0]).toMatchObject({ startedAt: 50, endedAt: 150, outcome: 'ok' });
  });

  it('computes the latency from the input and the attempt', async () => {
    const search = fakeTool({
      name: 'search',
      input: z.object({ ms: z.number() }),
      latencyMs: ({ ms }, attempt) => ms * attempt,
    });
    const first = settle(search.execute({ ms: 10 }, context({ attempt: 1 })));
    const third = settle(search.execute({ ms: 10 }, context({ attempt: 3 })));
    await vi.runAllTimersAsync();
    expect((await first).at).toBe(10);
    expect((await third).at).toBe(30);
  });

  it('computes the result from the input and the context, awaiting a promise', async () => {
    const result = vi.fn(async ({ query }: { query: string }, { taskId }: ToolContext) => `${query} #${taskId}`);
    const search = fakeTool({ name: 'search', input: z.object({ query: z.string() }), result });
    const ctx = context({ taskId: 7 });
    expect(await search.execute({ query: 'x' }, ctx)).toBe('x #7');
    expect(result).toHaveBeenCalledWith({ query: 'x' }, ctx);
  });

  it('records a throwing result function as an error', async () => {
    const search = fakeTool({ name: 'search', result: () => { throw new Error('bad result'); } });
    await expect(search.execute({}, context())).rejects.toThrow('bad result');
    expect(search.calls[0]?.outcome).toBe('error');
  });

  it('throws `fail` after the latency on every call', async () => {
    const down = new Error('503');
    const search = fakeTool({ name: 'search', latencyMs: 40, fail: down, result: 'never' });
    const outcome = settle(search.execute({}, context()));
    await vi.runAllTimersAsync();
    expect(await outcome).toEqual({ at: 40, error: down });
    expect(search.calls[0]).toMatchObject({ endedAt: 40, outcome: 'error' });
  });

  it('fails the attempts a `fail` function returns an error for', async () => {
    const fail = vi.fn((_input: unknown, attempt: number) => (attempt < 3 ? new Error(`attempt ${attempt} failed`) : undefined));
    const search = fakeTool({ name: 'search', fail, result: 'ok' });
    await expect(search.execute({ q: 1 }, context({ attempt: 1 }))).rejects.toThrow('attempt 1 failed');
    await expect(search.execute({ q: 1 }, context({ attempt: 2 }))).rejects.toThrow('attempt 2 failed');
    await expect(search.execute({ q: 1 }, context({ attempt: 3 }))).resolves.toBe('ok');
    expect(fail).toHaveBeenLastCalledWith({ q: 1 }, 3);
    expect(search.calls.map((call) => [call.attempt, call.outcome])).toEqual([[1, 'error'], [2, 'error'], [3, 'ok']]);
  });

  it('fails a call whose latency function returns a bad value', async () => {
    const search = fakeTool({ name: 'search', latencyMs: () => Number.NaN });
    const error: unknown = await Promise.resolve(search.execute({}, context())).catch((caught: unknown) => caught);
    expect(ToolDefinitionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      message: 'Expected `latencyMs` of fake tool `search` to be a function returning a non-negative number of milliseconds, got `NaN` (number)',
    });
    expect(search.calls[0]?.outcome).toBe('error');
  });
});

describe('fakeTool: abort', () => {
  it('hangs until the signal aborts, then rejects with its reason', async () => {
    const controller = new AbortController();
    const stuck = fakeTool({ name: 'stuck', hang: true, latencyMs: 10 });
    const outcome = settle(stuck.execute({}, context({ signal: controller.signal })));
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(stuck.calls[0]?.outcome).toBeUndefined();
    expect(stuck.inFlight).toBe(1);
    const reason = new Error('timed out');
    controller.abort(reason);
    expect(await outcome).toEqual({ at: 3_600_000, error: reason });
    expect(stuck.calls[0]).toMatchObject({ endedAt: 3_600_000, outcome: 'aborted' });
    expect(stuck.inFlight).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with the reason as soon as the signal aborts during the latency, clearing the timer', async () => {
    const controller = new AbortController();
    const slow = fakeTool({ name: 'slow', latencyMs: 1000 });
    const outcome = settle(slow.execute({}, context({ signal: controller.signal })));
    await vi.advanceTimersByTimeAsync(250);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort('cancelled');
    expect(await outcome).toEqual({ at: 250, error: 'cancelled' });
    expect(vi.getTimerCount()).toBe(0);
    expect(slow.calls[0]?.outcome).toBe('aborted');
  });

  it('rejects at once for a signal already aborted, and while an async result is pending', async () => {
    const ping = fakeTool({ name: 'ping', latencyMs: 10 });
    await expect(ping.execute({}, context({ signal: AbortSignal.abort('early') }))).rejects.toBe('early');
    expect(vi.getTimerCount()).toBe(0);

    const controller = new AbortController();
    const pending = fakeTool({ name: 'pending', result: () => new Promise(() => {}) });
    const outcome = Promise.resolve(pending.execute({}, context({ signal: controller.signal })));
    controller.abort('late');
    await expect(outcome).rejects.toBe('late');
    expect(ping.calls[0]?.outcome).toBe('aborted');
    expect(pending.calls[0]?.outcome).toBe('aborted');
  });
});

describe('fakeTool: concurrency', () => {
  it('counts the calls in flight and the most that ran at once', async () => {
    const search = fakeTool({ name: 'search', input: z.object({ ms: z.number() }), latencyMs: ({ ms }) => ms });
    const running = [search.execute({ ms: 100 }, context({ taskId: 1 }))];
    expect([search.inFlight, search.maxConcurrent]).toEqual([1, 1]);
    await vi.advanceTimersByTimeAsync(50);
    running.push(search.execute({ ms: 100 }, context({ taskId: 2 })), search.execute({ ms: 10 }, context({ taskId: 3 })));
    expect([search.inFlight, search.maxConcurrent]).toEqual([3, 3]);
    await vi.advanceTimersByTimeAsync(50); // at 100: tasks 3 and 1 are done
    expect([search.inFlight, search.maxConcurrent]).toEqual([1, 3]);
    await vi.runAllTimersAsync();
    await Promise.all(running);
    running.push(search.execute({ ms: 0 }, context({ taskId: 4 })));
    await Promise.all(running);
    expect([search.inFlight, search.maxConcurrent]).toEqual([0, 3]);
    expect(search.calls.map((call) => [call.taskId, call.startedAt, call.endedAt])).toEqual([
      [1, 0, 100],
      [2, 50, 150],
      [3, 50, 60],
      [4, 150, 150],
    ]);
  });
});
