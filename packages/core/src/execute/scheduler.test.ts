import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApprovalRejectedError } from '../errors/approval-rejected-error.js';
import { ReferencePathError } from '../errors/reference-path-error.js';
import { TaskAbortedError } from '../errors/task-aborted-error.js';
import { TaskSkippedError } from '../errors/task-skipped-error.js';
import { ToolInputError } from '../errors/tool-input-error.js';
import { ToolTimeoutError } from '../errors/tool-timeout-error.js';
import { UnknownToolError } from '../errors/unknown-tool-error.js';
import type { Task } from '../graph/task.js';
import { parsePlan } from '../plan/create-plan-parser.js';
import { toToolMap } from '../plan/tool-map.js';
import { tool, type AnyTool, type SideEffects } from '../tool/tool.js';
import { Scheduler, type SchedulerEvent, type SchedulerOptions } from './scheduler.js';

/** A tool that waits `latency` ms (fake clock), records its calls and the most that ran at once. */
function timedTool(
  name: string,
  options: {
    latency?: number;
    result?: (input: { x?: unknown }) => unknown;
    sideEffects?: SideEffects;
    concurrency?: number;
    timeoutMs?: number;
    fail?: (attempt: number) => unknown;
    retry?: { attempts: number; jitter?: boolean };
    needsApproval?: boolean;
  } = {},
) {
  const stats = { calls: [] as { input: unknown; at: number; attempt: number }[], inFlight: 0, maxInFlight: 0, aborted: 0 };
  const definition = tool({
    name,
    description: `${name} tool`,
    input: z.object({ x: z.unknown().optional() }),
    sideEffects: options.sideEffects ?? 'none',
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.retry === undefined ? {} : { retry: { jitter: false, initialDelayMs: 500, ...options.retry } }),
    ...(options.needsApproval === undefined ? {} : { needsApproval: options.needsApproval }),
    execute: (input, { signal, attempt }) => {
      stats.calls.push({ input, at: Date.now(), attempt });
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      return new Promise((resolve, reject) => {
        // Without a run signal or a timeout, every call gets the same never-aborted signal, shared by all the
        // tests of this file: a call that settles must take its listener off, or they pile up on it.
        const onAbort = () => {
          clearTimeout(timer);
          stats.inFlight--;
          stats.aborted++;
          reject(signal.reason);
        };
        const done = () => {
          signal.removeEventListener('abort', onAbort);
          stats.inFlight--;
          const failure = options.fail?.(attempt);
          if (failure !== undefined) reject(failure);
          else resolve(options.result ? options.result(input) : `${name}(${JSON.stringify(input.x ?? null)})`);
        };
        const timer = setTimeout(done, options.latency ?? 100);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
  });
  return Object.assign(Object.create(definition) as typeof definition, { stats });
}

function setup(tools: AnyTool[], plan: string, options: Partial<SchedulerOptions> = {}) {
  const events: SchedulerEvent[] = [];
  const scheduler = new Scheduler({
    tools: toToolMap(tools),
    now: () => Date.now(),
    onEvent: (event) => events.push(event),
    ...options,
  });
  const { tasks } = parsePlan(plan, { tools });
  return { scheduler, tasks, events };
}

function addAll(scheduler: Scheduler, tasks: readonly Task[]): void {
  for (const task of tasks) scheduler.add(task);
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('dispatch', () => {
  it('runs independent tasks at the same time: the run takes the longest, not the sum', async () => {
    const a = timedTool('a', { latency: 100 });
    const b = timedTool('b', { latency: 300 });
    const { scheduler, tasks } = setup([a, b], '1. a()\n2. b()\n3. a(x=1)\n4. join()');
    addAll(scheduler, tasks);
    scheduler.endPlan(true);
    await vi.advanceTimersByTimeAsync(300);
    await scheduler.idle();
    const records = [...scheduler.records.values()];
    expect(records.map((record) => [record.task.id, record.outcome, record.startedAt, record.endedAt])).toEqual([
      [1, 'ok', 0, 100],
      [2, 'ok', 0, 300],
      [3, 'ok', 0, 100],
    ]);
  });

  it('starts a dependent in the tick its last input settles, with the value itself', async () => {
    const a = timedTool('a', { latency: 50, result: () => ({ rows: [1, 2] }) });
    const b = timedTool('b', { latency: 80 });
    const c = timedTool('c', { latency: 10 });
    const { scheduler, tasks } = setup([a, b, c], '1. a()\n2. b()\n3. c(x=[$1.rows, $2])\n4. join()');
    addAll(scheduler, tasks);
    scheduler.endPlan(true);
    await vi.advanceTimersByTimeAsync(200);
    expect(c.stats.calls).toEqual([{ input: { x: [[1, 2], 'b(null)'] }, at: 80, attempt: 1 }]);
    expect(scheduler.record(3)).toMatchObject({ readyAt: 80, startedAt: 80, endedAt: 90, outcome: 'ok' });
  });

  it('starts tasks while the plan is still streaming, before the plan ends', async () => {
    const a = timedTool('a', { latency: 50 });
    const b = timedTool('b', { latency: 50 });
    const { scheduler, tasks } = setup([a, b], '1. a()\n2. b(x=$1)\n3. join()');
    scheduler.add(tasks[0]!);
    await vi.advanceTimersByTimeAsync(30);
    expect(a.stats.calls.map((call) => call.at)).toEqual([0]);
    scheduler.add(tasks[1]!);
    await vi.advanceTimersByTimeAsync(40);
    // Task 2 started at 50, when task 1 finished, though the plan has not ended yet.
    expect(b.stats.calls.map((call) => call.at)).toEqual([50]);
    scheduler.endPlan(true);
    await vi.advanceTimersByTimeAsync(100);
    await scheduler.idle();
    expect(scheduler.record(2)?.outcome).toBe('ok');
  });

  it('never exceeds the global and the per-tool limits', async () => {
    const a = timedTool('a', { latency: 10, concurrency: 1 });
    const b = timedTool('b', { latency: 10 });
    const plan = Array.from({ length: 12 }, (_, i) => `${i + 1}. ${i % 3 === 0 ? 'a' : 'b'}(x=${i})`).join('\n');
    let running = 0;
    let maxRunning = 0;
    const { scheduler, tasks } = setup([a, b], plan, {
      concurrency: 3,
      onEvent: (event) => {
        if (event.type === 'task-start') maxRunning = Math.max(maxRunning, ++running);
        if (event.type === 'task-end' && event.record.startedAt !== undefined) running--;
      },
    });
    addAll(scheduler, tasks);
    scheduler.endPlan(true);
    await vi.advanceTimersByTimeAsync(1000);
    await scheduler.idle();
    expect(maxRunning).toBe(3);
    expect(a.stats.maxInFlight).toBe(1);
    expect(a.stats.calls.length + b.stats.calls.length).toBe(12);
    expect([...scheduler.records.values()].every((record) => record.outcome === 'ok')).toBe(true);
  });
});

describe('failures', () => {
  it('settles a throwing tool as error and skips its dependents with a reason', async () => {
    const boom = new Error('boom');
    const a = timedTool('a', { latency: 10, fail: () => boom });
    const b = timedTool('b', { latency: 10 });
    const { scheduler, tasks } = setup([a, b], '1. a()\n2. b(x=$1)\n3. b(x=$2)\n4. b()\n5. join()');
    addAll(scheduler, tasks);
    scheduler.endPlan(true);
    await vi.advanceTimersByTimeAsync(100);
    await scheduler.idle();
    expect(scheduler.record(1)).toMatchObject({ outcome: 'error', error: boom });
    const skipped = scheduler.record(2)!.error;
    expect(TaskSkippedError.isInstance(skipped)).toBe(true);
    expect((skipped as Error).message).toBe('Task 2 was skipped: task 1, which it depends on, ended with `error`');
    expect(scheduler.record(3)).toMatchObject({ outcome: 'skipped', attempts: 0 });
    expect(scheduler.record(4)?.outcome).toBe('ok');
    expect(b.stats.calls).toHaveLength(1);
  });

  it('aborts a tool that hangs past its timeout and settles it as timeout', async () => {
    const slow = timedTool('slow', { latency: 10_000, timeoutMs: 200 });
    const { scheduler, tasks } = setup([slow], '1. slow()\n2. join()');
    addAll(scheduler, tasks);
    scheduler.endPlan(true);
    await vi.advanceTimersByTimeAsync(200);
    await scheduler.idle();
    const record = scheduler.record(1)!;
    expect(record.outcome).toBe('timeout');
    expect(ToolTimeoutError.isInstance(record.error)).toBe(true);
    expect((record.error as Error).message).toBe('Task 1: tool `slow` did not finish within its timeout of 200 ms');
    expect(slow.stats.aborted).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('retries with exponential back-off and reports each retry', async () => {
    const flaky = timedTool('flaky', { latency: 10, fail: (attempt) => (attempt < 3 ? new Error(`try ${attempt}`) : undefined), retry: { attempts: 3 } });
    const { scheduler, tasks, events } = setup([flaky], '1. flaky()\n2. join()');
    addAll(scheduler, tasks);
    scheduler.endPlan(true);
    await vi.advanceTimersByTimeAsync(10_000);
    await scheduler.idle();
    expect(flaky.stats.calls.map((call) => [call.attempt, call.at])).toEqual([
      [1, 0],
      [2, 510],
      [3, 1520],
    ]);
    expect(events.filter((event) => event.type === 'task-retry').map((event) => (event as { delayMs: number }).delayMs)).toEqual([500, 1000]);
    expect(scheduler.record(1)).toMatchObject({ outcome: 'ok', attempts: 3 });
  });

  it('fails a task whose reference path does not exist, naming the keys', async () => {
    const a = timedTool('a', { latency: 10, result: () => ({ rows: [] }) });
    const { scheduler, tasks } = setup([a], '1. a()\n2. a(x=$1.nope)\n3. join()');
    addAll(scheduler, tasks);
    scheduler.endPlan(true);
    await vi.advanceTimersByTimeAsync(100);
    const error = scheduler.record(2)!.error;
    expect(ReferencePathError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe('Task 2: `$1.nope` has no property `nope`: the result of task 1 is an object with keys rows');
  });

  it('fails a task whose input does not fit the schema, without calling the tool', async () => {
    const strict = tool({ name: 'strict', description: 'd', input: z.object({ n: z.number() }), sideEffects: 'none', execute: vi.fn() });
    const { scheduler, tasks } = setup([strict], '1. strict(n="seven")\n2. join()');
    addAll(scheduler, tasks);
    scheduler.endPlan(true);
    await scheduler.idle();
    expect(ToolInputError.isInstance(scheduler.record(1)!.error)).toBe(true);
    expect(strict.execute).not.toHaveBeenCalled();
  });

  it('settles a task with an unknown tool as error, and skips its dependents', async () => {
    const a = timedTool('a');
    const { scheduler, tasks } = setup([a], '1. nope()\n2. a(x=$1)\n3. join()');
    addAll(scheduler, tasks);
    scheduler.endPlan(true);
    await scheduler.idle();
    expect(UnknownToolError.isInstance(scheduler.record(1)!.error)).toBe(true);
    expect(scheduler.record(2)?.outcome).toBe('skipped');
    expect(a.stats.calls).toHaveLength(0);
  });

  it('aborts the running tools and settles every unfinished task when the run is aborted', async () => {
    const controller = new AbortController();
    const a = timedTool('a', { latency: 1000 });
    const unsafe = timedTool('write', { latency: 10, sideEffects: 'unsafe' });
    const { scheduler, tasks } = setup([a, unsafe], '1. a()\n2. a(x=$1)\n3. write()\n4. join()', { signal: controller.signal });
    addAll(scheduler, tasks);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(new Error('user cancelled'));
    await scheduler.idle();
    expect([...scheduler.records.values()].map((record) => record.outcome)).toEqual(['aborted', 'aborted', 'aborted']);
    expect(TaskAbortedError.isInstance(scheduler.record(1)!.error)).toBe(true);
    expect((scheduler.record(1)!.error as Error).message).toBe('Task 1 was aborted: user cancelled');
    expect(a.stats.aborted).toBe(1);
    expect(unsafe.stats.calls).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('abort', () => {
  it('settles a running task whose input or output validation never finishes, and ignores what comes later', async () => {
    const controller = new AbortController();
    let release!: (valid: boolean) => void;
    const stuckInput = tool({
      name: 'stuck_input',
      description: 'Its input is validated forever.',
      input: z.object({}).refine(() => new Promise<boolean>(() => {})),
      sideEffects: 'none',
      execute: () => 1,
    });
    const stuckOutput = tool({
      name: 'stuck_output',
      description: 'Its output is validated until released.',
      input: z.object({}),
      output: z.number().refine(() => new Promise<boolean>((resolve) => (release = resolve))),
      sideEffects: 'none',
      execute: () => 2,
    });
    const { scheduler, tasks, events } = setup([stuckInput, stuckOutput], '1. stuck_input()\n2. stuck_output()\n3. join()', { signal: controller.signal });
    addAll(scheduler, tasks);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('user cancelled'));
    await scheduler.idle();
    expect([...scheduler.records.values()].map((record) => record.outcome)).toEqual(['aborted', 'aborted']);
    release(true);
    await vi.advanceTimersByTimeAsync(10);
    expect(scheduler.record(2)!.outcome).toBe('aborted');
    expect(events.filter((event) => event.type === 'task-end')).toHaveLength(2);
  });
});

describe('stream safety', () => {
  it('holds an unsafe tool until the plan ends cleanly', async () => {
    const a = timedTool('a', { latency: 10 });
    const write = timedTool('write', { latency: 10, sideEffects: 'unsafe' });
    const { scheduler, tasks } = setup([a, write], '1. a()\n2. write(x=$1)\n3. join()');
    addAll(scheduler, tasks);
    await vi.advanceTimersByTimeAsync(50);
    expect(write.stats.calls).toHaveLength(0);
    scheduler.endPlan(true);
    await vi.advanceTimersByTimeAsync(50);
    expect(write.stats.calls.map((call) => call.at)).toEqual([50]);
  });

  it('never runs an unsafe tool when the plan is cut off', async () => {
    const a = timedTool('a', { latency: 10 });
    const write = timedTool('write', { latency: 10, sideEffects: 'unsafe' });
    const { scheduler, tasks } = setup([a, write], '1. a()\n2. write()\n3. a(x=$2)');
    addAll(scheduler, tasks);
    await vi.advanceTimersByTimeAsync(50);
    scheduler.endPlan(false);
    await scheduler.idle();
    expect(write.stats.calls).toHaveLength(0);
    expect(scheduler.record(1)?.outcome).toBe('ok');
    expect(scheduler.record(2)).toMatchObject({ outcome: 'skipped' });
    expect((scheduler.record(2)!.error as Error).message).toBe(
      'Task 2 was not run: `write` has side effects and the plan did not end cleanly with join()',
    );
    expect(scheduler.record(3)?.outcome).toBe('skipped');
  });

  it("with eager 'none' starts nothing before the plan ends, with 'all' starts unsafe tools at once", async () => {
    const write = timedTool('write', { latency: 10, sideEffects: 'unsafe' });
    const a = timedTool('a', { latency: 10 });
    const none = setup([a, write], '1. a()\n2. join()', { eager: 'none' });
    addAll(none.scheduler, none.tasks);
    await vi.advanceTimersByTimeAsync(50);
    expect(a.stats.calls).toHaveLength(0);
    none.scheduler.endPlan(true);
    await vi.advanceTimersByTimeAsync(50);
    expect(a.stats.calls).toHaveLength(1);

    const all = setup([a, write], '1. write()\n2. join()', { eager: 'all' });
    addAll(all.scheduler, all.tasks);
    await vi.advanceTimersByTimeAsync(0);
    expect(write.stats.calls.map((call) => call.at)).toEqual([50 + 50]);
  });
});

describe('approval', () => {
  it('asks once, runs an approved task once, and reports the rejection of another as its observation', async () => {
    const send = timedTool('send', { latency: 10, needsApproval: true });
    const approve = vi.fn(async ({ input }: { input: unknown }) => (input as { x: string }).x === 'ok');
    const { scheduler, tasks, events } = setup([send], '1. send(x="ok")\n2. send(x="no")\n3. join()', { approve });
    addAll(scheduler, tasks);
    scheduler.endPlan(true);
    await vi.advanceTimersByTimeAsync(100);
    await scheduler.idle();
    expect(approve).toHaveBeenCalledTimes(2);
    expect(send.stats.calls.map((call) => call.input)).toEqual([{ x: 'ok' }]);
    expect(scheduler.record(1)?.outcome).toBe('ok');
    const rejected = scheduler.record(2)!;
    expect(rejected.outcome).toBe('error');
    expect(ApprovalRejectedError.isInstance(rejected.error)).toBe(true);
    expect(events.filter((event) => event.type === 'approval-response').map((event) => (event as { approved: boolean }).approved)).toEqual([true, false]);
  });

  it('rejects when no approval callback is given', async () => {
    const send = timedTool('send', { needsApproval: true });
    const { scheduler, tasks } = setup([send], '1. send()\n2. join()');
    addAll(scheduler, tasks);
    scheduler.endPlan(true);
    await scheduler.idle();
    expect((scheduler.record(1)!.error as Error).message).toBe('Task 1: the call to `send` was not approved: no approval callback was given');
    expect(send.stats.calls).toHaveLength(0);
  });
});

describe('rounds', () => {
  it('lets a later round reference a result of round 1 without rerunning it', async () => {
    const a = timedTool('a', { latency: 10, result: () => 42 });
    const tools = [a];
    const scheduler = new Scheduler({ tools: toToolMap(tools), now: () => Date.now() });
    for (const task of parsePlan('1. a()\n2. join()', { tools }).tasks) scheduler.add(task);
    scheduler.endPlan(true);
    await vi.advanceTimersByTimeAsync(10);
    await scheduler.idle();
    scheduler.startRound(2);
    for (const task of parsePlan('2. a(x=$1)\n3. join()', { tools, existingIds: [1] }).tasks) scheduler.add(task);
    scheduler.endPlan(true);
    await vi.advanceTimersByTimeAsync(10);
    await scheduler.idle();
    expect(a.stats.calls.map((call) => call.input)).toEqual([{}, { x: 42 }]);
    expect(scheduler.record(2)).toMatchObject({ round: 2, outcome: 'ok' });
  });
});

describe('tools that answer at once', () => {
  const increment = tool({
    name: 'inc',
    description: 'Adds one, at once.',
    input: z.object({ x: z.number() }),
    output: z.number(),
    sideEffects: 'none',
    execute: ({ x }) => x + 1,
  });

  it('settle in the tick they start, with their input and output validated', () => {
    const { scheduler, tasks, events } = setup([increment], '1. inc(x=1)\n2. inc(x=$1)\n3. inc(x="one")\n4. join()');
    addAll(scheduler, tasks);
    expect(events.map((event) => [event.type, event.record.task.id])).toEqual([
      ['task-start', 1],
      ['task-end', 1],
      ['task-start', 2],
      ['task-end', 2],
      ['task-end', 3],
    ]);
    expect([scheduler.record(1)?.value, scheduler.record(2)?.value]).toEqual([2, 3]);
    expect(scheduler.record(3)?.error).toBeInstanceOf(ToolInputError);
  });

  it('run a chain of 20,000 released at once one after another, without deepening the stack', async () => {
    const gate = timedTool('gate', { latency: 10, result: () => 0 });
    const tools = [gate, increment];
    const lines = ['1. gate()', '2. inc(x=$1)'];
    for (let id = 3; id <= 20_001; id++) lines.push(`${id}. inc(x=$${id - 1})`);
    const scheduler = new Scheduler({ tools: toToolMap(tools) });
    addAll(scheduler, parsePlan(`${lines.join('\n')}\n20002. join()`, { tools }).tasks);
    scheduler.endPlan(true);
    await vi.advanceTimersByTimeAsync(10);
    await scheduler.idle();
    expect(scheduler.record(20_001)).toMatchObject({ outcome: 'ok', value: 20_000 });
  });
});
