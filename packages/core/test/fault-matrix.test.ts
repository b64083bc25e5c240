// Every fault a run can meet, driven through the public API only (`createCompiler`, `tool`, the
// `@llmcompiler/core/test` helpers): whatever goes wrong, the run settles, with a typed error or with an error
// observation the joiner is shown, `run-end` is its last event (and its only one), and nothing is left as an
// unhandled rejection (the shared test setup, vitest.setup.ts, fails a test that leaves one). Fake timers
// throughout: every row is deterministic and instant.
import {
  ApprovalRejectedError,
  createCompiler,
  InvalidReferenceError,
  JoinerParseError,
  LLMCompilerError,
  ReferencePathError,
  ReplanLimitError,
  RunTimeoutError,
  TaskAbortedError,
  TaskSkippedError,
  TooManyTasksError,
  tool,
  ToolInputError,
  ToolOutputError,
  ToolTimeoutError,
  UnknownToolError,
  type CompilerOptions,
  type LanguageModel,
  type Run,
  type RunResult,
  type TaskRecord,
} from '@llmcompiler/core';
import { fakeTool, scriptedModel, type ScriptedResponse } from '@llmcompiler/core/test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(async () => {
  // Whatever a faulty tool or model still does later is run out too, so late rejections would show.
  await vi.runAllTimersAsync();
  vi.useRealTimers();
});

/** How a run settled, read after running every timer, without awaiting a run that might never end. */
type Settled = { readonly status: 'finished'; readonly result: RunResult } | { readonly status: 'failed' | 'aborted'; readonly error: unknown };

function watch(run: Run): () => Settled {
  let settled: { result: RunResult } | { error: unknown } | undefined;
  run.result().then(
    (result) => (settled = { result }),
    (error: unknown) => (settled = { error }),
  );
  return () => {
    if (settled === undefined) throw new Error('Expected the run to have settled, but it still runs');
    const end = run.events.at(-1);
    if (end?.type !== 'run-end') throw new Error(`Expected run-end to be the last event, got ${end?.type}`);
    expect(run.events.filter((event) => event.type === 'run-end')).toHaveLength(1);
    if ('result' in settled) {
      expect(end.status).toBe('finished');
      return { status: 'finished', result: settled.result };
    }
    expect(end.status).not.toBe('finished');
    expect(end.error === settled.error).toBe(true);
    return { status: end.status as 'failed' | 'aborted', error: settled.error };
  };
}

/** Runs `question` to its end (every timer run out) and says how it settled. */
async function runToEnd(options: CompilerOptions, act?: (run: Run) => Promise<void>): Promise<{ run: Run; settled: Settled }> {
  const run = createCompiler(options).run('q');
  const settled = watch(run);
  if (act !== undefined) await act(run);
  await vi.runAllTimersAsync();
  return { run, settled: settled() };
}

function finished(settled: Settled): RunResult {
  if (settled.status !== 'finished') throw new Error(`Expected the run to finish, but it ${settled.status}`);
  return settled.result;
}

function failed(settled: Settled, status: 'failed' | 'aborted' = 'failed'): unknown {
  if (settled.status === 'finished') throw new Error(`Expected the run to have ${status}, but it finished`);
  expect(settled.status).toBe(status);
  return settled.error;
}

/** A model that plans `plan`, then answers `answer` (each a scripted response). */
function planThenAnswer(plan: ScriptedResponse, ...answers: ScriptedResponse[]) {
  return scriptedModel({ responses: [plan, ...(answers.length === 0 ? ['Action: Finish(done)'] : answers)] });
}

/** What the joiner was shown (its last call's messages). */
function joinerPrompt(model: { requests: readonly { messages: readonly { content: string }[] }[] }): string {
  return model.requests.at(-1)!.messages.map((message) => message.content).join('\n');
}

