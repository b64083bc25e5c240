import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import type { ModelRequest, ModelStreamPart } from '../model/language-model.js';
import { fakeTool } from '../test/fake-tool.js';
import { scriptedModel } from '../test/scripted-model.js';
import { tool } from '../tool/tool.js';
import { createCompiler } from '../run/create-compiler.js';
import type { ModelCallInfo, RunInstrumentation, ToolCallInfo } from './run-instrumentation.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const search = () => fakeTool({ name: 'search', input: z.object({ query: z.string() }), sideEffects: 'none', latencyMs: 100, result: ({ query }) => `found ${query}` });

describe('run instrumentation', () => {
  it('runs each tool call inside its toolCall wrapper, which sees the call and whose context reaches the tool', async () => {
    const storage = new AsyncLocalStorage<string>();
    const seen: string[] = [];
    const probe = tool({
      name: 'probe',
      description: 'Returns its query.',
      input: z.object({ query: z.string() }),
      sideEffects: 'none',
      execute: async ({ query }) => {
        await Promise.resolve();
        // After an await, still in the wrapper's context.
        seen.push(`${query} in ${storage.getStore()}`);
        return query;
      },
    });
    const calls: ToolCallInfo[] = [];
    const instrumentation: RunInstrumentation = {
      toolCall: (call, execute) => {
        calls.push(call);
        return storage.run(`task ${call.taskId}`, execute);
      },
    };
    const model = scriptedModel({ responses: ['1. probe("a")\n2. probe("b")\n3. join()', 'Action: Finish(done)'] });
    const run = createCompiler({ model, tools: [probe] }).run('q', { instrumentation });
    await vi.runAllTimersAsync();
    const { tasks } = await run.result();
    expect(tasks.map((record) => record.value)).toEqual(['a', 'b']);
    expect(seen.sort()).toEqual(['a in task 1', 'b in task 2']);
    expect(calls).toEqual([
      { runId: run.id, taskId: 1, tool: 'probe', attempt: 1, input: { query: 'a' } },
      { runId: run.id, taskId: 2, tool: 'probe', attempt: 1, input: { query: 'b' } },
    ]);
  });

  it('wraps every attempt of a retried tool, and takes what a wrapper throws as the call error', async () => {
    const flaky = fakeTool({
      name: 'search',
      input: z.object({ query: z.string() }),
      sideEffects: 'none',
      latencyMs: 10,
      retry: { attempts: 2, initialDelayMs: 5, jitter: false },
      fail: (_input: unknown, attempt: number) => (attempt === 1 ? new RangeError('503') : undefined),
      result: 'found',
    });
    const attempts: number[] = [];
    const model = scriptedModel({ responses: ['1. search("a")\n2. join()', 'Action: Finish(done)'] });
    const retried = createCompiler({ model, tools: [flaky] }).run('q', { instrumentation: { toolCall: (call, execute) => (attempts.push(call.attempt), execute()) } });
    await vi.runAllTimersAsync();
    expect((await retried.result()).tasks[0]).toMatchObject({ outcome: 'ok', attempts: 2 });
    expect(attempts).toEqual([1, 2]);

    const broken = createCompiler({ model: scriptedModel({ responses: ['1. search("a")\n2. join()', 'Action: Finish(done)'] }), tools: [search()] }).run('q', {
      instrumentation: {
        toolCall: () => {
          throw new TypeError('wrapper failed');
        },
      },
    });
    await vi.runAllTimersAsync();
    const [record] = (await broken.result()).tasks;
    expect(record).toMatchObject({ outcome: 'error' });
    expect(record!.error).toBeInstanceOf(TypeError);
  });

  it("runs each planner and joiner call inside its modelCall wrapper, the stream's reading included", async () => {
    const storage = new AsyncLocalStorage<string>();
    const streamedIn: (string | undefined)[] = [];
    const inner = scriptedModel({ responses: ['1. search("a")\n2. join()', 'Action: Finish(done)'] });
    // A model whose stream reads the async context on every part, as an instrumented HTTP client would.
    const model = {
      modelId: 'model',
      async *stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
        for await (const part of inner.stream(request)) {
          streamedIn.push(storage.getStore());
          yield part;
        }
      },
    };
    const calls: ModelCallInfo[] = [];
    const run = createCompiler({ model, tools: [search()] }).run('q', {
      instrumentation: {
        modelCall: (call, stream) => {
          calls.push(call);
          return storage.run(`${call.role} ${call.round}`, stream);
        },
      },
    });
    await vi.runAllTimersAsync();
    expect((await run.result()).answer).toBe('done');
    expect(calls.map(({ role, round, model: id, runId }) => ({ role, round, model: id, runId }))).toEqual([
      { role: 'planner', round: 1, model: 'model', runId: run.id },
      { role: 'joiner', round: 1, model: 'model', runId: run.id },
    ]);
    expect(calls.map((call) => call.request)).toEqual(inner.requests);
    expect(new Set(streamedIn)).toEqual(new Set(['planner 1', 'joiner 1']));
  });

  it('rejects an instrumentation that is not an object of wrappers, naming it', () => {
    const compiler = createCompiler({ model: scriptedModel({ responses: [] }), tools: [search()] });
    expect(() => compiler.run('q', { instrumentation: 'otel' as never })).toThrow(InvalidOptionError);
    expect(() => compiler.run('q', { instrumentation: { toolCall: 1 } as never })).toThrow(/Expected `instrumentation.toolCall` to be a function/);
    expect(() => compiler.run('q', { instrumentation: { onTool: () => {} } as never })).toThrow(/`instrumentation.onTool`/);
  });
});

describe('the events a trace needs', () => {
  it("carry the run's wall-clock origin, and the messages sent to the planner and the joiner, by reference", async () => {
    vi.setSystemTime(1_800_000_000_000);
    const planner = scriptedModel({ modelId: 'planner-model', responses: ['1. search("a")\n2. join()'] });
    const joiner = scriptedModel({ modelId: 'joiner-model', responses: ['Action: Finish(done)'] });
    const run = createCompiler({ model: planner, joiner: { model: joiner }, tools: [search()], planner: { answerInPlan: false } }).run('q');
    await vi.runAllTimersAsync();
    const { events } = await run.result();
    const start = events.find((event) => event.type === 'run-start')!;
    expect(start.timeOrigin).toBeCloseTo(performance.timeOrigin + performance.now() - events.at(-1)!.time, 0);
    const planStart = events.find((event) => event.type === 'plan-start')!;
    expect(planStart.messages).toBe(planner.requests[0]!.messages);
    const joinStart = events.find((event) => event.type === 'join-start')!;
    expect(joinStart.messages).toBe(joiner.requests[0]!.messages);
  });

  it('carry no joiner messages when no model joins: a function joiner, or a plan that stated the answer', async () => {
    const planner = () => scriptedModel({ responses: ['1. search("a")\n2. join($1)', '1. search("a")\n2. join($1)'] });
    const byFunction = createCompiler({ model: planner(), joiner: () => 'done', tools: [search()] }).run('q');
    const stated = createCompiler({ model: planner(), tools: [search()] }).run('q');
    await vi.runAllTimersAsync();
    for (const run of [byFunction, stated]) {
      await run.result();
      expect(run.events.find((event) => event.type === 'join-start')).toMatchObject({ messages: undefined });
    }
    expect(stated.events.find((event) => event.type === 'join-end')).toMatchObject({ source: 'plan' });
  });
});
