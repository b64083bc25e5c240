// Every run settles: an abort or the run's timeout ends it even when the model or a function joiner ignores
// its signal, and many runs may follow one caller signal.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { RunTimeoutError } from '../errors/run-timeout-error.js';
import type { LanguageModel, ModelStreamPart } from '../model/language-model.js';
import { fakeTool } from '../test/fake-tool.js';
import { scriptedModel } from '../test/scripted-model.js';
import { createCompiler } from './create-compiler.js';
import type { JoinerFunction } from './compiler-options.js';
import type { Run } from './run.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const text = (value: string): ModelStreamPart => ({ type: 'text-delta', text: value });
const finish: ModelStreamPart = { type: 'finish', reason: 'stop' };

/**
 * A model written by hand whose streams write their parts, then (with `hang`) never yield again and never
 * throw: the signal is ignored, and `return()` never settles either.
 */
function stuckModel(responses: readonly { readonly parts: readonly ModelStreamPart[]; readonly hang: boolean }[]): LanguageModel & {
  readonly returns: number;
} {
  let calls = 0;
  let returns = 0;
  return {
    modelId: 'stuck',
    get returns() {
      return returns;
    },
    stream() {
      const { parts, hang } = responses[calls++]!;
      let index = 0;
      return {
        [Symbol.asyncIterator]: (): AsyncIterator<ModelStreamPart> => ({
          next: () => {
            if (index < parts.length) return Promise.resolve({ done: false, value: parts[index++]! });
            return hang ? new Promise<never>(() => {}) : Promise.resolve({ done: true, value: undefined });
          },
          return: () => {
            returns++;
            return new Promise<never>(() => {});
          },
        }),
      };
    },
  };
}

const search = () => fakeTool({ name: 'search', input: z.object({ query: z.string() }), sideEffects: 'none', latencyMs: 100, result: 'found' });

/** Whether (and how) the run's result has settled, read without awaiting it. */
function watch(run: Run): { settled: boolean; error: unknown } {
  const state = { settled: false, error: undefined as unknown };
  run.result().then(
    () => {
      state.settled = true;
    },
    (error: unknown) => {
      state.settled = true;
      state.error = error;
    },
  );
  return state;
}

const hangingPlanner = () => stuckModel([{ parts: [text('1. search("a")\n')], hang: true }]);
const hangingJoiner = () =>
  stuckModel([
    { parts: [text('1. search("a")\n2. join()'), finish], hang: false },
    { parts: [text('Thought: the search')], hang: true },
  ]);
const neverJoins: JoinerFunction = () => new Promise<never>(() => {});

describe('a run whose model or function joiner ignores its signal', () => {
  it.each([
    ['the planner stream', hangingPlanner, undefined],
    ['the joiner stream', hangingJoiner, undefined],
    ['the function joiner', () => scriptedModel({ responses: ['1. search("a")\n2. join()'] }), neverJoins],
  ] as const)('settles on run.abort() when %s hangs', async (_, makeModel, joiner) => {
    const model = makeModel();
    const run = createCompiler({ model, tools: [search()], ...(joiner === undefined ? {} : { joiner }) }).run('q');
    const state = watch(run);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state.settled).toBe(false);
    const reason = new Error('user cancelled');
    run.abort(reason);
    await vi.runAllTimersAsync();
    expect(state).toEqual({ settled: true, error: reason });
    expect(run.events.at(-1)).toMatchObject({ type: 'run-end', status: 'aborted', error: reason });
    expect(run.events.filter((event) => event.type === 'run-end')).toHaveLength(1);
    if ('returns' in model) expect(model.returns).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each([
    ['the planner stream', hangingPlanner, undefined],
    ['the joiner stream', hangingJoiner, undefined],
    ['the function joiner', () => scriptedModel({ responses: ['1. search("a")\n2. join()'] }), neverJoins],
  ] as const)('settles with a RunTimeoutError past timeoutMs when %s hangs', async (_, makeModel, joiner) => {
    const run = createCompiler({ model: makeModel(), tools: [search()], timeoutMs: 5_000, ...(joiner === undefined ? {} : { joiner }) }).run('q');
    const state = watch(run);
    await vi.runAllTimersAsync();
    expect(state.settled).toBe(true);
    expect(RunTimeoutError.isInstance(state.error)).toBe(true);
    expect(run.events.at(-1)).toMatchObject({ type: 'run-end', status: 'aborted', error: state.error });
  });

  it('aborts the tasks of a hanging planner and leaves no timer behind', async () => {
    const tool = search();
    const run = createCompiler({ model: hangingPlanner(), tools: [tool] }).run('q');
    const state = watch(run);
    await vi.advanceTimersByTimeAsync(50);
    expect(tool.inFlight).toBe(1);
    run.abort();
    await vi.runAllTimersAsync();
    expect(state.settled).toBe(true);
    expect((state.error as Error).name).toBe('AbortError');
    expect(tool.calls.map((call) => call.outcome)).toEqual(['aborted']);
    const ends = run.events.filter((event) => event.type === 'task-end' || event.type === 'plan-end' || event.type === 'run-end');
    expect(ends.map((event) => event.type).sort()).toEqual(['plan-end', 'run-end', 'task-end']);
    expect(run.events.at(-1)?.type).toBe('run-end');
    expect(run.events.find((event) => event.type === 'plan-end')).toMatchObject({ clean: false });
  });

  it('settles when a listener aborts the run from inside the planner stream', async () => {
    const model = stuckModel([{ parts: [text('1. search('), text('"a")\n')], hang: true }]);
    const run = createCompiler({ model, tools: [search()] }).run('q');
    run.on('plan-token', () => run.abort(new Error('seen enough')));
    const state = watch(run);
    await vi.runAllTimersAsync();
    expect(state.settled).toBe(true);
    expect((state.error as Error).message).toBe('seen enough');
    expect(run.events.filter((event) => event.type === 'plan-token')).toHaveLength(1);
  });
});

describe('runs that follow one caller signal', () => {
  it('add one listener to it whatever their number: 50 runs, no MaxListenersExceededWarning, abort reaches all', async () => {
    const controller = new AbortController();
    const tool = search();
    const compiler = createCompiler({
      model: scriptedModel({ timeToFirstTokenMs: 10, responses: () => '1. search("a")\n2. join()' }),
      tools: [tool],
    });
    const runs = Array.from({ length: 50 }, (_, index) => compiler.run(`question ${index}`, { signal: controller.signal }));
    const states = runs.map(watch);
    await vi.advanceTimersByTimeAsync(50);
    expect(tool.inFlight).toBe(50);
    const reason = new Error('shutting down');
    controller.abort(reason);
    await vi.runAllTimersAsync();
    expect(states.every((state) => state.settled && state.error === reason)).toBe(true);
    expect(runs.every((run) => run.events.at(-1)?.type === 'run-end')).toBe(true);
  });

  it('stop following it once they end: a later abort reaches no finished run', async () => {
    const controller = new AbortController();
    const compiler = createCompiler({
      model: scriptedModel({ responses: () => '1. search("a")\n2. join()' }),
      tools: [search()],
      joiner: () => 'done',
    });
    const runs = Array.from({ length: 20 }, () => compiler.run('q', { signal: controller.signal }));
    await vi.runAllTimersAsync();
    const results = await Promise.all(runs.map((run) => run.result()));
    expect(results.map((result) => result.answer)).toEqual(Array.from({ length: 20 }, () => 'done'));
    controller.abort(new Error('late'));
    expect(runs.every((run) => run.events.at(-1)?.type === 'run-end' && run.events.filter((event) => event.type === 'run-end').length === 1)).toBe(true);
  });
});