function hostileProxy(): object {
  const handler = new Proxy(
    {},
    {
      get: (_, trap) => () => {
        throw new Error(`trap ${String(trap)}`);
      },
    },
  );
  return new Proxy({}, handler);
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

const never = <T>(): Promise<T> => new Promise<T>(() => {});
const ok = () => fakeTool({ name: 'ok', input: z.object({ x: z.unknown().optional() }), sideEffects: 'none', latencyMs: 10, result: { n: 1 } });

/** The task's record, asserting it ended with `outcome` and an error `check` accepts. */
function taskOf(result: RunResult, id: number, outcome: TaskRecord['outcome']): TaskRecord {
  const record = result.tasks.find((task) => task.task.id === id)!;
  expect(record.outcome).toBe(outcome);
  return record;
}

describe('fault matrix: tools', () => {
  it.each([
    ['an Error', () => new Error('service down'), 'Error: service down'],
    ['a string', () => 'plain failure', 'Error: plain failure'],
    ['a null-prototype object', () => Object.assign(Object.create(null) as object, { code: 'E_DOWN' }), 'Error: an object with keys code'],
    ['an object whose toString throws', () => ({ toString: (): never => { throw new Error('no text'); } }), 'Error: an object with keys toString'],
    ['a Proxy whose every trap throws', hostileProxy, 'Error: a value that cannot be described'],
    ['a revoked Proxy', revokedProxy, 'Error: a value that cannot be described'],
  ])('a tool throws %s: the task fails with it, the joiner sees it, the run answers', async (_, make, shown) => {
    const thrown = make();
    const broken = fakeTool({ name: 'broken', sideEffects: 'none', latencyMs: 5, fail: () => thrown });
    const model = planThenAnswer('1. broken()\n2. ok(x=$1)\n3. join()');
    const result = finished((await runToEnd({ model, tools: [broken, ok()] })).settled);
    expect(taskOf(result, 1, 'error').error === thrown).toBe(true);
    expect(TaskSkippedError.isInstance(taskOf(result, 2, 'skipped').error)).toBe(true);
    expect(joinerPrompt(model)).toContain(`1. broken()\n   ${shown}`);
  });

  it('a tool hangs past its timeoutMs: the task times out with a ToolTimeoutError', async () => {
    const slow = fakeTool({ name: 'slow', sideEffects: 'none', hang: true, timeoutMs: 1_000 });
    const model = planThenAnswer('1. slow()\n2. join()');
    const result = finished((await runToEnd({ model, tools: [slow] })).settled);
    const { error } = taskOf(result, 1, 'timeout');
    expect(ToolTimeoutError.isInstance(error)).toBe(true);
    expect(joinerPrompt(model)).toContain('Error: Task 1: tool `slow` did not finish within its timeout of 1000 ms');
  });

  it('a tool that ignores its signal hangs past the run timeoutMs: the run ends with a RunTimeoutError', async () => {
    const stuck = tool({ name: 'stuck', description: 'Never returns.', input: z.object({}), sideEffects: 'none', execute: never });
    const { run, settled } = await runToEnd({ model: planThenAnswer('1. stuck()\n2. join()'), tools: [stuck], timeoutMs: 5_000 });
    expect(RunTimeoutError.isInstance(failed(settled, 'aborted'))).toBe(true);
    const end = run.events.find((event) => event.type === 'task-end')!;
    expect(end.record.outcome).toBe('aborted');
    expect(TaskAbortedError.isInstance(end.record.error)).toBe(true);
  });

  it('a tool that ignores its signal hangs and the run is aborted: the run rejects with the reason', async () => {
    const stuck = tool({ name: 'stuck', description: 'Never returns.', input: z.object({}), sideEffects: 'none', execute: never });
    const reason = new Error('user cancelled');
    const { settled } = await runToEnd({ model: planThenAnswer('1. stuck()\n2. join()'), tools: [stuck] }, async (run) => {
      await vi.advanceTimersByTimeAsync(100);
      run.abort(reason);
    });
    expect(failed(settled, 'aborted')).toBe(reason);
  });

  it('a tool rejects after the abort: its late rejection is ignored and handled', async () => {
    const late = tool({
      name: 'late',
      description: 'Fails late, whatever its signal says.',
      input: z.object({}),
      sideEffects: 'none',
      execute: () => new Promise((_, reject) => setTimeout(() => reject(new Error('late failure')), 1_000)),
    });
    const reason = new Error('user cancelled');
    const { run, settled } = await runToEnd({ model: planThenAnswer('1. late()\n2. join()'), tools: [late] }, async (active) => {
      await vi.advanceTimersByTimeAsync(10);
      active.abort(reason);
    });
    expect(failed(settled, 'aborted')).toBe(reason);
    expect(run.events.find((event) => event.type === 'task-end')?.record.outcome).toBe('aborted');
  });

  it('a tool returns output its output schema refuses: the task fails with a ToolOutputError', async () => {
    const wrong = fakeTool({ name: 'wrong', sideEffects: 'none', output: z.object({ depth: z.number() }), result: { depth: 'deep' } as never }); // wrong on purpose
    const model = planThenAnswer('1. wrong()\n2. join()');
    const result = finished((await runToEnd({ model, tools: [wrong] })).settled);
    expect(ToolOutputError.isInstance(taskOf(result, 1, 'error').error)).toBe(true);
    expect(joinerPrompt(model)).toMatch(/1\. wrong\(\)\n {3}Error: .*depth/);
  });

  it('a task gets input its schema refuses once references are substituted: the task fails with a ToolInputError', async () => {
    const count = fakeTool({ name: 'count', sideEffects: 'none', result: 3 });
    const search = fakeTool({ name: 'search', input: z.object({ query: z.string() }), sideEffects: 'none', result: 'found' });
    const result = finished((await runToEnd({ model: planThenAnswer('1. count()\n2. search(query=$1)\n3. join()'), tools: [count, search] })).settled);
    expect(ToolInputError.isInstance(taskOf(result, 2, 'error').error)).toBe(true);
    expect(search.calls).toHaveLength(0);
  });

  it('a reference path is missing from the result: the task fails with a ReferencePathError', async () => {
    const tools = [ok()];
    const result = finished((await runToEnd({ model: planThenAnswer('1. ok()\n2. ok(x=$1.missing)\n3. join()'), tools })).settled);
    const { error } = taskOf(result, 2, 'error');
    expect(ReferencePathError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('n');
    expect(tools[0]!.calls).toHaveLength(1);
  });

  it('an async input schema never settles and the run is aborted: the task settles as aborted', async () => {
    // An async refinement that never settles: zod validates the input asynchronously, forever.
    const stuckSchema = z.object({}).refine(() => never<boolean>());
    const waits = tool({ name: 'waits', description: 'Its input is never validated.', input: stuckSchema, sideEffects: 'none', execute: () => 1 });
    const reason = new Error('user cancelled');
    const { run, settled } = await runToEnd({ model: planThenAnswer('1. waits()\n2. join()'), tools: [waits] }, async (active) => {
      await vi.advanceTimersByTimeAsync(10);
      active.abort(reason);
    });
    expect(failed(settled, 'aborted')).toBe(reason);
    expect(run.events.find((event) => event.type === 'task-end')?.record.outcome).toBe('aborted');
  });

  it('a tool with side effects on a plan cut off by the token limit never runs: it is skipped', async () => {
    const write = fakeTool({ name: 'write', sideEffects: 'unsafe', result: 'written' });
    const model = planThenAnswer({ text: '1. ok()\n2. write()\n3. ok()', finishReason: 'length' });
    const result = finished((await runToEnd({ model, tools: [ok(), write] })).settled);
    const { error } = taskOf(result, 2, 'skipped');
    expect(TaskSkippedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'plan-incomplete' });
    expect(write.calls).toHaveLength(0);
  });

  it('a tool with side effects on a plan whose stream is cut never runs either', async () => {
    const write = fakeTool({ name: 'write', sideEffects: 'unsafe', result: 'written' });
    const model = planThenAnswer({ text: '1. ok()\n2. write()\n3. join()', chunkSize: 1, failure: { type: 'cut', afterChunks: 20 } });
    const { run, settled } = await runToEnd({ model, tools: [ok(), write] });
    const result = finished(settled);
    expect(taskOf(result, 1, 'ok').value).toEqual({ n: 1 });
    expect(TaskSkippedError.isInstance(taskOf(result, 2, 'skipped').error)).toBe(true);
    expect(run.events.find((event) => event.type === 'plan-end')).toMatchObject({ clean: false, finishReason: undefined });
  });
});

describe('fault matrix: models', () => {
  it('the model throws before its first part: the run fails with that error, no tool runs', async () => {
    const failure = new Error('503 from the model');
    const tools = [ok()];
    const { settled } = await runToEnd({ model: planThenAnswer({ text: '1. ok()\n2. join()', failure: { type: 'throw', error: failure } }), tools });
    expect(failed(settled)).toBe(failure);
    expect(tools[0]!.calls).toHaveLength(0);
  });

  it('the model throws from stream() itself: the run fails with that error', async () => {
    const failure = new Error('no connection');
    const model: LanguageModel = {
      modelId: 'broken',
      stream: () => {
        throw failure;
      },
    };
    expect(failed((await runToEnd({ model, tools: [ok()] })).settled)).toBe(failure);
  });

  it('the model throws mid-stream: the run fails with that error once the tasks started have settled', async () => {
    const failure = new Error('connection reset');
    const tools = [ok()];
    const model = planThenAnswer({ text: '1. ok()\n2. ok()\n3. join()', chunkSize: 1, failure: { type: 'throw', error: failure, afterChunks: 10 } });
    const { run, settled } = await runToEnd({ model, tools });
    expect(failed(settled)).toBe(failure);
    expect(run.events.filter((event) => event.type === 'task-end').map((event) => event.record.outcome)).toEqual(['aborted']);
  });

  it('the model throws a value that cannot be described: the run fails with it', async () => {
    const thrown = hostileProxy();
    const { settled } = await runToEnd({ model: planThenAnswer({ text: '1. ok()', failure: { type: 'throw', error: thrown, afterChunks: 1 } }), tools: [ok()] });
    expect(failed(settled) === thrown).toBe(true);
  });

  it('the planner stream is cut: the plan ends unclean and the joiner still answers', async () => {
    const model = planThenAnswer({ text: '1. ok()\n2. ok()\n3. join()', chunkSize: 1, failure: { type: 'cut', afterChunks: 8 } });
    const { run, settled } = await runToEnd({ model, tools: [ok()] });
    expect(finished(settled).answer).toBe('done');
    expect(run.events.find((event) => event.type === 'plan-end')).toMatchObject({ clean: false });
  });

  it.each([
    ['the planner', [{ text: '1. ok()\n', failure: { type: 'hang', afterChunks: 99 } }]],
    ['the joiner', ['1. ok()\n2. join()', { text: 'Thought: ', failure: { type: 'hang', afterChunks: 99 } }]],
  ] as const)('%s model hangs, ignoring its signal, and the run is aborted: the run rejects with the reason', async (_, responses) => {
    const reason = new Error('user cancelled');
    const { settled } = await runToEnd({ model: scriptedModel({ responses }), tools: [ok()] }, async (run) => {
      await vi.advanceTimersByTimeAsync(1_000);
      run.abort(reason);
    });
    expect(failed(settled, 'aborted')).toBe(reason);
  });

  it.each([
    ['the planner', [{ text: '1. ok()\n', failure: { type: 'hang', afterChunks: 99 } }]],
    ['the joiner', ['1. ok()\n2. join()', { text: 'Thought: ', failure: { type: 'hang', afterChunks: 99 } }]],
  ] as const)('%s model hangs, ignoring its signal, past the run timeoutMs: the run ends with a RunTimeoutError', async (_, responses) => {
    const { settled } = await runToEnd({ model: scriptedModel({ responses }), tools: [ok()], timeoutMs: 10_000 });
    const error = failed(settled, 'aborted');
    expect(RunTimeoutError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe('The run did not finish within its timeout of 10000 ms');
  });
});

describe('fault matrix: joiners', () => {
  it('a function joiner hangs, ignoring its signal, and the run is aborted', async () => {
    const reason = new Error('user cancelled');
    const { settled } = await runToEnd({ model: planThenAnswer('1. ok()\n2. join()'), tools: [ok()], joiner: never }, async (run) => {
      await vi.advanceTimersByTimeAsync(1_000);
      run.abort(reason);
    });
    expect(failed(settled, 'aborted')).toBe(reason);
  });

  it('a function joiner hangs past the run timeoutMs', async () => {
    const { settled } = await runToEnd({ model: planThenAnswer('1. ok()\n2. join()'), tools: [ok()], joiner: never, timeoutMs: 2_000 });
    expect(RunTimeoutError.isInstance(failed(settled, 'aborted'))).toBe(true);
  });

  it.each([
    ['throws', () => {
      throw new Error('joiner bug');
    }],
    ['rejects', () => Promise.reject(new Error('joiner bug'))],
  ])('a function joiner %s: the run fails with its error', async (_, joiner) => {
    const { settled } = await runToEnd({ model: planThenAnswer('1. ok()\n2. join()'), tools: [ok()], joiner });
    expect((failed(settled) as Error).message).toBe('joiner bug');
  });

  it('a model joiner answers in prose: its text is the answer, with a join-warning', async () => {
    const { run, settled } = await runToEnd({ model: planThenAnswer('1. ok()\n2. join()', 'It is one.'), tools: [ok()] });
    expect(finished(settled).answer).toBe('It is one.');
    expect(run.events.find((event) => event.type === 'join-warning')).toMatchObject({ round: 1, warning: { code: 'plain-answer' } });
  });

  it('a model joiner answers in prose under joiner.strict: the run fails with a JoinerParseError', async () => {
    const { settled } = await runToEnd({ model: planThenAnswer('1. ok()\n2. join()', 'It is one.'), tools: [ok()], joiner: { strict: true } });
    expect(JoinerParseError.isInstance(failed(settled))).toBe(true);
  });

  it('a model joiner answers nothing: the run fails with a JoinerParseError', async () => {
    const { settled } = await runToEnd({ model: planThenAnswer('1. ok()\n2. join()', '  '), tools: [ok()] });
    expect(JoinerParseError.isInstance(failed(settled))).toBe(true);
  });

  it('a JSON joiner answers JSON nested 100,000 levels deep: a JoinerParseError, never a RangeError', async () => {
    const deep = `{"action": "finish", "answer": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const { settled } = await runToEnd({ model: planThenAnswer('1. ok()\n2. join()', deep), tools: [ok()], joiner: { format: 'json' } });
    expect(JoinerParseError.isInstance(failed(settled))).toBe(true);
  });

  it('a joiner replans past maxReplans: the run fails with a ReplanLimitError', async () => {
    const model = planThenAnswer('1. ok()\n2. join()', 'Action: Replan(more)', '2. ok()\n3. join()', 'Action: Replan(still more)');
    const { settled } = await runToEnd({ model, tools: [ok()], maxReplans: 1 });
    const error = failed(settled);
    expect(ReplanLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ maxReplans: 1 });
  });
});

describe('fault matrix: approval', () => {
  const guarded = () =>
    fakeTool({ name: 'pay', input: z.object({ amount: z.number() }), sideEffects: 'unsafe', needsApproval: true, result: 'paid' });

  it.each([
    ['an Error', () => new Error('approval service down')],
    ['a Proxy whose every trap throws', hostileProxy],
  ])('the approval callback throws %s: the task fails with it, the tool never runs', async (_, make) => {
    const thrown = make();
    const pay = guarded();
    const { settled } = await runToEnd({
      model: planThenAnswer('1. pay(amount=5)\n2. join()'),
      tools: [pay],
      approve: () => {
        throw thrown;
      },
    });
    expect(taskOf(finished(settled), 1, 'error').error === thrown).toBe(true);
    expect(pay.calls).toHaveLength(0);
  });

  it('no approval callback: the task fails with an ApprovalRejectedError', async () => {
    const { settled } = await runToEnd({ model: planThenAnswer('1. pay(amount=5)\n2. join()'), tools: [guarded()] });
    expect(ApprovalRejectedError.isInstance(taskOf(finished(settled), 1, 'error').error)).toBe(true);
  });

  it('the approval callback hangs and the run is aborted: the task settles as aborted, the tool never runs', async () => {
    const pay = guarded();
    const reason = new Error('user cancelled');
    const { run, settled } = await runToEnd({ model: planThenAnswer('1. pay(amount=5)\n2. join()'), tools: [pay], approve: never }, async (active) => {
      await vi.advanceTimersByTimeAsync(1_000);
      active.abort(reason);
    });
    expect(failed(settled, 'aborted')).toBe(reason);
    expect(run.events.find((event) => event.type === 'task-end')?.record.outcome).toBe('aborted');
    expect(pay.calls).toHaveLength(0);
  });
});

describe('fault matrix: listeners', () => {
  it.each([
    ['throws an Error', () => {
      throw new Error('listener bug');
    }],
    ['throws a Proxy whose every trap throws', () => {
      throw hostileProxy();
    }],
    ['rejects', async () => {
      throw new Error('listener bug');
    }],
    ['returns a revoked Proxy', () => revokedProxy()],
  ])('a listener %s: the run goes on and answers', async (_, listener) => {
    const run = createCompiler({ model: planThenAnswer('1. ok()\n2. join()'), tools: [ok()] }).run('q');
    const settled = watch(run);
    run.on('*', listener as () => void);
    run.on('task-end', listener as () => void);
    await vi.runAllTimersAsync();
    expect(finished(settled()).answer).toBe('done');
  });
});

describe('fault matrix: plans', () => {
  it('a task calls an unknown tool: it fails with an UnknownToolError, the others run', async () => {
    const model = planThenAnswer('1. teleport()\n2. ok()\n3. join()');
    const result = finished((await runToEnd({ model, tools: [ok()] })).settled);
    expect(UnknownToolError.isInstance(taskOf(result, 1, 'error').error)).toBe(true);
    taskOf(result, 2, 'ok');
    expect(joinerPrompt(model)).toContain('Error: Task 1 calls unknown tool `teleport`; expected one of: ok');
  });

  it.each([
    ['a later task', '1. ok(x=$2)\n2. ok(x=$1)\n3. join()', 'forward'],
    ['itself', '1. ok(x=$1)\n2. join()', 'self'],
  ])('a task references %s: it fails with an InvalidReferenceError, never runs on garbage', async (_, plan, reason) => {
    const tools = [ok()];
    const result = finished((await runToEnd({ model: planThenAnswer(plan), tools })).settled);
    const { error } = taskOf(result, 1, 'error');
    expect(InvalidReferenceError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason });
    expect(tools[0]!.calls).toHaveLength(0);
  });

  it('a JSON plan whose tasks reference each other in a cycle: neither runs', async () => {
    const plan = JSON.stringify({ tasks: [{ id: 1, tool: 'ok', args: { x: '$2' } }, { id: 2, tool: 'ok', args: { x: '$1' } }, { tool: 'join' }] });
    const tools = [ok()];
    const result = finished((await runToEnd({ model: planThenAnswer(plan), tools, planner: { format: 'json' } })).settled);
    expect(result.tasks.every((record) => record.outcome === 'error' || record.outcome === 'skipped')).toBe(true);
    expect(result.tasks.some((record) => InvalidReferenceError.isInstance(record.error))).toBe(true);
    expect(tools[0]!.calls).toHaveLength(0);
  });

  it('a plan holds more tasks than maxTasksPerPlan: the rest are not run, one TooManyTasksError reports them', async () => {
    const plan = `${Array.from({ length: 6 }, (_, index) => `${index + 1}. ok()`).join('\n')}\n7. join()`;
    const tools = [ok()];
    const model = planThenAnswer(plan);
    const { run, settled } = await runToEnd({ model, tools, maxTasksPerPlan: 2 });
    expect(finished(settled).tasks).toHaveLength(2);
    expect(tools[0]!.calls).toHaveLength(2);
    const errors = run.events.filter((event) => event.type === 'plan-error').map((event) => event.error);
    expect(errors).toHaveLength(1);
    expect(TooManyTasksError.isInstance(errors[0])).toBe(true);
    expect(joinerPrompt(model)).toContain('4 tasks were not run');
  });

  it('every error of a run is a typed error of this library, recognisable across copies', async () => {
    const { settled } = await runToEnd({ model: planThenAnswer('1. teleport()\n2. join()'), tools: [ok()] });
    const [record] = finished(settled).tasks;
    expect(LLMCompilerError.isInstance(record!.error)).toBe(true);
  });
});
