import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ReplanLimitError } from '../errors/replan-limit-error.js';
import { RunTimeoutError } from '../errors/run-timeout-error.js';
import { TaskSkippedError } from '../errors/task-skipped-error.js';
import { fakeTool } from '../test/fake-tool.js';
import { tool } from '../tool/tool.js';
import { scriptedModel } from '../test/scripted-model.js';
import type { RunEvent } from './run-event.js';
import { createCompiler } from './create-compiler.js';

function tools() {
  const search = fakeTool({
    name: 'search',
    input: z.object({ query: z.string() }),
    sideEffects: 'none',
    latencyMs: 100,
    result: ({ query }: { query: string }) => ({ query, depth: query.length * 100 }),
  });
  const math = fakeTool({
    name: 'math',
    input: z.object({ problem: z.string(), context: z.array(z.unknown()).optional() }),
    sideEffects: 'none',
    latencyMs: 10,
    result: ({ context }: { problem: string; context?: unknown[] | undefined }) => (context ?? []).length,
  });
  const write = fakeTool({ name: 'write', input: z.object({ text: z.string() }), sideEffects: 'unsafe', latencyMs: 10, result: 'written' });
  return { search, math, write };
}

const PLAN = '1. search("Mariana Trench")\n2. search(query="Puerto Rico Trench")\n3. math("difference", context=[$1.depth, $2.depth])\n4. join()';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createCompiler().run', () => {
  it('plans, runs the tasks and answers, with every task, round, usage and event in the result', async () => {
    const { search, math } = tools();
    const model = scriptedModel({
      responses: [
        { text: PLAN, usage: { promptTokens: 100, completionTokens: 40 } },
        { text: 'Thought: both depths are known.\nAction: Finish(About 2 km deeper.)', usage: { promptTokens: 80, completionTokens: 10 } },
      ],
    });
    const run = createCompiler({ model, tools: [search, math] }).run('How much deeper?');
    await vi.runAllTimersAsync();
    const result = await run.result();
    expect(result.answer).toBe('About 2 km deeper.');
    expect(result.tasks.map((record) => [record.task.id, record.outcome, record.value])).toEqual([
      [1, 'ok', { query: 'Mariana Trench', depth: 1400 }],
      [2, 'ok', { query: 'Puerto Rico Trench', depth: 1800 }],
      [3, 'ok', 2],
    ]);
    expect(math.calls[0]?.input).toEqual({ problem: 'difference', context: [1400, 1800] });
    expect(result.rounds).toHaveLength(1);
    expect(result.rounds[0]).toMatchObject({ round: 1, taskIds: [1, 2, 3], planEnd: 'join', finishReason: 'stop' });
    expect(result.usage).toEqual({
      planner: { promptTokens: 100, completionTokens: 40, totalTokens: 140 },
      joiner: { promptTokens: 80, completionTokens: 10, totalTokens: 90 },
      total: { promptTokens: 180, completionTokens: 50, totalTokens: 230 },
      calls: 2,
    });
    expect(result.events.map((event) => event.sequence)).toEqual(result.events.map((_, index) => index));
    const types = result.events.map((event) => event.type).filter((type) => type !== 'plan-token');
    expect(types[0]).toBe('run-start');
    expect(types.at(-1)).toBe('run-end');
    expect(types.filter((type) => type === 'task-end')).toHaveLength(3);
    expect(types.indexOf('join-start')).toBeGreaterThan(types.lastIndexOf('task-end'));
    // The planner was asked to stop at <END_OF_PLAN> and shown the tools.
    expect(model.requests[0]?.stop).toEqual(['<END_OF_PLAN>']);
    expect(model.requests[0]?.messages.map((message) => message.content).join('\n')).toContain('search(query: string)');
  });

  it('gives every tool call the run id, the same in every round', async () => {
    const seen: string[] = [];
    const probe = tool({
      name: 'probe',
      description: 'Records the run id it is called with.',
      input: z.object({}),
      sideEffects: 'none',
      execute: (_input, { runId, taskId }) => {
        seen.push(`${runId}:${taskId}`);
        return taskId;
      },
    });
    const model = scriptedModel({
      responses: ['1. probe()\n2. probe()\n3. join()', 'Thought: again.\nAction: Replan(once more)', '4. probe()\n5. join()', 'Action: Finish(done)'],
    });
    const run = createCompiler({ model, tools: [probe], maxReplans: 1 }).run('Which run is this?');
    await vi.runAllTimersAsync();
    await run.result();
    expect(seen).toEqual([`${run.id}:1`, `${run.id}:2`, `${run.id}:4`]);
  });

  it('starts the first task while the plan is still streaming', async () => {
    const { search, math } = tools();
    const model = scriptedModel({
      chunkSize: 4,
      delayPerChunkMs: 20,
      responses: [PLAN, 'Action: Finish(done)'],
    });
    const run = createCompiler({ model, tools: [search, math] }).run('q');
    await vi.runAllTimersAsync();
    const { events } = await run.result();
    const firstStart = events.find((event) => event.type === 'task-start')!;
    const planEnd = events.find((event) => event.type === 'plan-end')!;
    expect(firstStart.time).toBeLessThan(planEnd.time);
    // Task 1 starts in the tick its closing parenthesis arrives: chunk k (from 0) arrives at 20 * k ms.
    const chunkWithParenthesis = Math.floor(PLAN.indexOf(')') / 4);
    expect(search.calls[0]?.startedAt).toBe(chunkWithParenthesis * 20);
  });

  it('replans with the results of round 1, which are never rerun', async () => {
    const { search, math } = tools();
    const model = scriptedModel({
      responses: [
        '1. search("a")\n2. join()',
        'Thought: need the depth in km.\nAction: Replan(convert $1 to km)',
        '2. math("km", context=[$1.depth])\n3. join()',
        'Action: Finish(0.1 km)',
      ],
    });
    const run = createCompiler({ model, tools: [search, math] }).run('q');
    await vi.runAllTimersAsync();
    const result = await run.result();
    expect(result.answer).toBe('0.1 km');
    expect(search.calls).toHaveLength(1);
    expect(math.calls[0]?.input).toEqual({ problem: 'km', context: [100] });
    expect(result.rounds.map((round) => [round.round, round.taskIds, round.decision?.action.type])).toEqual([
      [1, [1], 'replan'],
      [2, [2], 'finish'],
    ]);
    const replanPrompt = model.requests[2]!.messages.map((message) => message.content).join('\n');
    expect(replanPrompt).toContain('convert $1 to km');
    expect(replanPrompt).toContain('"depth":100');
    expect(result.events.some((event) => event.type === 'replan')).toBe(true);
  });

  it('fails with ReplanLimitError when the joiner replans after the last allowed round', async () => {
    const { search } = tools();
    const model = scriptedModel({ responses: ['1. search("a")\n2. join()', 'Action: Replan(more)'] });
    const run = createCompiler({ model, tools: [search], maxReplans: 0 }).run('q');
    const settled = run.result().catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    const error = await settled;
    expect(ReplanLimitError.isInstance(error)).toBe(true);
    expect(run.events.at(-1)).toMatchObject({ type: 'run-end', status: 'failed' });
  });

  it('never runs an unsafe tool of a plan cut off by the token limit, and still answers', async () => {
    const { search, write } = tools();
    const model = scriptedModel({
      responses: [
        { text: '1. search("a")\n2. write(text="report")\n3. search("b")', finishReason: 'length' },
        'Action: Finish(partial)',
      ],
    });
    const run = createCompiler({ model, tools: [search, write] }).run('q');
    await vi.runAllTimersAsync();
    const result = await run.result();
    expect(write.calls).toHaveLength(0);
    expect(result.tasks.map((record) => [record.task.id, record.outcome])).toEqual([
      [1, 'ok'],
      [2, 'skipped'],
      [3, 'ok'],
    ]);
    expect(TaskSkippedError.isInstance(result.tasks[1]!.error)).toBe(true);
    expect(result.events.find((event) => event.type === 'plan-end')).toMatchObject({ clean: false, finishReason: 'length', reason: 'eof' });
    // The joiner is told what was skipped and why.
    expect(model.requests[1]!.messages.map((message) => message.content).join('\n')).toContain('did not end cleanly');
  });

  it('gives the joiner a failed tool as an observation and skips its dependents', async () => {
    const broken = fakeTool({ name: 'broken', sideEffects: 'none', fail: new Error('service down') });
    const { math } = tools();
    const model = scriptedModel({ responses: ['1. broken()\n2. math("x", [$1])\n3. join()', 'Action: Finish(could not)'] });
    const run = createCompiler({ model, tools: [broken, math] }).run('q');
    await vi.runAllTimersAsync();
    const result = await run.result();
    expect(result.tasks.map((record) => record.outcome)).toEqual(['error', 'skipped']);
    expect(math.calls).toHaveLength(0);
    expect(model.requests[1]!.messages.map((message) => message.content).join('\n')).toContain('service down');
  });

  it('aborts mid-run: the running tools are aborted and the result rejects with the reason', async () => {
    const slow = fakeTool({ name: 'slow', sideEffects: 'none', latencyMs: 10_000 });
    const model = scriptedModel({ responses: ['1. slow()\n2. slow()\n3. join()', 'Action: Finish(x)'] });
    const controller = new AbortController();
    const run = createCompiler({ model, tools: [slow] }).run('q', { signal: controller.signal });
    const settled = run.result().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(100);
    expect(slow.inFlight).toBe(2);
    const reason = new Error('user cancelled');
    controller.abort(reason);
    await vi.runAllTimersAsync();
    expect(await settled).toBe(reason);
    expect(slow.calls.map((call) => call.outcome)).toEqual(['aborted', 'aborted']);
    expect(run.events.at(-1)).toMatchObject({ type: 'run-end', status: 'aborted', error: reason });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('aborts with a RunTimeoutError past timeoutMs', async () => {
    const slow = fakeTool({ name: 'slow', sideEffects: 'none', latencyMs: 10_000 });
    const model = scriptedModel({ responses: ['1. slow()\n2. join()', 'Action: Finish(x)'] });
    const run = createCompiler({ model, tools: [slow], timeoutMs: 500 }).run('q');
    const settled = run.result().catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    const error = await settled;
    expect(RunTimeoutError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe('The run did not finish within its timeout of 500 ms');
  });

  it('fails with the model error when the planner call throws, leaving unsafe tools unrun', async () => {
    const { search, write } = tools();
    const failure = new Error('503 from the model');
    const model = scriptedModel({ responses: [{ text: '1. search("a")\n2. write(text="x")\n3. join()', failure: { type: 'throw', error: failure, afterChunks: 8 } }] });
    const run = createCompiler({ model, tools: [search, write] }).run('q');
    const settled = run.result().catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    expect(await settled).toBe(failure);
    expect(write.calls).toHaveLength(0);
    expect(run.events.at(-1)).toMatchObject({ type: 'run-end', status: 'failed', error: failure });
  });

  it('keeps going when a listener throws, and gives every event to each async iteration', async () => {
    const { search } = tools();
    const model = scriptedModel({ responses: ['1. search("a")\n2. join()', 'Action: Finish(ok)'] });
    const run = createCompiler({ model, tools: [search] }).run('q');
    const seen: string[] = [];
    run.on('run-start', (event) => seen.push(`start:${event.sequence}`));
    run.on('task-end', () => {
      throw new Error('listener bug');
    });
    run.on('task-end', (event) => seen.push(`${event.record.task.id}:${event.record.outcome}`));
    const iterated: RunEvent[] = [];
    const iteration = (async () => {
      for await (const event of run) iterated.push(event);
    })();
    await vi.runAllTimersAsync();
    const result = await run.result();
    await iteration;
    expect(result.answer).toBe('ok');
    expect(seen).toEqual(['start:0', '1:ok']);
    expect(iterated).toEqual(result.events);
  });

  it('runs a JSON plan with references as strings', async () => {
    const { search, math } = tools();
    const plan = JSON.stringify({
      tasks: [
        { id: 1, tool: 'search', args: { query: 'ab' } },
        { id: 2, tool: 'math', args: { problem: 'double', context: ['$1.depth'] } },
        { tool: 'join' },
      ],
    });
    const model = scriptedModel({ responses: [plan, 'Action: Finish(ok)'] });
    const run = createCompiler({ model, tools: [search, math], planner: { format: 'json' } }).run('q');
    await vi.runAllTimersAsync();
    const result = await run.result();
    expect(math.calls[0]?.input).toEqual({ problem: 'double', context: [200] });
    expect(model.requests[0]?.responseFormat).toEqual({ type: 'json' });
    expect(result.rounds[0]).toMatchObject({ planEnd: 'join', finishReason: 'stop' });
  });

  it('runs a plan written as native tool calls, ending with a join call', async () => {
    const { search, math } = tools();
    const model = scriptedModel({
      responses: [
        {
          toolCalls: [
            { name: 'search', arguments: { query: 'abc' } },
            { name: 'math', arguments: { problem: 'p', context: ['$1.depth'] } },
            { name: 'join', arguments: {} },
          ],
        },
        'Action: Finish(ok)',
      ],
    });
    const run = createCompiler({ model, tools: [search, math], planner: { format: 'tool-calls' } }).run('q');
    await vi.runAllTimersAsync();
    const result = await run.result();
    expect(result.tasks.map((record) => [record.task.id, record.task.tool, record.outcome])).toEqual([
      [1, 'search', 'ok'],
      [2, 'math', 'ok'],
    ]);
    expect(math.calls[0]?.input).toEqual({ problem: 'p', context: [300] });
    expect(model.requests[0]?.tools?.map((definition) => definition.name)).toEqual(['search', 'math', 'join']);
    expect(result.events.find((event) => event.type === 'plan-end')).toMatchObject({ clean: true, finishReason: 'tool-calls' });
  });

  it('accepts a function joiner', async () => {
    const { search } = tools();
    const model = scriptedModel({ responses: ['1. search("abc")\n2. join()'] });
    const run = createCompiler({
      model,
      tools: [search],
      joiner: ({ tasks }) => String((tasks.at(-1)!.value as { depth: number }).depth),
    }).run('q');
    await vi.runAllTimersAsync();
    expect((await run.result()).answer).toBe('300');
    expect(model.requests).toHaveLength(1);
  });

  it('checks its options', () => {
    const model = scriptedModel({ responses: [] });
    expect(() => createCompiler({ model, tools: [], maxReplans: -1 })).toThrow('Expected `maxReplans` to be an integer from 0 and up, got `-1` (number)');
    expect(() => createCompiler({ model: {} as never, tools: [] })).toThrow('Expected `model` to be a LanguageModel');
    expect(() => createCompiler({ model, tools: [] }).run('  ')).toThrow('Expected `input` to be a question (a non-empty string) or a conversation');
  });
});
