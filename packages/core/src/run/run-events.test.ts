import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { fakeTool } from '../test/fake-tool.js';
import { scriptedModel } from '../test/scripted-model.js';
import { createCompiler } from './create-compiler.js';
import type { RunEventOf } from './run-event.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const search = () => fakeTool({ name: 'search', input: z.object({ query: z.string() }), sideEffects: 'none', latencyMs: 100, result: 'found' });

describe('run events', () => {
  it('carry snapshots: a stored task-start still shows the task as it was when it started', async () => {
    const model = scriptedModel({ responses: ['1. search("a")\n2. join()', 'Action: Finish(done)'] });
    const run = createCompiler({ model, tools: [search()] }).run('q');
    const starts: RunEventOf<'task-start'>[] = [];
    run.on('task-start', (event) => starts.push(event));
    await vi.runAllTimersAsync();
    const { tasks } = await run.result();
    expect(tasks[0]).toMatchObject({ status: 'settled', outcome: 'ok', value: 'found' });
    expect(starts).toHaveLength(1);
    expect(starts[0]!.record).toMatchObject({ status: 'running', outcome: undefined, value: undefined, endedAt: undefined, attempts: 1 });
    const end = run.events.find((event) => event.type === 'task-end')!;
    expect(end.record).toBe(tasks[0]);
  });

  it("carry each task's resolved input from its start, and the model each planner and joiner call goes to", async () => {
    const planner = scriptedModel({ modelId: 'planner-model', responses: ['1. search("a")\n2. search("$1 and b")\n3. join()'] });
    const joiner = scriptedModel({ modelId: 'joiner-model', responses: ['Action: Finish(done)'] });
    const run = createCompiler({ model: planner, joiner: { model: joiner }, tools: [search()] }).run('q');
    await vi.runAllTimersAsync();
    const { tasks, events } = await run.result();
    const starts = events.filter((event) => event.type === 'task-start');
    expect(starts.map((event) => event.record.input)).toEqual([{ query: 'a' }, { query: 'found and b' }]);
    expect(tasks.map((record) => record.input)).toEqual([{ query: 'a' }, { query: 'found and b' }]);
    expect(events.find((event) => event.type === 'plan-start')).toMatchObject({ model: 'planner-model' });
    expect(events.find((event) => event.type === 'join-start')).toMatchObject({ model: 'joiner-model' });
    const again = scriptedModel({ responses: ['1. search("a")\n2. join()'] });
    const withFunction = createCompiler({ model: again, joiner: () => 'done', tools: [search()] }).run('q');
    await vi.runAllTimersAsync();
    expect((await withFunction.result()).events.find((event) => event.type === 'join-start')).toMatchObject({ model: undefined });
  });

  it("stamp a task as planned at the time of the plan's piece that completed it, and as ended at its record's end", async () => {
    // One chunk every 10 ms: each plan-token event has a time of its own.
    const model = scriptedModel({ chunkSize: 6, delayPerChunkMs: 10, responses: ['1. search("a")\n2. search("b")\n3. join()', 'Action: Finish(done)'] });
    const run = createCompiler({ model, tools: [search()] }).run('q');
    await vi.runAllTimersAsync();
    const { tasks, events } = await run.result();
    for (const record of tasks) {
      const planned = events.find((event) => event.type === 'task-planned' && event.task.id === record.task.id)!;
      const piece = events[planned.sequence - 1]!;
      expect(piece.type).toBe('plan-token');
      expect(planned.time).toBe(piece.time);
      expect(record.plannedAt).toBe(piece.time);
      const end = events.find((event) => event.type === 'task-end' && event.record.task.id === record.task.id)!;
      expect(end.time).toBe(record.endedAt);
    }
    // The two tasks were completed by different pieces, 10 ms apart at least.
    expect(tasks[1]!.plannedAt - tasks[0]!.plannedAt).toBeGreaterThanOrEqual(10);
    const times = events.map((event) => event.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('cannot be changed by a listener', async () => {
    const model = scriptedModel({ responses: ['1. search("a")\n2. join()', 'Action: Finish(done)'] });
    const run = createCompiler({ model, tools: [search()] }).run('q');
    const failures: unknown[] = [];
    run.on('task-end', (event) => {
      try {
        (event.record as { outcome: string }).outcome = 'error';
      } catch (error) {
        failures.push(error);
      }
      try {
        (event as { type: string }).type = 'run-end';
      } catch (error) {
        failures.push(error);
      }
    });
    await vi.runAllTimersAsync();
    const { tasks, events } = await run.result();
    expect(failures).toHaveLength(2);
    expect(tasks[0]!.outcome).toBe('ok');
    expect(events.every((event) => Object.isFrozen(event))).toBe(true);
  });

  it('number each task with the round that planned it', async () => {
    const model = scriptedModel({
      responses: ['1. search("a")\n2. join()', 'Action: Replan(more)', '2. search("b")\n3. join()', 'Action: Finish(done)'],
    });
    const run = createCompiler({ model, tools: [search()] }).run('q');
    await vi.runAllTimersAsync();
    const { tasks, rounds } = await run.result();
    expect(tasks.map((record) => [record.task.id, record.round])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(rounds.map((round) => [round.round, round.taskIds])).toEqual([
      [1, [1]],
      [2, [2]],
    ]);
    const planned = run.events.filter((event) => event.type === 'task-planned').map((event) => [event.task.id, event.round]);
    expect(planned).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('report a native tool call in a text plan as a plan warning, not silently', async () => {
    const model = scriptedModel({
      responses: [
        { text: '1. search("a")\n2. join()', toolCalls: [{ name: 'search', arguments: '{"query":"b"}' }] },
        'Action: Finish(done)',
      ],
    });
    const run = createCompiler({ model, tools: [search()] }).run('q');
    await vi.runAllTimersAsync();
    await run.result();
    const warnings = run.events.filter((event) => event.type === 'plan-warning').map((event) => event.warning.code);
    expect(warnings).toEqual(['ignored-tool-call']);
  });

  it('swallow the rejection of an async listener: the run ends normally and nothing is unhandled', async () => {
    const model = scriptedModel({ responses: ['1. search("a")\n2. join()', 'Action: Finish(done)'] });
    const run = createCompiler({ model, tools: [search()] }).run('q');
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      run.on('*', async () => {
        throw new Error('listener bug');
      });
      await vi.runAllTimersAsync();
      expect((await run.result()).answer).toBe('done');
      vi.useRealTimers();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('run at most maxTasksPerPlan tasks of a plan and show the joiner one error for the rest', async () => {
    const plan = `${Array.from({ length: 5 }, (_, i) => `${i + 1}. search("q${i + 1}")`).join('\n')}\n6. join()`;
    const model = scriptedModel({ responses: [plan, 'Action: Finish(done)'] });
    const tool = search();
    const run = createCompiler({ model, tools: [tool], maxTasksPerPlan: 2 }).run('q');
    await vi.runAllTimersAsync();
    const { tasks, rounds } = await run.result();
    expect(tasks.map((record) => record.task.id)).toEqual([1, 2]);
    expect(tool.calls).toHaveLength(2);
    const errors = run.events.filter((event) => event.type === 'plan-error');
    expect(errors).toHaveLength(1);
    expect(rounds[0]!.errors.map((error) => error.message)).toEqual([
      '3 tasks were not run (from task 3 on): a plan may hold at most 2 tasks (maxTasksPerPlan)',
    ]);
    expect(model.requests[1]!.messages.map((message) => message.content).join('\n')).toContain('3 tasks were not run');
  });

  it('fail with an InvalidOptionError naming the joiner when a function joiner returns neither an answer nor a decision', async () => {
    const model = scriptedModel({ responses: ['1. search("a")\n2. join()'] });
    const run = createCompiler({ model, tools: [search()], joiner: () => ({ answer: 'forgot the action' }) as never }).run('q');
    const settled = run.result().catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    const error = await settled;
    expect(InvalidOptionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^Expected `joiner` to be a function that returns the answer \(a string\) or a JoinerDecision .*, got an object with keys answer$/);
    expect(run.events.at(-1)).toMatchObject({ type: 'run-end', status: 'failed' });
  });
});
